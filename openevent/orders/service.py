"""Business rules of orders after checkout: the server-owned status machine, buyer edits,
attendee edits, expiry.

Status machine (who may move an order from -> to; everything else is refused with 422):
- buyer:   initializing -> pending (starts paying: the hold is extended by 30 minutes)
           initializing|pending -> cancelled
           initializing|pending -> completed, only for an order whose amount is 0 (nothing to pay)
- registrar/organiser (owner, organizer, coorganizer, registrar) and admins:
           initializing|pending -> pending|placed|completed|cancelled
           placed -> completed|cancelled
           completed -> cancelled, only for an order whose amount is 0 (paid orders are refunded
           through the payment provider, not here)
- cancelled and expired are final. Status `expired` is set only by the server (expiry job).
An open order (initializing/pending) past its `expires_at` holds no stock any more: it can no longer
be changed (409) and the expiry job marks it `expired`. Moving an open order to a status that holds
stock without expiring (placed/completed) or extending its hold takes the checkout lock of its
tickets first, so it cannot race a checkout that already counted its units as free.

Buyers may change billing members (is-billing-enabled, company, address, city, state, country,
zipcode, tax-business-info), order-notes, payment-mode and cancel-note, and only while the order is
open. Amounts, identifiers, payment evidence and codes are never client-writable.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.core.db import utcnow
from openevent.core.signals import emit_after_commit
from openevent.events.models import Event
from openevent.events.service import register_hard_delete_blocker
from openevent.jsonapi.errors import JsonApiError, forbidden, invalid_attribute
from openevent.jsonapi.input import ResourceInput

from .checkout import LockTimeout, _is_lock_error, lock_stock, order_expiry_minutes
from .hooks import hooks_for
from .models import PAYMENT_MODES, Attendee, Order, OrderTicket
from .schemas import ATTENDEE, CHECKIN_KEYS, REGISTRAR_ROLES

OPEN = ("initializing", "pending")
FINAL = ("cancelled", "expired")
PENDING_GRACE_MINUTES = 30
BUYER_MEMBERS = {"is_billing_enabled", "company", "address", "city", "state", "country", "zipcode",
                 "tax_business_info", "order_notes", "payment_mode", "cancel_note", "status"}
BILLING_REQUIRED = ("company", "address", "city", "country", "zipcode")

BUYER_MOVES = {("initializing", "pending"), ("initializing", "cancelled"), ("pending", "cancelled")}
BUYER_FREE_MOVES = {("initializing", "completed"), ("pending", "completed")}
MANAGER_MOVES = {
    ("initializing", "pending"), ("initializing", "placed"), ("initializing", "completed"),
    ("initializing", "cancelled"), ("pending", "placed"), ("pending", "completed"), ("pending", "cancelled"),
    ("placed", "completed"), ("placed", "cancelled"),
}
MANAGER_FREE_MOVES = {("completed", "cancelled")}


@register_hard_delete_blocker
async def _event_has_orders(db: AsyncSession, event: Event) -> str | None:
    found = await db.scalar(select(Order.id).where(Order.event_id == event.id).limit(1))
    if found is not None:
        return "The event has orders; it cannot be deleted permanently."
    return None


def is_manager(ctx: RequestContext, event_id: int) -> bool:
    return ctx.actor.is_staff or ctx.actor.has_event_role(event_id, REGISTRAR_ROLES)


def lapsed(order: Order, now: datetime) -> bool:
    """An open order whose hold has run out (it holds no stock any more)."""
    return order.status in OPEN and order.expires_at is not None and order.expires_at <= now


def allowed_moves(manager: bool, free: bool) -> set[tuple[str, str]]:
    moves = set(MANAGER_MOVES if manager else BUYER_MOVES)
    if free:
        moves |= MANAGER_FREE_MOVES if manager else BUYER_FREE_MOVES
    if manager:
        moves |= BUYER_MOVES | (BUYER_FREE_MOVES if free else set())
    return moves


async def _relock(db: AsyncSession, order: Order) -> None:
    """Take the checkout lock of the order's tickets (before extending or fixing its hold)."""
    ticket_ids = list(await db.scalars(select(OrderTicket.ticket_id).where(OrderTicket.order_id == order.id)))
    try:
        await lock_stock(db, ticket_ids)
    except DBAPIError as exc:
        if _is_lock_error(exc):
            raise LockTimeout() from None
        raise
    await db.refresh(order)


