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
from sqlalchemy.orm import joinedload, selectinload

from openevent.core.db import utcnow
from openevent.events.models import Event
from openevent.schedule.models import (
    PUBLIC_SESSION_STATES,
    Microlocation,
    Session,
    SessionType,
    Speaker,
    Track,
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
    """Load the public programme of one event (three SQL statements whatever its size)."""
    event = await _load_event(db, event_id)
    zone = event_zone(event.timezone)
    result = await db.execute(_public_sessions_query(event_id))
    sessions = [_to_session(row, zone) for row in result.scalars().unique().all()]
    sessions.sort(key=_programme_order)
    generated_at = utcnow().replace(microsecond=0)
    return Schedule(event=_to_event(event, zone), sessions=tuple(sessions), generated_at=generated_at)


async def _load_event(db, event_id: int) -> Event:
    query = select(Event).where(Event.id == event_id, Event.deleted_at.is_(None))
    event = (await db.execute(query)).scalar_one_or_none()
    if event is None:
        raise ScheduleNotFound(f"event {event_id} does not exist")
    return event


def _public_sessions_query(event_id: int):
    return (
        select(Session)
        .where(
            Session.event_id == event_id,
            Session.deleted_at.is_(None),
            Session.state.in_(PUBLIC_SESSION_STATES),
            Session.starts_at.is_not(None),
            Session.ends_at.is_not(None),
            Session.ends_at >= Session.starts_at,
        )
        .options(
            joinedload(Session.track.and_(Track.deleted_at.is_(None), Track.event_id == event_id)),
            joinedload(Session.microlocation.and_(
                Microlocation.deleted_at.is_(None), Microlocation.event_id == event_id)),
            joinedload(Session.session_type.and_(
                SessionType.deleted_at.is_(None), SessionType.event_id == event_id)),
            selectinload(Session.speakers.and_(Speaker.deleted_at.is_(None), Speaker.event_id == event_id)),
        )
        # Objects already in the session's identity map must not keep stale relationships.
        .execution_options(populate_existing=True)
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


def _to_session(session: Session, zone: ZoneInfo) -> ScheduleSession:
    speakers = sorted(session.speakers, key=lambda s: (s.order or 0, s.name, s.id))
    return ScheduleSession(
        id=session.id,
        title=clean(session.title) or "",
        subtitle=clean(session.subtitle),
        abstract=clean(session.short_abstract),
        description=clean(session.long_abstract),
        language=clean(session.language),
        starts_at=session.starts_at.astimezone(zone),
        ends_at=session.ends_at.astimezone(zone),
        last_modified_at=session.last_modified_at,
        track=_to_track(session.track),
        room=_to_room(session.microlocation),
        session_type=clean(session.session_type.name) if session.session_type else None,
        speakers=tuple(ScheduleSpeaker(id=s.id, name=clean(s.name) or "", organisation=clean(s.organisation),
                                       position=clean(s.position))
                       for s in speakers),
        slides_url=public_url(session.slides_url),
        video_url=public_url(session.video_url),
        audio_url=public_url(session.audio_url),
    )


def _to_track(track: Track | None) -> ScheduleTrack | None:
    if track is None:
        return None
    return ScheduleTrack(id=track.id, name=clean(track.name) or "", color=track.color, position=track.position or 0)


def _to_room(room: Microlocation | None) -> ScheduleRoom | None:
    if room is None:
        return None
    return ScheduleRoom(id=room.id, name=clean(room.name) or "", position=room.position or 0)


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
