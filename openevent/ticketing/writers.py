"""Writes of tickets (the event's owner, organizers, coorganizers and admins).

Decisions:
- Created under an `event` relationship (required; fixed afterwards). The name is unique among the
  event's live tickets (409).
- `type` is one of free, paid, donation, freeRegistration, donationRegistration. Price rules:
  paid: `price` > 0; free kinds: price 0 (a sent non-zero price is refused); donation kinds:
  0 ≤ `min-price` ≤ `max-price` (max may be null: no ceiling), `price` is not used. Paid and donation
  tickets need a way to pay on the event (any `can-pay-by-*`, a PayPal address or linked Stripe).
- `quantity` ≥ 1; 1 ≤ `min-order` ≤ `max-order` ≤ `quantity`. Lowering `quantity` below the units
  already sold or reserved is refused (409).
- `sales-starts-at` < `sales-ends-at` ≤ the event's `ends-at`. Times without an offset are read in
  the event's timezone; all comparisons are between UTC instants.
- DELETE is a soft delete, refused (409) while orders hold units of the ticket.
- Reordering: POST /v1/events/{id}/reorder-tickets sets many positions in one request.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import ADMIN, COORGANIZER, Target, authorize, define_policy
from openevent.core.db import utcnow
from openevent.events import fields
from openevent.events.models import Event
from openevent.events.timezones import resolve_local_times
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput, parse_id
from openevent.schedule.writers import visible_event

from .models import TICKET_TYPES, Ticket

define_policy("ticket", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER),
              reorder=(ADMIN, COORGANIZER))

LOCAL_TIMES = ("sales_starts_at", "sales_ends_at")
FREE = ("free", "freeRegistration")
DONATION = ("donation", "donationRegistration")
MAX_QUANTITY = 10_000_000
MAX_PRICE = Decimal("9999999999")


def can_take_payments(event: Event) -> bool:
    return any((event.can_pay_by_paypal, event.can_pay_by_stripe, event.can_pay_by_cheque, event.can_pay_by_bank,
                event.can_pay_by_invoice, event.can_pay_onsite, event.can_pay_by_omise, event.can_pay_by_alipay,
                event.can_pay_by_paytm, bool(event.paypal_email), event.is_stripe_linked))


def _attr(key: str) -> str:
    return key.replace("_", "-")


def check_ticket(attrs: dict[str, Any], obj: Ticket | None, event: Event) -> None:
    """Validate the merged state (stored row + sent attributes); normalises `attrs` in place."""
    resolve_local_times(attrs, [k for k in LOCAL_TIMES if k in attrs], event.timezone,
                        {k: _attr(k) for k in LOCAL_TIMES})

    def get(key):
        if key in attrs:
            return attrs[key]
        if obj is not None:
            return getattr(obj, key)
        return Ticket.__table__.c[key].default.arg if Ticket.__table__.c[key].default is not None else None

    if "name" in attrs:
        fields.check_not_blank(attrs["name"], "name")
    kind = get("type")
    if kind not in TICKET_TYPES:
        raise invalid_attribute("type", f"'type' must be one of {', '.join(TICKET_TYPES)}.")
    for key in ("price", "min_price", "max_price"):
        value = attrs.get(key)
        if value is not None and (not value.is_finite() or value < 0 or value > MAX_PRICE):
            raise invalid_attribute(_attr(key), f"'{_attr(key)}' must be an amount between 0 and {MAX_PRICE}.")
    price = get("price")
    if kind == "paid":
        if price is None or price <= 0:
            raise invalid_attribute("price", "A paid ticket needs a 'price' greater than 0.")
    elif kind in FREE:
        if "price" in attrs and attrs["price"] not in (None, 0):
            raise invalid_attribute("price", f"A {kind} ticket has no price (send 0 or leave it out).")
        attrs["price"] = Decimal("0")
    else:  # donation kinds
        low, high = get("min_price") or Decimal("0"), get("max_price")
        if high is not None and high < low:
            raise invalid_attribute("max-price", "'max-price' must not be less than 'min-price'.")
        if high is not None and high == 0:
            raise invalid_attribute("max-price", "'max-price' must be greater than 0 (or null for no ceiling).")
    if kind in ("paid", *DONATION) and (obj is None or "type" in attrs) and not can_take_payments(event):
        raise invalid_attribute("type", f"A {kind} ticket needs a payment method on the event "
                                        "(set one of its can-pay-by-* options first).")
    quantity = get("quantity")
    if quantity is None or quantity < 1 or quantity > MAX_QUANTITY:
        raise invalid_attribute("quantity", f"'quantity' must be between 1 and {MAX_QUANTITY}.")
    min_order, max_order = get("min_order"), get("max_order")
    if min_order is None or min_order < 1:
        raise invalid_attribute("min-order", "'min-order' must be at least 1.")
    if max_order is None or max_order < min_order:
        raise invalid_attribute("max-order", "'max-order' must be at least 'min-order'.")
    if max_order > quantity:
        raise invalid_attribute("max-order", "'max-order' may not exceed 'quantity'.")
    starts, ends = get("sales_starts_at"), get("sales_ends_at")
    if starts is not None and ends is not None and ends <= starts:
        raise invalid_attribute("sales-ends-at", "'sales-ends-at' must be after 'sales-starts-at'.")
    if ends is not None and ends > event.ends_at and ("sales_ends_at" in attrs or obj is None):
        raise invalid_attribute("sales-ends-at", "Ticket sales must end by the end of the event "
                                                 f"({event.ends_at.isoformat()}).")


async def _name_taken(db: AsyncSession, event_id: int, name: str, exclude: int | None = None) -> bool:
    stmt = select(Ticket.id).where(Ticket.event_id == event_id, Ticket.deleted_at.is_(None),
                                   func.lower(Ticket.name) == name.strip().lower())
    if exclude is not None:
        stmt = stmt.where(Ticket.id != exclude)
    return (await db.scalar(stmt.limit(1))) is not None


class TicketWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Ticket:
        event_id = data.relationships.get("event")
        if event_id is None:
            raise invalid_relationship("event", "relationship 'event' is required.")
        event = await visible_event(db, ctx, event_id)
        authorize(ctx, "ticket", "create", Target(event_id=event.id),
                  detail="Only the event's organisers may add tickets.")
        attrs = dict(data.attributes)
        check_ticket(attrs, None, event)
        if await _name_taken(db, event.id, attrs["name"]):
            raise conflict(f"The event already has a ticket named {attrs['name']!r}.", pointer="/data/attributes/name")
        if "position" not in attrs:
            last = await db.scalar(select(func.max(Ticket.position)).where(Ticket.event_id == event.id,
                                                                           Ticket.deleted_at.is_(None)))
            attrs["position"] = (last or 0) + 1
        ticket = Ticket(event_id=event.id, **attrs)
        db.add(ticket)
        await db.flush()
        return ticket

    async def update(self, db: AsyncSession, ctx: RequestContext, ticket: Ticket, data: ResourceInput) -> Ticket:
        authorize(ctx, "ticket", "update", Target(event_id=ticket.event_id))
        if "event" in data.relationships and data.relationships["event"] != str(ticket.event_id):
            raise invalid_relationship("event", "A ticket cannot be moved to another event.")
        attrs = dict(data.attributes)
        event = await db.get(Event, ticket.event_id)
        check_ticket(attrs, ticket, event)
        if "name" in attrs and attrs["name"] != ticket.name and await _name_taken(db, ticket.event_id, attrs["name"],
                                                                                    ticket.id):
            raise conflict(f"The event already has a ticket named {attrs['name']!r}.", pointer="/data/attributes/name")
        if "quantity" in attrs and attrs["quantity"] != ticket.quantity:
            from openevent.orders.checkout import lock_stock
            from openevent.orders.hooks import sold_and_reserved

            await lock_stock(db, [ticket.id])
            taken = (await sold_and_reserved(db, [ticket.id]))[ticket.id]
            if attrs["quantity"] < taken:
                raise conflict(f"{taken} units of this ticket are sold or reserved; 'quantity' cannot be lower.",
                               pointer="/data/attributes/quantity")
        for key, value in attrs.items():
            setattr(ticket, key, value)
        await db.flush()
        return ticket

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, ticket: Ticket, rel, linkage: Any,
                                  mode: str) -> None:
        authorize(ctx, "ticket", "update", Target(event_id=ticket.event_id))
        if linkage != str(ticket.event_id):
            raise JsonApiError(422, "A ticket cannot be moved to another event.", title="Invalid relationship",
                               pointer="/data")

    async def delete(self, db: AsyncSession, ctx: RequestContext, ticket: Ticket, params: dict[str, str]) -> None:
        authorize(ctx, "ticket", "delete", Target(event_id=ticket.event_id))
        if ticket.deleted_at is not None:
            return
        from openevent.orders.checkout import lock_stock
        from openevent.orders.hooks import sold_and_reserved

        await lock_stock(db, [ticket.id])
        taken = (await sold_and_reserved(db, [ticket.id]))[ticket.id]
        if taken:
            raise conflict(f"Orders hold {taken} units of ticket {ticket.id} ({ticket.name!r}); it cannot be deleted "
                           "while they do (cancel them, or hide the ticket with is-hidden).")
        ticket.deleted_at = utcnow()
        await db.flush()


async def reorder_tickets(db: AsyncSession, ctx: RequestContext, event: Event, body: Any) -> list[Ticket]:
    """Set the positions of many of the event's tickets at once.

    Body: {"data": [{"id": "3", "position": 0}, ...]} (a bare list works too); every id must be a
    live ticket of the event and appear once; positions are integers ≥ 0."""
    authorize(ctx, "ticket", "reorder", Target(event_id=event.id),
              detail="Only the event's organisers may reorder its tickets.")
    items = body.get("data") if isinstance(body, dict) else body
    if not isinstance(items, list) or not items:
        raise JsonApiError(422, "Send {\"data\": [{\"id\": <ticket id>, \"position\": <n>}, ...]}.", pointer="/data")
    tickets = {t.id: t for t in (await db.execute(
        select(Ticket).where(Ticket.event_id == event.id, Ticket.deleted_at.is_(None)))).scalars()}
    seen = set()
    plan = []
    for i, item in enumerate(items):
        pointer = f"/data/{i}"
        if not isinstance(item, dict):
            raise JsonApiError(422, "Each item needs 'id' and 'position'.", pointer=pointer)
        raw_id, position = item.get("id"), item.get("position", (item.get("attributes") or {}).get("position"))
        ticket_id = parse_id(raw_id, Ticket)
        if ticket_id is None or ticket_id not in tickets:
            raise JsonApiError(422, f"{raw_id!r} is not a ticket of this event.", pointer=f"{pointer}/id")
        if ticket_id in seen:
            raise JsonApiError(422, f"Ticket {ticket_id} is listed twice.", pointer=f"{pointer}/id")
        seen.add(ticket_id)
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= 1_000_000:
            raise JsonApiError(422, f"The position of ticket {ticket_id} must be an integer ≥ 0.",
                               pointer=f"{pointer}/position")
        plan.append((tickets[ticket_id], position))
    for ticket, position in plan:
        ticket.position = position
    await db.flush()
    return sorted(tickets.values(), key=lambda t: (t.position if t.position is not None else 1 << 30, t.id))
