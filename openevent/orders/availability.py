"""The one definition of "sold or reserved" stock, used by availability, checkout and code quotas.

A unit of a ticket is taken when it is a line of an order that is `placed` or `completed`, or
`initializing`/`pending` and not yet past its `expires_at` (an order without `expires_at` holds
until it is moved on). Cancelled and expired orders hold nothing, so cancelling frees stock at once
and an order past its expiry frees stock even before the reaper marks it `expired`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow

from .models import Order, OrderTicket, access_codes_tickets


def order_holds_stock(now: datetime | None = None):
    """SQL condition on `Order`: the order's lines count against stock and code quotas."""
    now = now or utcnow()
    return or_(
        Order.status.in_(("placed", "completed")),
        and_(Order.status.in_(("initializing", "pending")),
             or_(Order.expires_at.is_(None), Order.expires_at > now)),
    )


async def sold_and_reserved(db: AsyncSession, ticket_ids: Iterable[int],
                            now: datetime | None = None) -> dict[int, int]:
    """Units taken per ticket id (every asked id is in the answer, 0 when none)."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return {}
    rows = await db.execute(
        select(OrderTicket.ticket_id, func.coalesce(func.sum(OrderTicket.quantity), 0))
        .join(Order, Order.id == OrderTicket.order_id)
        .where(OrderTicket.ticket_id.in_(ids), order_holds_stock(now))
        .group_by(OrderTicket.ticket_id)
    )
    taken = {ticket_id: 0 for ticket_id in ids}
    for ticket_id, count in rows:
        taken[ticket_id] = int(count)
    return taken


async def discount_code_used(db: AsyncSession, code_id: int, now: datetime | None = None) -> int:
    """Ticket units discounted with the code in orders that hold stock."""
    value = await db.scalar(
        select(func.coalesce(func.sum(OrderTicket.discounted_quantity), 0))
        .join(Order, Order.id == OrderTicket.order_id)
        .where(Order.discount_code_id == code_id, order_holds_stock(now))
    )
    return int(value or 0)


async def access_code_used(db: AsyncSession, code_id: int, now: datetime | None = None) -> int:
    """Units of the code's tickets bought with the code in orders that hold stock."""
    value = await db.scalar(
        select(func.coalesce(func.sum(OrderTicket.quantity), 0))
        .join(Order, Order.id == OrderTicket.order_id)
        .join(access_codes_tickets, and_(access_codes_tickets.c.ticket_id == OrderTicket.ticket_id,
                                         access_codes_tickets.c.access_code_id == code_id))
        .where(Order.access_code_id == code_id, order_holds_stock(now))
    )
    return int(value or 0)

