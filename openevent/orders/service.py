"""Business rules of orders (checkout, status machine, expiry)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.events.models import Event
from openevent.events.service import register_hard_delete_blocker

from .models import Order


@register_hard_delete_blocker
async def _event_has_orders(db: AsyncSession, event: Event) -> str | None:
    found = await db.scalar(select(Order.id).where(Order.event_id == event.id).limit(1))
    if found is not None:
        return "The event has orders; it cannot be deleted permanently."
    return None
