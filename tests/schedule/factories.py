"""Rows of the programme for tests: tracks, rooms, session types, sessions, speakers, tickets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track
from openevent.speakers_calls.models import SpeakersCall
from openevent.ticketing.models import Ticket

T0 = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)


async def add(db, *rows):
    db.add_all(rows)
    await db.commit()
    return rows[0] if len(rows) == 1 else rows


def track(event, name: str = "Web", color: str = "#1a2b3c", **fields) -> Track:
    return Track(event_id=event.id, name=name, color=color, **fields)


def room(event, name: str = "Hall A", **fields) -> Microlocation:
    return Microlocation(event_id=event.id, name=name, **fields)


def session_type(event, name: str = "Talk", length: str = "00:30", **fields) -> SessionType:
    return SessionType(event_id=event.id, name=name, length=length, **fields)


def session(event, title: str = "A talk", state: str = "accepted", *, minutes: int = 0, **fields) -> Session:
    starts = T0 + timedelta(minutes=minutes)
    values = {"starts_at": starts, "ends_at": starts + timedelta(minutes=30)}
    values.update(fields)
    return Session(event_id=event.id, title=title, state=state, **values)


def speaker(event, name: str = "Ada", **fields) -> Speaker:
    return Speaker(event_id=event.id, name=name, **fields)


def ticket(event, name: str = "Standard", **fields) -> Ticket:
    values = {"type": "paid", "price": Decimal("10.00"), "sales_starts_at": T0 - timedelta(days=30),
              "sales_ends_at": T0}
    values.update(fields)
    return Ticket(event_id=event.id, name=name, **values)


def speakers_call(event, *, open_now: bool = True, **fields) -> SpeakersCall:
    """A call for speakers running now (or one that ended yesterday)."""
    now = datetime.now(timezone.utc)
    if open_now:
        values = {"starts_at": now - timedelta(days=1), "ends_at": now + timedelta(days=1)}
    else:
        values = {"starts_at": now - timedelta(days=3), "ends_at": now - timedelta(days=1)}
    values.update(fields)
    return SpeakersCall(event_id=event.id, **values)
