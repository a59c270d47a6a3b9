"""Business rules of events (create, update, trash/restore, permanent delete) and settings.

Decisions (see also the module docs of visibility, timezones, identifiers):
- Any logged-in user may create an event; it starts as a draft and the creator
  becomes its owner in the same transaction. Publishing (on create or later)
  needs a verified email address or an admin.
- `timezone` is an IANA name (default UTC). `starts-at`/`ends-at` sent without
  an offset are read in the event's timezone (the one in the same request, else
  the stored one). `ends-at` must be after `starts-at`, checked on the merged
  state (stored + patch). Changing the timezone does not move stored instants.
- DELETE moves an event to the trash (owner, organizer, admin). A trashed event
  is restored with PATCH `deleted-at: null` (same roles). Setting `deleted-at`
  to a date through PATCH is refused: use DELETE.
- DELETE `?permanent=true` removes the row and everything under it; only the
  owner or a super admin, only for an event already in the trash, and only
  when no registered blocker objects (the ticketing domain adds "has orders").
- `is-featured`/`is-promoted`/`is-demoted` are admin-only: changing them is a
  403 pointing at the attribute; echoing the stored value back is accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Awaitable, Callable

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import Actor, RequestContext
from openevent.auth.policy import Target, allowed, authorize
from openevent.auth.roles import grant_event_role
from openevent.core.db import utcnow
from openevent.core.savepoint import savepoint
from openevent.core.signals import emit_after_commit
from openevent.jsonapi.errors import JsonApiError, bad_parameter, forbidden, invalid_attribute, unauthorized
from openevent.jsonapi.input import ResourceInput

from . import fields
from .identifiers import insert_with_identifier
from .models import Event, Setting
from .sanitize import clean_html
from .schemas import EVENT, EVENT_FIELD_ACTIONS, EVENT_LOCAL_TIMES
from .timezones import resolve_local_times, validate_timezone

EVENT_URLS = ("external_event_url", "logo_url", "original_image_url", "ticket_url")
# Rich-text fields and whether links are allowed in them (W32: decided per field).
EVENT_RICH_TEXT = {"description": True, "owner_description": True, "after_order_message": True,
                   "code_of_conduct": False}

HardDeleteBlocker = Callable[[AsyncSession, Event], Awaitable[str | None]]
HARD_DELETE_BLOCKERS: list[HardDeleteBlocker] = []


def register_hard_delete_blocker(check: HardDeleteBlocker) -> HardDeleteBlocker:
    """Other domains add reasons an event may not be deleted permanently (e.g. it has orders)."""
    HARD_DELETE_BLOCKERS.append(check)
    return check


def wire(key: str) -> str:
    return EVENT.attribute(key).name


def event_target(event: Event) -> Target:
    return Target(event_id=event.id)


def require(ctx: RequestContext, action: str, target: Target, *, attribute: str, detail: str) -> None:
    """Like authorize(), but a 403 points at the attribute that needs the permission."""
    if allowed(ctx.actor, "event", action, target):
        return
    if not ctx.actor.authenticated:
        raise unauthorized(detail)
    raise forbidden(detail, pointer=f"/data/attributes/{attribute}")


# -- validation ----------------------------------------------------------------------------------


def clean_event_fields(attrs: dict[str, Any]) -> None:
    """Validate and normalise single fields in place (URLs, ranges, emails, HTML)."""
    fields.check_not_blank(attrs.get("name"), "name")
    for key in EVENT_URLS:
        if key in attrs:
            attrs[key] = fields.normalise_url(attrs[key], wire(key))
    fields.check_range(attrs.get("latitude"), -90, 90, "latitude")
    fields.check_range(attrs.get("longitude"), -180, 180, "longitude")
    if "paypal_email" in attrs:
        attrs["paypal_email"] = fields.normalise_email(attrs["paypal_email"], "paypal-email")
    if "payment_currency" in attrs:
        attrs["payment_currency"] = fields.normalise_currency(attrs["payment_currency"], "payment-currency")
    fields.check_document_links(attrs.get("document_links"), "document-links")
    for key, allow_links in EVENT_RICH_TEXT.items():
        if key in attrs:
            attrs[key] = clean_html(attrs[key], allow_links=allow_links)


def resolve_times(attrs: dict[str, Any], tz_name: str) -> None:
    resolve_local_times(attrs, EVENT_LOCAL_TIMES, tz_name, {k: wire(k) for k in EVENT_LOCAL_TIMES})


def check_dates(starts_at: datetime, ends_at: datetime, *, attribute: str) -> None:
    if ends_at <= starts_at:
        raise invalid_attribute(attribute, "ends-at must be after starts-at.")


def _column_default(key: str) -> Any:
    default = Event.__table__.c[key].default
    return default.arg if default is not None and not callable(default.arg) else None


def check_field_actions(ctx: RequestContext, attrs: dict[str, Any], event: Event | None, target: Target) -> None:
    """Fields that need an extra permission: changing them requires it, echoing them does not."""
    for key, action in EVENT_FIELD_ACTIONS.items():
        if key not in attrs:
            continue
        current = getattr(event, key) if event is not None else _column_default(key)
        if attrs[key] == current:
            continue
        require(ctx, action, target, attribute=wire(key), detail=f"Only admins may change {wire(key)}.")


def check_publish(ctx: RequestContext, attrs: dict[str, Any], event: Event | None, target: Target) -> None:
    if attrs.get("state") != "published" or (event is not None and event.state == "published"):
        return
    require(ctx, "publish", target, attribute="state",
            detail="Verify your email address before publishing an event.")


# -- events --------------------------------------------------------------------------------------


def remember_role(actor: Actor, event_id: int, role: str) -> None:
    """The request's actor holds the role from now on (so the response shows the organiser view)."""
    actor.event_roles = {**actor.event_roles, event_id: actor.roles_in(event_id) | {role}}


