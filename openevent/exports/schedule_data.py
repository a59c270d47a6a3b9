"""The public programme of one event: one query shared by every export format.

`load_schedule` is the only function here that touches the database. It returns plain
frozen dataclasses, so the exporters (iCal, xCal, Pentabarf XML, schedule.json) are pure
functions of a `Schedule` and can be tested without a database.

What is public: sessions of this event only (W23), in state accepted or confirmed, not
soft-deleted, with both `starts_at` and `ends_at` set and `ends_at >= starts_at`.
Tracks, rooms and session types that are soft-deleted (or belong to another event) are
treated as missing; the session itself stays in the programme. Rooms marked
`hidden_in_scheduler` are still real places, so their sessions keep them. Speaker e-mail
addresses and phone numbers are never loaded into these objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from openevent.core.db import utcnow
from openevent.events.models import Event
from openevent.schedule.models import (
    PUBLIC_SESSION_STATES,
    Microlocation,
    Session,
    SessionType,
    Speaker,
    Track,
    speakers_sessions,
)

# C0 control characters (except tab and line feed) and lone surrogates are not allowed
# in XML 1.0 nor in iCalendar TEXT; they are removed once here for every format.
_FORBIDDEN_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class ScheduleNotFound(LookupError):
    """The event does not exist or is deleted."""


@dataclass(frozen=True)
class ScheduleEvent:
    id: int
    identifier: str
    name: str
    description: str | None
    zone: ZoneInfo
    starts_at: datetime  # aware, in `zone`
    ends_at: datetime  # aware, in `zone`
    url: str | None  # the organiser's own website (external_event_url)

    @property
    def timezone_name(self) -> str:
        return self.zone.key


@dataclass(frozen=True)
class ScheduleTrack:
    id: int
    name: str
    color: str | None
    position: int


@dataclass(frozen=True)
class ScheduleRoom:
    id: int
    name: str
    position: int


@dataclass(frozen=True)
class ScheduleSpeaker:
    id: int
    name: str
    organisation: str | None
    position: str | None = None  # job title, shown on the public schedule page


@dataclass(frozen=True)
class ScheduleSession:
    id: int
    title: str
    subtitle: str | None
    abstract: str | None  # short abstract
    description: str | None  # long abstract
    language: str | None
    starts_at: datetime  # aware, in the event's zone
    ends_at: datetime  # aware, in the event's zone
    last_modified_at: datetime | None  # aware UTC
    track: ScheduleTrack | None
    room: ScheduleRoom | None
    session_type: str | None
    speakers: tuple[ScheduleSpeaker, ...]
    slides_url: str | None
    video_url: str | None
    audio_url: str | None

    @property
    def duration(self) -> timedelta:
        # Subtracting two datetimes that share one tzinfo object compares wall clocks and
        # is wrong across a DST change; the difference of UTC instants is the real length.
        return self.ends_at.astimezone(timezone.utc) - self.starts_at.astimezone(timezone.utc)

    @property
    def local_date(self) -> date:
        """The calendar day the session belongs to: its start date in the event's zone."""
        return self.starts_at.date()


@dataclass(frozen=True)
class Schedule:
    event: ScheduleEvent
    sessions: tuple[ScheduleSession, ...]  # ordered by start, room position, id
    generated_at: datetime  # aware UTC; used as DTSTAMP and schedule version

    @property
    def rooms(self) -> tuple[ScheduleRoom, ...]:
        """Rooms that hold at least one public session, by position."""
        rooms = {s.room.id: s.room for s in self.sessions if s.room is not None}
        return tuple(sorted(rooms.values(), key=lambda r: (r.position, r.name, r.id)))

    @property
    def tracks(self) -> tuple[ScheduleTrack, ...]:
        """Tracks that hold at least one public session, by position."""
        tracks = {s.track.id: s.track for s in self.sessions if s.track is not None}
        return tuple(sorted(tracks.values(), key=lambda t: (t.position, t.name, t.id)))


async def load_schedule(db, event_id: int) -> Schedule:
    """Load the public programme of one event (three SQL statements whatever its size).

    Plain column rows (no ORM objects, no identity map): for 2,000 sessions this is about
    twice as fast as loading entities, and nothing here is ever written back."""
    event = await _load_event(db, event_id)
    zone = event_zone(event.timezone)
    speakers: dict[int, list] = {}
    for row in (await db.execute(_public_speakers_query(event_id))).all():
        speakers.setdefault(row.session_id, []).append(row)
    result = await db.execute(_public_sessions_query(event_id))
    sessions = [_to_session(row, speakers.get(row.id, ()), zone) for row in result.all()]
    sessions.sort(key=_programme_order)
    generated_at = utcnow().replace(microsecond=0)
    return Schedule(event=_to_event(event, zone), sessions=tuple(sessions), generated_at=generated_at)


async def _load_event(db, event_id: int) -> Event:
    query = select(Event).where(Event.id == event_id, Event.deleted_at.is_(None))
    event = (await db.execute(query)).scalar_one_or_none()
    if event is None:
        raise ScheduleNotFound(f"event {event_id} does not exist")
    return event


