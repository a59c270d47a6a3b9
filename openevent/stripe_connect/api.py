"""HTTP routes of the stripe_connect domain: POST/GET/DELETE /v1/stripe-authorizations,
GET /v1/events/{id}/stripe-authorization (from the event relationship)."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.core.savepoint import savepoint
from openevent.events.models import Event
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput
from openevent.mail.service import load_setting_row

from . import service
from .models import StripeAuthorization
from .schemas import STRIPE_AUTHORIZATION

ALREADY_LINKED = "This event is already connected to a Stripe account; disconnect it first."


class StripeAuthorizationWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> StripeAuthorization:
        event_id = int(data.relationships["event"])
        authorize(ctx, "stripe-authorization", "create", Target(event_id=event_id),
                  detail="Only the event's owner and organizers may connect Stripe.")
        event = await db.get(Event, event_id)
        if event is None or event.deleted_at is not None:
            raise invalid_relationship("event", f"No event with id {event_id}.", status=404)
        if await db.scalar(select(exists().where(StripeAuthorization.event_id == event_id))):
            raise conflict(ALREADY_LINKED, pointer="/data/relationships/event")
        code = data.attributes["stripe_auth_code"]
        if not code or len(code) > 255:
            raise invalid_attribute("stripe-auth-code", "'stripe-auth-code' must be the code Stripe returned.")
        platform_key = service.platform_secret(await load_setting_row(db))
        if not platform_key:
            raise JsonApiError(422, "Stripe is not configured on this site (the admin sets the Stripe secret key).",
                               title="Stripe not configured", pointer="/data/attributes/stripe-auth-code")
        await db.rollback()  # hold no transaction while waiting for Stripe
        try:
            credentials = await service.exchange_code(ctx.settings, platform_key, code)
        except service.StripeError as exc:
            raise JsonApiError(exc.status, str(exc), title="Stripe error",
                               pointer="/data/attributes/stripe-auth-code") from None
        row = service.new_authorization(ctx.settings, event_id, credentials)
        try:
            async with savepoint(db):
                db.add(row)
                await db.flush()
        except IntegrityError:  # connected concurrently (unique event_id)
            raise conflict(ALREADY_LINKED, pointer="/data/relationships/event") from None
        event = await db.get(Event, event_id)
        if event is None:
            raise invalid_relationship("event", f"No event with id {event_id}.", status=404)
        event.is_stripe_linked = True
        await db.flush()
        return row

    async def update(self, db, ctx, row, data):  # pragma: no cover - no PATCH route
        raise JsonApiError(405, "A Stripe authorization cannot be changed; disconnect and connect again.")

    async def delete(self, db: AsyncSession, ctx: RequestContext, row: StripeAuthorization, params) -> None:
        authorize(ctx, "stripe-authorization", "delete", Target(event_id=row.event_id),
                  detail="Only the event's owner and organizers may disconnect Stripe.")
        event = await db.get(Event, row.event_id)
        if event is not None:
            event.is_stripe_linked = False
        await db.delete(row)
        await db.flush()


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(STRIPE_AUTHORIZATION, writer=StripeAuthorizationWriter(), list=False, update=False))
