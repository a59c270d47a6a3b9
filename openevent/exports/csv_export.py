"""CSV exports with the Open Event columns, streamed to a temporary file.

Rows are read with yield_per and written one by one, so memory stays flat however many
orders an event has; the file goes to the storage as a stream. Every text cell that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) is
prefixed with an apostrophe (DESIGN.md; OWASP "CSV injection"). Times are shown in the
event's time zone as "YYYY-MM-DD HH:MM:SS".
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select

from openevent.schedule.models import (
    SESSION_STATES,
    Microlocation,
    Session,
    SessionType,
    Speaker,
    Track,
    speakers_sessions,
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_FETCH = 1000

SESSION_COLUMNS = (
    "Session Title", "Session Starts At", "Session Ends At", "Session Speakers", "Speaker Emails", "Session Track",
    "Session Abstract Short", "Session Abstract Long", "Comment", "Created At", "Email Sent", "Level", "Status",
    "Session Type", "Talk Length", "Language", "Room", "Slides", "Audio", "Video", "Average Rating",
    "Number of Ratings",
)
SPEAKER_COLUMNS = (
    "Speaker Name", "Speaker Email", "Speaker Session(s)", "Speaker Mobile", "Speaker Bio", "Speaker Organisation",
    "Speaker Position", "Speaker Experience", "Speaker Sponsorship Required", "Speaker City", "Speaker Country",
    "Speaker Website", "Speaker Twitter", "Speaker Facebook", "Speaker Github", "Speaker LinkedIn",
)
STATUS_CHOICES = ("all", *SESSION_STATES)


_FORMULA_STARTS = frozenset(FORMULA_PREFIXES)


def neutralise(value: Any) -> str:
    """A cell as text; formulas are defused with a leading apostrophe."""
    if value is None:
        return ""
    if type(value) is str:
        return "'" + value if value[:1] in _FORMULA_STARTS else value
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class CsvFile:
    """rows in, a UTF-8 CSV temporary file out (positioned at 0 by finish())."""

    def __init__(self, header: Iterable[str]) -> None:
        self.file = tempfile.TemporaryFile(prefix="openevent-csv-")
        self.text = io.TextIOWrapper(self.file, encoding="utf-8", newline="", write_through=False)
        self.writer = csv.writer(self.text, lineterminator="\r\n")
        self.writer.writerow(list(header))
        self.count = 0

    def row(self, values: Iterable[Any]) -> None:
        self.writer.writerow([neutralise(v) for v in values])
        self.count += 1

    def finish(self) -> BinaryIO:
        self.text.flush()
        self.text.detach()
        self.file.seek(0)
        return self.file

    def discard(self) -> None:
        self.file.close()


def zone_of(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(value: datetime | None, zone: ZoneInfo) -> str:
    if value is None:
        return ""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


async def stream(db, stmt) -> AsyncIterator[Any]:
    """Rows of a statement, fetched ROWS_PER_FETCH at a time (one greenlet switch per batch, not per row)."""
    result = await db.stream(stmt.execution_options(yield_per=ROWS_PER_FETCH))
    async for batch in result.partitions(ROWS_PER_FETCH):
        for row in batch:
            yield row


# -- sessions -------------------------------------------------------------------------------


async def _speakers_by_session(db, event_id: int) -> dict[int, list[tuple[str, str | None]]]:
    stmt = (select(speakers_sessions.c.session_id, Speaker.name, Speaker.email)
            .join(Speaker, Speaker.id == speakers_sessions.c.speaker_id)
            .join(Session, Session.id == speakers_sessions.c.session_id)
            .where(Session.event_id == event_id, Speaker.event_id == event_id, Speaker.deleted_at.is_(None),
                   Session.deleted_at.is_(None))
            .order_by(speakers_sessions.c.session_id, Speaker.order, Speaker.id))
    result: dict[int, list[tuple[str, str | None]]] = {}
    for session_id, name, email in (await db.execute(stmt)).all():
        result.setdefault(session_id, []).append((name, email))
    return result


def _live(model, event_id: int):
    """Join condition for a related row that counts: same event, not soft-deleted."""
    return lambda fk: (model.id == fk) & (model.event_id == event_id) & model.deleted_at.is_(None)


async def write_sessions_csv(db, event, *, out: CsvFile, status: str = "all") -> None:
    zone = zone_of(event.timezone)
    speakers = await _speakers_by_session(db, event.id)
    stmt = (select(Session, Track.name, Microlocation.name, SessionType.name, SessionType.length)
            .outerjoin(Track, _live(Track, event.id)(Session.track_id))
            .outerjoin(Microlocation, _live(Microlocation, event.id)(Session.microlocation_id))
            .outerjoin(SessionType, _live(SessionType, event.id)(Session.session_type_id))
            .where(Session.event_id == event.id, Session.deleted_at.is_(None))
            .order_by(Session.starts_at.is_(None), Session.starts_at, Session.id))  # unscheduled last
    if status != "all":
        stmt = stmt.where(Session.state == status)
    async for session, track, room, type_name, length in stream(db, stmt):
        people = speakers.get(session.id, [])
        out.row([
            session.title, local_time(session.starts_at, zone), local_time(session.ends_at, zone),
            "; ".join(name for name, _ in people), "; ".join(email for _, email in people if email), track,
            session.short_abstract, session.long_abstract, session.comments, local_time(session.created_at, zone),
            bool(session.is_mail_sent), session.level, session.state, type_name, length, session.language, room,
            session.slides_url, session.audio_url, session.video_url, "", 0,
        ])


# -- speakers -------------------------------------------------------------------------------


async def write_speakers_csv(db, event, *, out: CsvFile, status: str = "all") -> None:
    pairs = (select(speakers_sessions.c.speaker_id, Session.title, Session.state)
             .join(Session, Session.id == speakers_sessions.c.session_id)
             .where(Session.event_id == event.id, Session.deleted_at.is_(None))
             .order_by(speakers_sessions.c.speaker_id, Session.starts_at.is_(None), Session.starts_at, Session.id))
    sessions_of: dict[int, list[tuple[str, str]]] = {}
    for speaker_id, title, state in (await db.execute(pairs)).all():
        sessions_of.setdefault(speaker_id, []).append((title, state))
    stmt = (select(Speaker).where(Speaker.event_id == event.id, Speaker.deleted_at.is_(None))
            .order_by(Speaker.order, Speaker.name, Speaker.id))
    async for (speaker,) in stream(db, stmt):
        talks = sessions_of.get(speaker.id, [])
        if status != "all" and not any(state == status for _, state in talks):
            continue
        out.row([
            speaker.name, speaker.email, "; ".join(f"{title} ({state})" for title, state in talks), speaker.mobile,
            speaker.short_biography, speaker.organisation, speaker.position, speaker.speaking_experience,
            speaker.sponsorship_required, speaker.city, speaker.country, speaker.website, speaker.twitter,
            speaker.facebook, speaker.github, speaker.linkedin,
        ])
