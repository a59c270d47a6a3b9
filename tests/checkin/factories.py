"""Rows for check-in tests: an event happening now, tickets, orders, attendees, stations, devices.

Orders and attendees are created directly with the orders models (not through the orders API).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from openevent.checkin.models import Station
from openevent.core.db import utcnow
from openevent.orders.models import Attendee, Order
from openevent.ticketing.models import Ticket

from ..factories import make_event


def now() -> datetime:
    return utcnow().replace(microsecond=0)


async def event_now(db, *, owner=None, **fields):
    """A published event that started an hour ago and ends in two days."""
    start = now() - timedelta(hours=1)
    values = {"starts_at": start, "ends_at": start + timedelta(days=2), "timezone": "UTC"}
    values.update(fields)
    return await make_event(db, owner=owner, **values)


async def ticket(db, event, name: str = "Standard") -> Ticket:
    t = Ticket(event_id=event.id, name=name, type="free", sales_starts_at=event.starts_at - timedelta(days=30),
               sales_ends_at=event.ends_at)
    db.add(t)
    await db.commit()
    return t


async def attendees(db, event, count: int = 1, *, status: str = "completed", ticket_=None, names=None,
                    **fields) -> list[Attendee]:
    """`count` attendees in one order with `status`."""
    ticket_ = ticket_ or await ticket(db, event)
    order = Order(event_id=event.id, status=status)
    db.add(order)
    await db.flush()
    rows = []
    for i in range(count):
        first, last = names[i] if names else (f"First{i}", f"Last{i}")
        rows.append(Attendee(event_id=event.id, order_id=order.id, ticket_id=ticket_.id, firstname=first,
                             lastname=last, email=f"{first.lower()}.{last.lower()}@example.com", **fields))
    db.add_all(rows)
    await db.commit()
    return rows


async def attendee(db, event, **kwargs) -> Attendee:
    return (await attendees(db, event, 1, **kwargs))[0]


async def station(db, event, station_type: str = "check in", name: str = "Door", **fields) -> Station:
    s = Station(event_id=event.id, station_name=name, station_type=station_type, **fields)
    db.add(s)
    await db.commit()
    return s


def iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