class OrderWriter:
    """PATCH /v1/orders/{identifier}. Orders are created by POST /v1/orders/create-order only."""

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        raise JsonApiError(405, "Orders are created with POST /v1/orders/create-order.", title="Method not allowed")

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        raise JsonApiError(405, "Orders are not deleted; cancel them with status 'cancelled'.",
                           title="Method not allowed")

    async def update(self, db: AsyncSession, ctx: RequestContext, order: Order, data: ResourceInput) -> Order:
        manager = is_manager(ctx, order.event_id)
        buyer = ctx.actor.authenticated and order.user_id == ctx.actor.user_id
        if not (manager or buyer):
            raise forbidden("You may not change this order.")
        attrs = dict(data.attributes)
        if not manager:
            for key in attrs:
                if key not in BUYER_MEMBERS:
                    raise forbidden(f"Only the event's organisers may change '{key.replace('_', '-')}'.",
                                    pointer=f"/data/attributes/{key.replace('_', '-')}")
        now = utcnow()
        wanted = attrs.pop("status", order.status)
        changes_fields = any(getattr(order, key) != value for key, value in attrs.items())
        if wanted == order.status and not changes_fields:
            return order  # an echo of the stored order
        if lapsed(order, now) or order.status == "expired":
            raise JsonApiError(409, f"Order {order.identifier} expired at {order.expires_at.isoformat()}; "
                                    "its tickets were released. Place a new order.", title="Order expired",
                               pointer="/data/attributes/status", code="order_expired")
        if not manager and order.status not in OPEN:
            raise JsonApiError(409, f"Order {order.identifier} is {order.status}; only the organisers can "
                                    "change it now.", title="Order closed", pointer="/data/attributes/status")
        if order.status == "cancelled" and changes_fields and not manager:
            raise JsonApiError(409, "A cancelled order cannot be changed.", pointer="/data/attributes/status")
        if "payment_mode" in attrs and attrs["payment_mode"] is not None and attrs["payment_mode"] not in PAYMENT_MODES:
            raise invalid_attribute("payment-mode", f"'payment-mode' must be one of {', '.join(PAYMENT_MODES)}.")
        for key, value in attrs.items():
            setattr(order, key, value)
        if wanted != order.status:
            await self._move(db, ctx, order, wanted, manager=manager, now=now)
        await db.flush()
        return order

    async def _move(self, db: AsyncSession, ctx: RequestContext, order: Order, wanted: Any, *, manager: bool,
                    now: datetime) -> None:
        if not isinstance(wanted, str) or wanted not in ("initializing", "pending", "placed", "completed",
                                                         "cancelled", "expired"):
            raise invalid_attribute("status", "'status' must be one of initializing, pending, placed, completed, "
                                              "cancelled (expired is set by the server).")
        free = order.amount == 0
        if (order.status, wanted) not in allowed_moves(manager, free):
            who = "the organisers" if manager else "the buyer"
            hint = ""
            if not manager and wanted in ("placed", "completed"):
                hint = " Orders with an amount to pay are completed by the payment or the organisers."
            raise invalid_attribute("status", f"{who.capitalize()} may not move an order from "
                                              f"'{order.status}' to '{wanted}'.{hint}")
        event = await db.get(Event, order.event_id)
        if wanted in ("pending", "completed", "placed") and not manager and event.is_billing_info_mandatory \
                and order.amount > 0:
            missing = [k for k in BILLING_REQUIRED if not getattr(order, k)]
            if missing:
                name = missing[0].replace("_", "-")
                raise invalid_attribute(name, f"This event needs billing information: '{name}' is required.")
        if wanted in ("pending", "placed", "completed") and order.status in OPEN:
            # extend or fix the hold: under the checkout lock, and only if it has not lapsed meanwhile
            await _relock(db, order)
            now = utcnow()
            if lapsed(order, now):
                raise JsonApiError(409, f"Order {order.identifier} expired at {order.expires_at.isoformat()}; "
                                        "its tickets were released.", title="Order expired",
                                   pointer="/data/attributes/status", code="order_expired")
        if wanted == "pending":
            minutes = await order_expiry_minutes(db)
            order.expires_at = now + timedelta(minutes=minutes + PENDING_GRACE_MINUTES)
        elif wanted in ("placed", "completed"):
            order.expires_at = None
            if wanted == "completed":
                order.completed_at = now
            if manager and not order.paid_via:
                order.paid_via = order.payment_mode or ("free" if order.amount == 0 else None)
        elif wanted == "cancelled":
            order.cancelled_at = now
        previous = order.status
        order.status = wanted
        emit_after_commit(db, "order.changed", event_id=order.event_id, order_id=order.id, status=wanted,
                          previous_status=previous)