def _public(event_id: int):
    return (
        Session.event_id == event_id,
        Session.deleted_at.is_(None),
        Session.state.in_(PUBLIC_SESSION_STATES),
        Session.starts_at.is_not(None),
        Session.ends_at.is_not(None),
        Session.ends_at >= Session.starts_at,
    )


def _public_sessions_query(event_id: int):
    """One row per public session with its live track, room and session type of this event (else NULLs)."""
    return (
        select(
            Session.id, Session.title, Session.subtitle, Session.short_abstract, Session.long_abstract,
            Session.language, Session.starts_at, Session.ends_at, Session.last_modified_at, Session.slides_url,
            Session.video_url, Session.audio_url,
            Track.id.label("track_id"), Track.name.label("track_name"), Track.color.label("track_color"),
            Track.position.label("track_position"),
            Microlocation.id.label("room_id"), Microlocation.name.label("room_name"),
            Microlocation.position.label("room_position"),
            SessionType.name.label("type_name"),
        )
        .outerjoin(Track, (Track.id == Session.track_id) & Track.deleted_at.is_(None) & (Track.event_id == event_id))
        .outerjoin(Microlocation, (Microlocation.id == Session.microlocation_id)
                   & Microlocation.deleted_at.is_(None) & (Microlocation.event_id == event_id))
        .outerjoin(SessionType, (SessionType.id == Session.session_type_id)
                   & SessionType.deleted_at.is_(None) & (SessionType.event_id == event_id))
        .where(*_public(event_id))
    )


def _public_speakers_query(event_id: int):
    """(session id, live speaker of this event) pairs of the public sessions."""
    return (
        select(speakers_sessions.c.session_id, Speaker.id, Speaker.name, Speaker.organisation, Speaker.position,
               Speaker.order)
        .join(Session, Session.id == speakers_sessions.c.session_id)
        .join(Speaker, Speaker.id == speakers_sessions.c.speaker_id)
        .where(*_public(event_id), Speaker.deleted_at.is_(None), Speaker.event_id == event_id)
    )


def event_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def _programme_order(session: ScheduleSession):
    room_position = (session.room.position, session.room.id) if session.room else (1 << 31, 0)
    return (session.starts_at, room_position, session.id)


def _to_event(event: Event, zone: ZoneInfo) -> ScheduleEvent:
    return ScheduleEvent(
        id=event.id,
        identifier=event.identifier,
        name=clean(event.name) or "",
        description=clean(event.description),
        zone=zone,
        starts_at=event.starts_at.astimezone(zone),
        ends_at=event.ends_at.astimezone(zone),
        url=event.external_event_url,
    )


def _to_session(row, speaker_rows, zone: ZoneInfo) -> ScheduleSession:
    speakers = sorted(speaker_rows, key=lambda s: (s.order or 0, s.name, s.id))
    track = None
    if row.track_id is not None:
        track = ScheduleTrack(id=row.track_id, name=clean(row.track_name) or "", color=row.track_color,
                              position=row.track_position or 0)
    room = None
    if row.room_id is not None:
        room = ScheduleRoom(id=row.room_id, name=clean(row.room_name) or "", position=row.room_position or 0)
    return ScheduleSession(
        id=row.id,
        title=clean(row.title) or "",
        subtitle=clean(row.subtitle),
        abstract=clean(row.short_abstract),
        description=clean(row.long_abstract),
        language=clean(row.language),
        starts_at=row.starts_at.astimezone(zone),
        ends_at=row.ends_at.astimezone(zone),
        last_modified_at=row.last_modified_at,
        track=track,
        room=room,
        session_type=clean(row.type_name),
        speakers=tuple(ScheduleSpeaker(id=s.id, name=clean(s.name) or "", organisation=clean(s.organisation),
                                       position=clean(s.position))
                       for s in speakers),
        slides_url=public_url(row.slides_url),
        video_url=public_url(row.video_url),
        audio_url=public_url(row.audio_url),
    )


def clean(text: str | None) -> str | None:
    """Text safe for every format: no control characters, \\n line ends, None when blank."""
    if text is None:
        return None
    text = _FORBIDDEN_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    return text or None


def public_url(url: str | None) -> str | None:
    """Only absolute http(s) URLs leave the server; anything else (javascript:, paths) is dropped."""
    if url is None:
        return None
    url = url.strip()
    if re.fullmatch(r"https?://[^\s<>\"]+", url, flags=re.IGNORECASE):
        return url
    return None


def check_base_url(base_url: str | None) -> None:
    """Links in exports are built from the site's public root, which must be absolute http(s)."""
    if not base_url or not re.match(r"https?://[^\s/?#]+", base_url, flags=re.IGNORECASE):
        raise ValueError(f"base_url must be an absolute http(s) URL, not {base_url!r}")


def event_page_url(base_url: str, identifier: str) -> str:
    return f"{base_url.rstrip('/')}/e/{identifier}"


def session_page_url(base_url: str, identifier: str, session_id: int) -> str:
    return f"{event_page_url(base_url, identifier)}/session/{session_id}"