def _parse_permanent(params: dict[str, str]) -> bool:
    raw = params.get("permanent", "false").lower()
    if raw not in {"true", "false"}:
        raise bad_parameter("permanent", "permanent must be 'true' or 'false'.")
    return raw == "true"


async def hard_delete_blockers(db: AsyncSession, event: Event) -> list[str]:
    reasons = []
    for check in HARD_DELETE_BLOCKERS:
        reason = await check(db, event)
        if reason:
            reasons.append(reason)
    return reasons


def announce_change(db: AsyncSession, event: Event, change: str) -> None:
    """`event.changed` after commit: change is created, updated, trashed or deleted."""
    emit_after_commit(db, "event.changed", event_id=event.id, change=change)


# Writable event relationships that later domains attach and store themselves (taxonomy: event-type, ...):
# relationship key -> async write(db, ctx, event, linkage), linkage being an id string, a list or None.
EventRelationshipWriter = Callable[[AsyncSession, RequestContext, Event, Any], Awaitable[None]]
EVENT_RELATIONSHIP_WRITERS: dict[str, EventRelationshipWriter] = {}


def register_relationship_writer(key: str, write: EventRelationshipWriter) -> EventRelationshipWriter:
    EVENT_RELATIONSHIP_WRITERS[key] = write
    return write


async def write_relationships(db: AsyncSession, ctx: RequestContext, event: Event, relationships: dict[str, Any]) -> None:
    for key, linkage in relationships.items():
        write = EVENT_RELATIONSHIP_WRITERS.get(key)
        if write is not None:
            await write(db, ctx, event, linkage)


