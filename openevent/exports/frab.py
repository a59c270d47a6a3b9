"""The frab/Pentabarf schedule model shared by schedule.xml and schedule.json.

Both files carry the same content: conference -> days -> rooms -> events. This module
builds that tree once, with every value already in its wire form (local times, HH:MM,
UUIDs, slugs), so the two serialisers only differ in syntax.

Conventions (checked against the c3voc schedule XSD and JSON schema):
- days are local calendar days in the event's time zone (W23): every day of the event
  plus any day a session starts on; a session belongs to the day it starts on;
- day start/end are the first session start and last session end of that day, or local
  midnight to midnight for a day without sessions;
- rooms per day are those with sessions that day, by room position; sessions without a
  room go to a room named NO_ROOM, last; rooms with the same name are one room;
- event id is the session id; guid, room guid and person guid are UUID5 values derived
  from the event identifier, so they are stable across exports and servers;
- missing track / type fall back to DEFAULT_TRACK / DEFAULT_TYPE (both formats need one).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from openevent.exports.schedule_data import (
    Schedule,
    ScheduleRoom,
    ScheduleSession,
    check_base_url,
    event_page_url,
    session_page_url,
)

DEFAULT_TRACK = "General"
DEFAULT_TYPE = "Talk"
NO_ROOM = "TBA"
TIMESLOT_DURATION = "00:05"
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_DNS, "openevent.invalid")

_HEX_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
_NO_ROOM_POSITION = (1 << 31, 1 << 31)


@dataclass(frozen=True)
class FrabEvent:
    session: ScheduleSession
    guid: str
    slug: str
    url: str
    room: str
    track: str
    type: str
    date: str  # ISO 8601 with offset, local time
    end: str  # ISO 8601 with offset, local time
    start: str  # HH:MM local
    duration: str  # HH:MM


@dataclass(frozen=True)
class FrabRoom:
    name: str
    guid: str
    events: tuple[FrabEvent, ...]


@dataclass(frozen=True)
class FrabDay:
    index: int
    date: str  # YYYY-MM-DD
    start: str  # ISO 8601 with offset
    end: str  # ISO 8601 with offset
    rooms: tuple[FrabRoom, ...]


@dataclass(frozen=True)
class FrabTrack:
    name: str
    color: str | None
    slug: str | None


@dataclass(frozen=True)
class FrabConference:
    title: str
    acronym: str
    start: str  # YYYY-MM-DD
    end: str  # YYYY-MM-DD
    time_zone_name: str
    base_url: str
    url: str
    version: str
    tracks: tuple[FrabTrack, ...]
    rooms: tuple[FrabRoom, ...]  # every room of the programme, without events
    days: tuple[FrabDay, ...]


def build_conference(schedule: Schedule, *, base_url: str) -> FrabConference:
    check_base_url(base_url)
    event = schedule.event
    identifier = event.identifier
    events = [_frab_event(schedule, session, base_url) for session in schedule.sessions]
    days = _days(schedule, events)
    return FrabConference(
        title=event.name,
        acronym=acronym(identifier),
        start=days[0].date,
        end=days[-1].date,
        time_zone_name=event.timezone_name,
        base_url=base_url.rstrip("/") + "/",
        url=event_page_url(base_url, identifier),
        version=schedule_version(schedule),
        tracks=_tracks(schedule),
        rooms=tuple(FrabRoom(name=name, guid=guid, events=()) for name, (_, guid) in _room_index(schedule).items()),
        days=days,
    )


def acronym(identifier: str) -> str:
    """[a-z0-9_]{4,}: valid for the XSD ([a-z0-9_-]{4,}) and the JSON schema (no inner '-')."""
    text = re.sub(r"[^a-z0-9_]", "_", identifier.lower())
    return text if len(text) >= 4 else f"event_{text}"


def session_guid(identifier: str, session_id: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{identifier}/session/{session_id}"))


def room_guid(identifier: str, room_id: int | None) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{identifier}/room/{room_id if room_id is not None else 'none'}"))


def person_guid(identifier: str, speaker_id: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"{identifier}/speaker/{speaker_id}"))


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def session_slug(identifier: str, session: ScheduleSession) -> str:
    """<acronym>-<id>-<title>: matches the XSD voc-slug-new and the JSON slug pattern."""
    title = slugify(session.title) or "session"
    if len(title) < 4:
        title = f"session-{title}"
    return f"{acronym(identifier)}-{session.id}-{title}"


def hh_mm(length: timedelta) -> str:
    minutes = max(0, int(length.total_seconds()) // 60)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def track_name(session: ScheduleSession) -> str:
    return session.track.name if session.track and session.track.name else DEFAULT_TRACK


def room_name(room: ScheduleRoom | None) -> str:
    return room.name if room is not None and room.name else NO_ROOM


def _frab_event(schedule: Schedule, session: ScheduleSession, base_url: str) -> FrabEvent:
    identifier = schedule.event.identifier
    return FrabEvent(
        session=session,
        guid=session_guid(identifier, session.id),
        slug=session_slug(identifier, session),
        url=session_page_url(base_url, identifier, session.id),
        room=room_name(session.room),
        track=track_name(session),
        type=session.session_type or DEFAULT_TYPE,
        date=iso(session.starts_at),
        end=iso(session.ends_at),
        start=session.starts_at.strftime("%H:%M"),
        duration=hh_mm(session.duration),
    )


def _day_dates(schedule: Schedule) -> list[date]:
    event = schedule.event
    last = max(event.starts_at, event.ends_at - timedelta(microseconds=1)).date()
    dates = {event.starts_at.date() + timedelta(days=n) for n in range((last - event.starts_at.date()).days + 1)}
    dates |= {session.local_date for session in schedule.sessions}
    return sorted(dates)


def _days(schedule: Schedule, events: list[FrabEvent]) -> tuple[FrabDay, ...]:
    rooms = _room_index(schedule)
    days = []
    for index, day in enumerate(_day_dates(schedule), start=1):
        todays = [e for e in events if e.session.local_date == day]
        days.append(FrabDay(index=index, date=day.isoformat(), start=iso(_day_start(schedule, day, todays)),
                            end=iso(_day_end(schedule, day, todays)), rooms=_rooms(todays, rooms)))
    return tuple(days)


def _day_start(schedule: Schedule, day: date, events: list[FrabEvent]) -> datetime:
    if events:
        return min(e.session.starts_at for e in events)
    return datetime.combine(day, time(0), tzinfo=schedule.event.zone)


def _day_end(schedule: Schedule, day: date, events: list[FrabEvent]) -> datetime:
    if events:
        return max(e.session.ends_at for e in events)
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=schedule.event.zone)


def _room_index(schedule: Schedule) -> dict[str, tuple[tuple, str]]:
    """Room name -> (sort key, guid), in programme order; rooms sharing a name are one room."""
    identifier = schedule.event.identifier
    rooms: dict[str, tuple[tuple, str]] = {}
    for room in schedule.rooms:  # sorted by position, so the first of a name wins
        rooms.setdefault(room_name(room), ((room.position, room.id), room_guid(identifier, room.id)))
    if any(session.room is None for session in schedule.sessions):
        rooms.setdefault(NO_ROOM, (_NO_ROOM_POSITION, room_guid(identifier, None)))
    return dict(sorted(rooms.items(), key=lambda item: item[1][0]))


def _rooms(events: list[FrabEvent], rooms: dict[str, tuple[tuple, str]]) -> tuple[FrabRoom, ...]:
    names = sorted({e.room for e in events}, key=lambda name: rooms[name][0])
    return tuple(FrabRoom(name=name, guid=rooms[name][1], events=_in_order(e for e in events if e.room == name))
                 for name in names)


def _in_order(events) -> tuple[FrabEvent, ...]:
    return tuple(sorted(events, key=lambda e: (e.session.starts_at, e.session.id)))


def _tracks(schedule: Schedule) -> tuple[FrabTrack, ...]:
    tracks: dict[str, FrabTrack] = {}
    for track in schedule.tracks:
        color = track.color if track.color and _HEX_COLOR.fullmatch(track.color) else None
        tracks.setdefault(track.name or DEFAULT_TRACK, FrabTrack(name=track.name or DEFAULT_TRACK, color=color,
                                                                 slug=_track_slug(track.name)))
    if any(session.track is None for session in schedule.sessions):
        tracks.setdefault(DEFAULT_TRACK, FrabTrack(name=DEFAULT_TRACK, color=None, slug=_track_slug(DEFAULT_TRACK)))
    return tuple(tracks.values())


def _track_slug(name: str) -> str | None:
    """[a-z][a-z0-9-]+ (XSD) and ^[a-z0-9_-]+[a-z0-9]$ (JSON), or None."""
    slug = slugify(name or "")
    return slug if re.fullmatch(r"[a-z][a-z0-9-]*[a-z0-9]", slug) else None


def schedule_version(schedule: Schedule) -> str:
    """The instant the programme last changed, so the version (and a feed's ETag) moves only
    when sessions do; an empty programme has the event's start as a stable version."""
    changes = [s.last_modified_at for s in schedule.sessions if s.last_modified_at is not None]
    moment = max(changes) if changes else schedule.event.starts_at
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
