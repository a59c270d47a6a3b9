"""Writes of access codes and discount codes (organisers of the event: owner, organizer, coorganizer).

Decisions:
- Created under an `event` relationship (required, fixed afterwards) with an optional `tickets`
  list of the same event's live tickets; access codes may only list hidden tickets (a code that
  "unlocks" a public ticket is a mistake, OES #4971).
- `code` is unique among the event's live codes of that kind (409 otherwise), 1-100 characters
  without spaces or slashes (it travels in URLs).
- Discount `type` is amount or percent; `value` > 0, and ≤ 100 for percent.
- `tickets-number` (quota), `min-quantity`, `max-quantity` ≥ 0/1 with min ≤ max; `valid-from` before
  `valid-till`. Lowering the quota below what is already used is allowed (no further use).
- DELETE is a soft delete; orders keep their reference.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from openevent.auth.context import RequestContext
from openevent.auth.policy import ADMIN, COORGANIZER, Target, authorize, define_policy
from openevent.core.db import utcnow
from openevent.core.savepoint import savepoint
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput, apply_linkage
from openevent.schedule.writers import visible_event
from openevent.ticketing.models import Ticket

from .models import AccessCode, DiscountCode

define_policy("access-code", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("discount-code", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER),
              delete=(ADMIN, COORGANIZER))

_CODE = re.compile(r"^[^\s/?#%\\]{1,100}$")


def _check_common(attrs: dict[str, Any], obj: Any | None) -> None:
    if "code" in attrs and (not isinstance(attrs["code"], str) or not _CODE.match(attrs["code"])):
        raise invalid_attribute("code", "'code' must be 1-100 characters without spaces, slashes, '?', '#' or '%'.")
    for key in ("tickets_number", "min_quantity", "max_quantity"):
        if key in attrs and attrs[key] is not None and attrs[key] < 0:
            raise invalid_attribute(key.replace("_", "-"), f"'{key.replace('_', '-')}' may not be negative.")

    def merged(key):
        return attrs[key] if key in attrs else (getattr(obj, key) if obj is not None else None)

    low, high = merged("min_quantity"), merged("max_quantity")
    if low is not None and high is not None and high and low > high:
        raise invalid_attribute("max-quantity", "'max-quantity' must not be less than 'min-quantity'.")
    start, end = merged("valid_from"), merged("valid_till")
    if start is not None and end is not None and end <= start:
        raise invalid_attribute("valid-till", "'valid-till' must be after 'valid-from'.")


def _check_discount(attrs: dict[str, Any], obj: Any | None) -> None:
    kind = attrs.get("type", obj.type if obj is not None else None)
    value = attrs.get("value", obj.value if obj is not None else None)
    if "type" in attrs and kind not in ("amount", "percent"):
        raise invalid_attribute("type", "'type' must be 'amount' or 'percent'.")
    if "value" in attrs or "type" in attrs:
        if value is None or not Decimal(value).is_finite() or value <= 0:
            raise invalid_attribute("value", "'value' must be greater than 0.")
        if value > Decimal("9999999999"):
            raise invalid_attribute("value", "'value' is too large.")
        if kind == "percent" and value > 100:
            raise invalid_attribute("value", "A percent discount may be at most 100.")
    if "used_for" in attrs and attrs["used_for"] not in (None, "ticket"):
        raise invalid_attribute("used-for", "Only ticket discount codes ('used-for': 'ticket') are supported.")


class CodeWriter:
    def __init__(self, resource: str, model: type, label: str, *, hidden_only: bool) -> None:
        self.resource = resource
        self.model = model
        self.label = label
        self.hidden_only = hidden_only

    def _check(self, attrs: dict[str, Any], obj: Any | None) -> None:
        _check_common(attrs, obj)
        if self.model is DiscountCode:
            _check_discount(attrs, obj)

    async def _tickets(self, db: AsyncSession, event_id: int, ids: list[str], pointer: str) -> list[Ticket]:
        wanted = [int(i) for i in dict.fromkeys(ids)]
        rows = (await db.execute(select(Ticket).where(Ticket.id.in_([i for i in wanted if i < 2**31])))).scalars().all()
        by_id = {t.id: t for t in rows}
        for position, ticket_id in enumerate(wanted):
            ticket = by_id.get(ticket_id)
            if ticket is None or ticket.deleted_at is not None or ticket.event_id != event_id:
                raise JsonApiError(422, f"Ticket {ticket_id} is not a ticket of this event.",
                                   title="Invalid relationship", pointer=f"{pointer}/{position}")
            if self.hidden_only and not ticket.is_hidden:
                raise JsonApiError(422, f"Ticket {ticket_id} ({ticket.name!r}) is public; access codes only "
                                        "unlock hidden tickets.", title="Invalid relationship",
                                   pointer=f"{pointer}/{position}")
        return [by_id[i] for i in wanted]

    def _duplicate(self, code: str) -> JsonApiError:
        return conflict(f"This event already has a {self.label} {code!r}.", pointer="/data/attributes/code")

    async def _insert_or_conflict(self, db: AsyncSession, obj: Any) -> None:
        try:
            async with savepoint(db):
                db.add(obj)
                await db.flush()
        except IntegrityError:
            raise self._duplicate(obj.code) from None

    async def _exists(self, db: AsyncSession, event_id: int, code: str, exclude: int | None = None) -> bool:
        stmt = select(self.model.id).where(self.model.event_id == event_id, self.model.code == code,
                                           self.model.deleted_at.is_(None))
        if exclude is not None:
            stmt = stmt.where(self.model.id != exclude)
        return (await db.scalar(stmt.limit(1))) is not None

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        event_id = data.relationships.get("event")
        if event_id is None:
            raise invalid_relationship("event", "relationship 'event' is required.")
        event = await visible_event(db, ctx, event_id)
        authorize(ctx, self.resource, "create", Target(event_id=event.id),
                  detail=f"Only the event's organisers may create {self.label}s.")
        attrs = dict(data.attributes)
        self._check(attrs, None)
        if self.model is DiscountCode:
            attrs["used_for"] = "ticket"
        obj = self.model(event_id=event.id, marketer_id=ctx.actor.user_id, **attrs)
        obj.tickets = await self._tickets(db, event.id, data.relationships.get("tickets") or [],
                                          "/data/relationships/tickets/data")
        if await self._exists(db, event.id, obj.code):
            raise self._duplicate(obj.code)
        await self._insert_or_conflict(db, obj)
        return obj

    async def _load(self, db: AsyncSession, obj: Any) -> Any:
        stmt = select(self.model).where(self.model.id == obj.id).options(selectinload(self.model.tickets))
        return (await db.execute(stmt)).scalars().one()

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        if "event" in data.relationships and data.relationships["event"] != str(obj.event_id):
            raise invalid_relationship("event", f"A {self.label} cannot be moved to another event.")
        obj = await self._load(db, obj)
        attrs = dict(data.attributes)
        self._check(attrs, obj)
        if "code" in attrs and attrs["code"] != obj.code and await self._exists(db, obj.event_id, attrs["code"], obj.id):
            raise self._duplicate(attrs["code"])
        for key, value in attrs.items():
            setattr(obj, key, value)
        if "tickets" in data.relationships:
            obj.tickets = await self._tickets(db, obj.event_id, data.relationships["tickets"] or [],
                                              "/data/relationships/tickets/data")
        try:
            async with savepoint(db):
                await db.flush()
        except IntegrityError:
            raise self._duplicate(obj.code) from None
        return obj

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, obj: Any, rel, linkage: Any,
                                  mode: str) -> None:
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        if rel.key == "event":
            if linkage != str(obj.event_id):
                raise JsonApiError(422, f"A {self.label} cannot be moved to another event.",
                                   title="Invalid relationship", pointer="/data")
            return
        obj = await self._load(db, obj)
        tickets = await self._tickets(db, obj.event_id, linkage or [], "/data")
        obj.tickets = apply_linkage(obj.tickets, tickets, mode)  # one session: one object per row
        await db.flush()

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        authorize(ctx, self.resource, "delete", Target(event_id=obj.event_id))
        if obj.deleted_at is None:
            obj.deleted_at = utcnow()
            await db.flush()


ACCESS_CODE_WRITER = CodeWriter("access-code", AccessCode, "access code", hidden_only=True)
DISCOUNT_CODE_WRITER = CodeWriter("discount-code", DiscountCode, "discount code", hidden_only=False)