async def expire_orders(db: AsyncSession, now: datetime | None = None) -> int:
    """Mark open orders past their expiry as `expired` (their stock is already free: see
    availability). Returns how many orders expired. Commits."""
    now = now or utcnow()
    result = await db.execute(
        update(Order)
        .where(Order.status.in_(OPEN), Order.expires_at.is_not(None), Order.expires_at <= now)
        .values(status="expired")
        .returning(Order.id, Order.event_id)
        .execution_options(synchronize_session=False)
    )
    expired = result.all()
    for order_id, event_id in expired:
        emit_after_commit(db, "order.changed", event_id=event_id, order_id=order_id, status="expired",
                          previous_status=None)
    await db.commit()
    return len(expired)


# -- attendees ---------------------------------------------------------------------------------------


class AttendeeWriter:
    """PATCH /v1/attendees/{id}: holder details by the buyer while the order is open, by registrars
    and organisers always; check-in members go to the check-in hooks (see hooks.py)."""

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        raise JsonApiError(405, "Attendees are created by orders (POST /v1/orders/create-order).",
                           title="Method not allowed")

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        raise JsonApiError(405, "Attendees are removed by cancelling their order.", title="Method not allowed")

    async def update(self, db: AsyncSession, ctx: RequestContext, attendee: Attendee, data: ResourceInput) -> Attendee:
        attrs = dict(data.attributes)
        checkin = {key: attrs.pop(key) for key in list(attrs) if key in CHECKIN_KEYS}
        manager = is_manager(ctx, attendee.event_id)
        order = await db.get(Order, attendee.order_id)
        owner = ctx.actor.authenticated and ctx.actor.user_id in (order.user_id, attendee.user_id)
        changed = {k: v for k, v in attrs.items() if getattr(attendee, k) != v}
        if changed:
            if not (manager or owner):
                raise forbidden("You may not change this attendee.")
            if not manager:
                now = utcnow()
                if order.status not in OPEN or lapsed(order, now):
                    raise JsonApiError(409, f"The order of this attendee is {('expired' if lapsed(order, now) else order.status)}; "
                                            "only the organisers can change its attendees now.", title="Order closed")
            if "email" in changed and changed["email"] is not None:
                email = changed["email"].strip()
                if "@" not in email or len(email) > 320 or " " in email:
                    raise invalid_attribute("email", "'email' must be an email address.")
                changed["email"] = email
            for key, value in changed.items():
                setattr(attendee, key, value)
        if checkin and any(getattr(attendee, k) != v for k, v in checkin.items()):
            values = {ATTENDEE.attribute(k).name: v for k, v in checkin.items()}
            groups = hooks_for(values)
            claimed = {name for _, names in groups for name in names}
            for name in values:
                if name not in claimed:
                    raise invalid_attribute(name, f"'{name}' is set by check-in, which is not available here.")
            for fn, names in groups:
                await fn(db, ctx, attendee, {name: values[name] for name in names})
        await db.flush()
        return attendee