class EventWriter:
    """The JSON:API writer of `event` (create/update/delete hooks of the generic routes)."""

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Event:
        authorize(ctx, "event", "create", detail="Log in to create an event.")
        attrs = dict(data.attributes)
        if attrs.pop("deleted_at", None) is not None:
            raise invalid_attribute("deleted-at", "A new event cannot be deleted.")
        attrs["timezone"] = validate_timezone(attrs.get("timezone", "UTC"))
        resolve_times(attrs, attrs["timezone"])
        clean_event_fields(attrs)
        check_dates(attrs["starts_at"], attrs["ends_at"], attribute="ends-at")
        check_field_actions(ctx, attrs, None, Target())
        check_publish(ctx, attrs, None, Target())
        attrs.setdefault("state", "draft")
        attrs.setdefault("privacy", "public")
        event = await insert_with_identifier(db, Event(**attrs))
        await grant_event_role(db, user_id=ctx.actor.user_id, event_id=event.id, role="owner")
        remember_role(ctx.actor, event.id, "owner")
        await write_relationships(db, ctx, event, data.relationships)
        announce_change(db, event, "created")
        return event

    async def update(self, db: AsyncSession, ctx: RequestContext, event: Event, data: ResourceInput) -> Event:
        target = event_target(event)
        authorize(ctx, "event", "update", target)
        attrs = dict(data.attributes)
        self._trash_state(ctx, event, attrs, target)
        if "timezone" in attrs:
            attrs["timezone"] = validate_timezone(attrs["timezone"])
        resolve_times(attrs, attrs.get("timezone", event.timezone))
        clean_event_fields(attrs)
        check_dates(attrs.get("starts_at", event.starts_at), attrs.get("ends_at", event.ends_at),
                    attribute="ends-at" if "ends_at" in attrs else "starts-at")
        check_field_actions(ctx, attrs, event, target)
        check_publish(ctx, attrs, event, target)
        for key, value in attrs.items():
            setattr(event, key, value)
        await write_relationships(db, ctx, event, data.relationships)
        await db.flush()
        announce_change(db, event, "updated")
        return event

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, event: Event, rel: Any,
                                  linkage: Any, mode: str) -> None:
        """PATCH /v1/events/{id}/relationships/<rel> of a relationship a later domain stores."""
        authorize(ctx, "event", "update", event_target(event))
        await write_relationships(db, ctx, event, {rel.key: linkage})

    @staticmethod
    def _trash_state(ctx: RequestContext, event: Event, attrs: dict[str, Any], target: Target) -> None:
        """deleted-at in a PATCH: null restores a trashed event; the stored value is an echo; else 422."""
        if "deleted_at" not in attrs:
            return
        value = attrs.pop("deleted_at")
        if value is None:
            if event.deleted_at is not None:
                require(ctx, "restore", target, attribute="deleted-at",
                        detail="Only the owner, organizers and admins may restore an event.")
                event.deleted_at = None
            return
        if event.deleted_at is not None and value == event.deleted_at:
            return
        raise invalid_attribute("deleted-at", "deleted-at can only be cleared (null) to restore an event; "
                                              "use DELETE to move an event to the trash.")

    async def delete(self, db: AsyncSession, ctx: RequestContext, event: Event, params: dict[str, str]) -> None:
        if _parse_permanent(params):
            await self._delete_permanently(db, ctx, event)
            return
        authorize(ctx, "event", "delete", event_target(event),
                  detail="Only the owner, organizers and admins may delete an event.")
        if event.deleted_at is None:
            event.deleted_at = utcnow()
            await db.flush()
            announce_change(db, event, "trashed")

    async def _delete_permanently(self, db: AsyncSession, ctx: RequestContext, event: Event) -> None:
        authorize(ctx, "event", "hard_delete", event_target(event),
                  detail="Only the owner or a super admin may delete an event permanently.")
        if event.deleted_at is None:
            raise JsonApiError(409, "Move the event to the trash first (DELETE without permanent), "
                                    "then delete it permanently.", title="Conflict", parameter="permanent")
        reasons = await hard_delete_blockers(db, event)
        if reasons:
            raise JsonApiError(409, "This event cannot be deleted permanently: " + "; ".join(reasons) + ".",
                               title="Conflict", parameter="permanent")
        try:
            async with savepoint(db):
                await db.execute(sql_delete(Event).where(Event.id == event.id))
        except IntegrityError:
            raise JsonApiError(409, "This event is still referenced by other records and cannot be deleted "
                                    "permanently.", title="Conflict", parameter="permanent") from None
        announce_change(db, event, "deleted")


# -- settings ------------------------------------------------------------------------------------

SETTING_RANGES = {
    "order_expiry_time": (1, 60),
    "max_complex_custom_fields": (1, 30),
    "logo_size": (1, 10_000_000),
    "image_size": (1, 10_000_000),
    "slide_size": (1, 10_000_000),
    "smtp_port": (1, 65535),
    "invoice_sending_day": (1, 28),
}
SETTING_URLS = ("frontend_url", "rocket_chat_url", "admin_billing_logo")
SETTING_EMAILS = ("admin_billing_email", "email_from", "admin_billing_paypal_email")


async def get_settings(db: AsyncSession) -> Setting:
    """The settings row (id 1), created with defaults when missing (e.g. a database made without migrations)."""
    row = await db.get(Setting, 1)
    if row is not None:
        return row
    try:
        async with savepoint(db):
            row = Setting(id=1)
            db.add(row)
            await db.flush()
        return row
    except IntegrityError:  # created concurrently
        return (await db.execute(select(Setting).where(Setting.id == 1))).scalar_one()


def clean_setting_fields(attrs: dict[str, Any]) -> None:
    for key, (low, high) in SETTING_RANGES.items():
        fields.check_range(attrs.get(key), low, high, key.replace("_", "-"))
    for key in SETTING_URLS:
        if key in attrs:
            attrs[key] = fields.normalise_url(attrs[key], key.replace("_", "-"))
    for key in SETTING_EMAILS:
        if key in attrs:
            attrs[key] = fields.normalise_email(attrs[key], key.replace("_", "-"))
    if "invoice_sending_timezone" in attrs:
        validate_timezone(attrs["invoice_sending_timezone"], attribute="invoice-sending-timezone")


async def update_settings(db: AsyncSession, ctx: RequestContext, row: Setting, data: ResourceInput) -> Setting:
    authorize(ctx, "setting", "update", detail="Only admins may change the settings.")
    attrs = dict(data.attributes)
    clean_setting_fields(attrs)
    for key, value in attrs.items():
        setattr(row, key, value)
    await db.flush()
    return row
