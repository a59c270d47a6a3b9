"""Rows for the programme (tracks, rooms, session types, speakers, sessions) for export tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from openevent.core.db import utcnow
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track


def local(zone: str, *parts: int) -> datetime:
    """An aware datetime given as wall-clock time in `zone` (fold=0)."""
    return datetime(*parts, tzinfo=ZoneInfo(zone))


async def _add(db, row):
    db.add(row)
    await db.flush()
    return row


async def make_track(db, event, name: str = "Track", *, color: str = "#336699", deleted: bool = False, **fields):
    return await _add(db, Track(event_id=event.id, name=name, color=color,
                                deleted_at=utcnow() if deleted else None, **fields))


async def make_room(db, event, name: str = "Room", *, position: int = 0, deleted: bool = False, **fields):
    return await _add(db, Microlocation(event_id=event.id, name=name, position=position,
                                        deleted_at=utcnow() if deleted else None, **fields))


async def make_session_type(db, event, name: str = "Talk", *, length: str = "00:30", **fields):
    return await _add(db, SessionType(event_id=event.id, name=name, length=length, **fields))


async def make_speaker(db, event, name: str = "Speaker", *, deleted: bool = False, **fields):
    return await _add(db, Speaker(event_id=event.id, name=name, deleted_at=utcnow() if deleted else None, **fields))


async def make_session(db, event, title: str = "Session", *, starts_at: datetime | None, minutes: int = 60,
                       state: str = "accepted", speakers=(), deleted: bool = False, **fields) -> Session:
    # Real elapsed minutes (UTC arithmetic), also across a DST change.
    ends_at = starts_at.astimezone(timezone.utc) + timedelta(minutes=minutes) if starts_at is not None else None
    session = Session(event_id=event.id, title=title, starts_at=starts_at, ends_at=ends_at, state=state,
                      deleted_at=utcnow() if deleted else None, **fields)
    session.speakers = list(speakers)
    return await _add(db, session)
