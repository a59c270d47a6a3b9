"""Resource definitions of the orders domain: order, attendee, access-code, discount-code.

Who sees what (deny by default):
- orders: the buyer (their own), the event's owner/organizer/coorganizer/registrar, admins;
- attendees: the buyer of the attendee's order (and the attendee's own user), the event's team
  members with registrar access (owner/organizer/coorganizer/registrar), admins;
- access and discount codes: the event's owner/organizer/coorganizer and admins only. Buyers
  check one code by its text through GET /v1/events/{id}/discount-codes/{code}.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import false, or_, select

from openevent.auth.context import EVENT_ACCESS_ROLES, RequestContext
from openevent.auth.schemas import USER
from openevent.events.schemas import EVENT
from openevent.jsonapi.input import parse_id
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .models import AccessCode, Attendee, DiscountCode, Order

REGISTRAR_ROLES = frozenset(EVENT_ACCESS_ROLES | {"registrar"})


def registrar_event_ids(ctx: RequestContext) -> list[int]:
    return ctx.actor.event_ids_with(REGISTRAR_ROLES)


def manager_event_ids(ctx: RequestContext) -> list[int]:
    return ctx.actor.event_ids_with(EVENT_ACCESS_ROLES)


def order_visible(ctx: RequestContext) -> Any:
    actor = ctx.actor
    if actor.is_staff:
        return None
    if not actor.authenticated:
        return false()
    clauses = [Order.user_id == actor.user_id]
    events = registrar_event_ids(ctx)
    if events:
        clauses.append(Order.event_id.in_(events))
    return or_(*clauses)


def attendee_visible(ctx: RequestContext) -> Any:
    actor = ctx.actor
    if actor.is_staff:
        return None
    if not actor.authenticated:
        return false()
    own_orders = select(Order.id).where(Order.user_id == actor.user_id).correlate(None)
    clauses = [Attendee.order_id.in_(own_orders), Attendee.user_id == actor.user_id]
    events = registrar_event_ids(ctx)
    if events:
        clauses.append(Attendee.event_id.in_(events))
    return or_(*clauses)


def code_visible(model):
    def visible(ctx: RequestContext) -> Any:
        actor = ctx.actor
        if actor.is_staff:
            return None
        events = manager_event_ids(ctx)
        return model.event_id.in_(events) if events else false()
    return visible


def order_lookup(value: str) -> Any:
    """Orders are addressed by their identifier (numeric ids work too, for JSON:API linkage)."""
    number = parse_id(value, Order)
    if number is not None:
        return or_(Order.id == number, Order.identifier == value)
    if len(value) > 64:
        return None
    return Order.identifier == value


def _is_manager(obj: Any, ctx: RequestContext) -> bool:
    return ctx.actor.is_staff or ctx.actor.has_event_role(obj.event_id, REGISTRAR_ROLES)


ORDER = registry.add(ResourceDef(
    type="order",
    model=Order,
    collection="orders",
    attributes=[
        A("identifier", read_only=True),
        A("amount", Decimal, read_only=True),
        A("discount_amount", Decimal, read_only=True),
        A("tax_amount", Decimal, read_only=True),
        A("status"),
        A("payment_mode"),
        A("paid_via", read_only=True),
        A("transaction_id", read_only=True),
        A("brand", read_only=True),
        A("exp_month", read_only=True),
        A("exp_year", read_only=True),
        A("last4", read_only=True),
        A("created_at", datetime, read_only=True),
        A("completed_at", datetime, read_only=True),
        A("cancelled_at", datetime, read_only=True),
        A("expires_at", datetime, read_only=True),
        A("discount_code_id", int, read_only=True),
        A("access_code_id", int, read_only=True),
        A("cancel_note"),
        A("order_notes"),
        A("is_billing_enabled", bool),
        A("company"),
        A("address"),
        A("city"),
        A("state"),
        A("country"),
        A("zipcode"),
        A("tax_business_info"),
    ],
    relationships=[
        R("event", "event"),
        R("user", "user"),
        R("attendees", "attendee", many=True),
        R("tickets", "ticket", many=True),
        R("discount_code", "discount-code"),
        R("access_code", "access-code"),
    ],
    default_sort=["-created_at", "id"],
    visible=order_visible,
    lookup=order_lookup,
    private_view=_is_manager,
))


_CHECKIN_ATTRIBUTES = [
    A("is_checked_in", bool),
    A("checkin_times"),
    A("is_checked_out", bool),
    A("checkout_times"),
    A("device_name_checkin"),
    A("is_registered", bool),
    A("register_times"),
    A("registered_at", datetime, read_only=True),
    A("is_badge_printed", bool),
    A("badge_printed_at", datetime),
]
# Wire names of the members only an attendee patch hook (check-in) may write.
CHECKIN_KEYS = {a.key for a in _CHECKIN_ATTRIBUTES if not a.read_only}

ATTENDEE = registry.add(ResourceDef(
    type="attendee",
    model=Attendee,
    collection="attendees",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("identifier", read_only=True),
        A("firstname"),
        A("lastname"),
        A("email"),
        A("address"),
        A("city"),
        A("state"),
        A("country"),
        A("job_title"),
        A("phone"),
        A("tax_business_info"),
        A("billing_address"),
        A("home_address"),
        A("shipping_address"),
        A("company"),
        A("work_address"),
        A("work_phone"),
        A("website"),
        A("blog"),
        A("twitter"),
        A("facebook"),
        A("github"),
        A("instagram"),
        A("linkedin"),
        A("gender"),
        A("accept_video_recording", bool),
        A("accept_share_details", bool),
        A("accept_receive_emails", bool),
        A("age_group"),
        A("home_wiki"),
        A("wiki_scholarship"),
        A("birth_date", datetime),
        A("attendee_notes"),
        A("complex_field_values", dict, filterable=False, sortable=False),
        A("is_consent_form_field", bool),
        A("is_consent_of_refund_policy", bool),
        A("native_language"),
        A("fluent_language"),
        A("is_consent_form_field_photo", bool),
        A("is_consent_form_field_email", bool),
        A("is_discount_applied", bool, read_only=True),
        A("is_access_code_applied", bool, read_only=True),
        A("price", Decimal, read_only=True),
        A("created_at", datetime, read_only=True),
        A("modified_at", datetime, read_only=True),
        A("ticket_id", int, read_only=True),
        A("order_id", int, read_only=True),
        # The QR secret: shown to whoever may see the attendee (buyer, registrars), never filterable.
        A("secret", read_only=True, filterable=False, sortable=False),
        *_CHECKIN_ATTRIBUTES,
    ],
    relationships=[
        R("event", "event"),
        R("order", "order"),
        R("ticket", "ticket"),
        R("user", "user"),
    ],
    default_sort=["id"],
    soft_delete=True,
    visible=attendee_visible,
    may_see_trashed=lambda ctx: ctx.actor.is_staff,
))


def _code_attributes(*extra: A) -> list[A]:
    return [
        A("deleted_at", datetime, read_only=True),
        A("code", required=True),
        A("is_active", bool),
        A("tickets_number", int),
        A("min_quantity", int),
        A("max_quantity", int),
        A("valid_from", datetime),
        A("valid_till", datetime),
        A("created_at", datetime, read_only=True),
        *extra,
    ]


ACCESS_CODE = registry.add(ResourceDef(
    type="access-code",
    model=AccessCode,
    collection="access-codes",
    attributes=_code_attributes(A("access_url")),
    relationships=[
        R("event", "event", writable=True, required=True),
        R("tickets", "ticket", many=True, writable=True),
        R("marketer", "user"),
    ],
    soft_delete=True,
    visible=code_visible(AccessCode),
    may_see_trashed=lambda ctx: ctx.actor.is_staff,
))

DISCOUNT_CODE = registry.add(ResourceDef(
    type="discount-code",
    model=DiscountCode,
    collection="discount-codes",
    attributes=_code_attributes(A("discount_url"), A("value", Decimal, required=True), A("type", required=True),
                                A("used_for")),
    relationships=[
        R("event", "event", writable=True, required=True),
        R("tickets", "ticket", many=True, writable=True),
        R("marketer", "user"),
    ],
    soft_delete=True,
    visible=code_visible(DiscountCode),
    may_see_trashed=lambda ctx: ctx.actor.is_staff,
))

# -- attached to other domains' resources ----------------------------------------------------------

EVENT.add_relationship(R("orders", "order", many=True))
EVENT.add_relationship(R("attendees", "attendee", many=True))
EVENT.add_relationship(R("access_codes", "access-code", many=True))
EVENT.add_relationship(R("discount_codes", "discount-code", many=True))
USER.add_relationship(R("orders", "order", many=True, private=True))
USER.add_relationship(R("attendees", "attendee", many=True, private=True))

__all__ = ["ORDER", "ATTENDEE", "ACCESS_CODE", "DISCOUNT_CODE", "CHECKIN_KEYS", "REGISTRAR_ROLES"]
