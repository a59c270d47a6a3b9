"""The event's tax (`tax` type, one per event): rate in percent, included in ticket prices or added on
top at checkout, applied only while the event's `is-tax-enabled` is on. Organisers (owner, organizer,
coorganizer) write it; anyone who can see the event can read it (buyers see what they pay)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import ADMIN, COORGANIZER, Target, authorize, define_policy
from openevent.core.savepoint import savepoint
from openevent.events import fields
from openevent.events.schemas import EVENT
from openevent.events.visibility import visible_event_ids
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.writers import visible_event

from .models import Tax

define_policy("tax", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))

TAX = registry.add(ResourceDef(
    type="tax",
    model=Tax,
    collection="taxes",
    attributes=[A("name", required=True), A("rate", Decimal, required=True), A("tax_id"),
                A("is_tax_included_in_price", bool)],
    relationships=[R("event", "event", writable=True, required=True)],
    visible=lambda ctx: Tax.event_id.in_(visible_event_ids(ctx).correlate(None)),
))
EVENT.add_relationship(R("tax", "tax"))


def _check(attrs: dict[str, Any]) -> None:
    if "name" in attrs:
        fields.check_not_blank(attrs["name"], "name")
    if "rate" in attrs:
        rate = attrs["rate"]
        if rate is None or not rate.is_finite() or rate < 0 or rate > 100:
            raise invalid_attribute("rate", "'rate' must be a percentage between 0 and 100.")


class TaxWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Tax:
        event_id = data.relationships.get("event")
        if event_id is None:
            raise invalid_relationship("event", "relationship 'event' is required.")
        event = await visible_event(db, ctx, event_id)
        authorize(ctx, "tax", "create", Target(event_id=event.id), detail="Only the event's organisers may set its tax.")
        attrs = dict(data.attributes)
        _check(attrs)
        duplicate = conflict("This event already has a tax; update that one instead.",
                             pointer="/data/relationships/event")
        if await db.scalar(select(Tax.id).where(Tax.event_id == event.id)) is not None:
            raise duplicate
        tax = Tax(event_id=event.id, **attrs)
        try:
            async with savepoint(db):
                db.add(tax)
                await db.flush()
        except IntegrityError:
            raise duplicate from None
        return tax

    async def update(self, db: AsyncSession, ctx: RequestContext, tax: Tax, data: ResourceInput) -> Tax:
        authorize(ctx, "tax", "update", Target(event_id=tax.event_id))
        if "event" in data.relationships and data.relationships["event"] != str(tax.event_id):
            raise invalid_relationship("event", "A tax cannot be moved to another event.")
        attrs = dict(data.attributes)
        _check(attrs)
        for key, value in attrs.items():
            setattr(tax, key, value)
        await db.flush()
        return tax

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, tax: Tax, rel, linkage: Any,
                                  mode: str) -> None:
        authorize(ctx, "tax", "update", Target(event_id=tax.event_id))
        if linkage != str(tax.event_id):
            raise JsonApiError(422, "A tax cannot be moved to another event.", title="Invalid relationship",
                               pointer="/data")

    async def delete(self, db: AsyncSession, ctx: RequestContext, tax: Tax, params: dict[str, str]) -> None:
        authorize(ctx, "tax", "delete", Target(event_id=tax.event_id))
        await db.delete(tax)
        await db.flush()
