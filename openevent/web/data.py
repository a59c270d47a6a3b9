"""Interim loader of the public programme (until openevent.exports.schedule_data lands).

One query: accepted/confirmed, non-deleted, scheduled sessions of one event with their
track, room and speakers (speakers' emails are never selected).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.schedule.models import (
    PUBLIC_SESSION_STATES,
    Microlocation,
    Session,
    Speaker,
    Track,
    speakers_sessions,
)


@dataclass(frozen=True)
class TrackData:
    id: int
    name: str
    color: str | None
    position: int | None


@dataclass(frozen=True)
class RoomData:
    id: int
    name: str
    position: int | None


@dataclass(frozen=True)
class SpeakerData:
    id: int
    name: str
    position: str | None
    organisation: str | None


@dataclass(frozen=True)
class SessionData:
    id: int
    title: str
    abstract: str | None
    description: str | None
    language: str | None
    starts_at: datetime
    ends_at: datetime
    track: TrackData | None
    room: RoomData | None
    speakers: tuple[SpeakerData, ...]


async def load_sessions(db: AsyncSession, event_id: int) -> list[SessionData]:
    stmt = (
        select(
            Session.id, Session.title, Session.short_abstract, Session.long_abstract, Session.language,
            Session.starts_at, Session.ends_at,
            Track.id.label("track_id"), Track.name.label("track_name"), Track.color, Track.position.label("track_pos"),
            Microlocation.id.label("room_id"), Microlocation.name.label("room_name"),
            Microlocation.position.label("room_pos"),
            Speaker.id.label("speaker_id"), Speaker.name.label("speaker_name"), Speaker.position.label("speaker_pos"),
            Speaker.organisation,
        )
        .outerjoin(Track, and_(Track.id == Session.track_id, Track.deleted_at.is_(None)))
        .outerjoin(Microlocation, and_(Microlocation.id == Session.microlocation_id, Microlocation.deleted_at.is_(None)))
        .outerjoin(speakers_sessions, speakers_sessions.c.session_id == Session.id)
        .outerjoin(Speaker, and_(Speaker.id == speakers_sessions.c.speaker_id, Speaker.deleted_at.is_(None)))
        .where(
            Session.event_id == event_id,
            Session.deleted_at.is_(None),
            Session.state.in_(PUBLIC_SESSION_STATES),
            Session.starts_at.is_not(None),
            Session.ends_at.is_not(None),
        )
        .order_by(Session.starts_at, Session.id, Speaker.id)
    )
    sessions: dict[int, dict] = {}
    for row in await db.execute(stmt):
        entry = sessions.get(row.id)
        if entry is None:
            entry = sessions[row.id] = {
                "id": row.id, "title": row.title, "abstract": row.short_abstract,
                "description": row.long_abstract, "language": row.language,
                "starts_at": row.starts_at, "ends_at": row.ends_at,
                "track": TrackData(row.track_id, row.track_name, row.color, row.track_pos) if row.track_id else None,
                "room": RoomData(row.room_id, row.room_name, row.room_pos) if row.room_id else None,
                "speakers": [],
            }
        if row.speaker_id is not None:
            entry["speakers"].append(SpeakerData(row.speaker_id, row.speaker_name, row.speaker_pos, row.organisation))
    return [SessionData(**{**entry, "speakers": tuple(entry["speakers"])}) for entry in sessions.values()]
