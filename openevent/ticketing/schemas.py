"""Resource definitions of ticketing: tickets (writes in writers.py)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.events.visibility import visible_event_ids
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .models import Ticket


def ticket_visible(ctx: RequestContext) -> Any:
    """Tickets of visible events; hidden tickets only for the event's team, admins, and buyers of
    the ticket (who see what they bought, e.g. in their order's tickets)."""
    actor = ctx.actor
    in_event = Ticket.event_id.in_(visible_event_ids(ctx).correlate(None))
    if actor.is_staff:
        return in_event
    shown = [Ticket.is_hidden.is_(False)]
    team = actor.event_ids_with(TEAM_ROLES)
    if team:
        shown.append(Ticket.event_id.in_(team))
    if actor.authenticated:
        from openevent.orders.models import Order, OrderTicket

        bought = (select(OrderTicket.ticket_id).join(Order, Order.id == OrderTicket.order_id)
                  .where(Order.user_id == actor.user_id).correlate(None))
        shown.append(and_(Ticket.is_hidden.is_(True), Ticket.id.in_(bought)))
    return and_(in_event, or_(*shown))


TICKET = registry.add(ResourceDef(
    type="ticket",
    model=Ticket,
    collection="tickets",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("name", required=True),
        A("description"),
        A("type", required=True),
        A("price", Decimal),
        A("min_price", Decimal),
        A("max_price", Decimal),
        A("quantity", int),
        A("is_description_visible", bool),
        A("position", int),
        A("is_fee_absorbed", bool),
        A("sales_starts_at", datetime, required=True, local_time=True),
        A("sales_ends_at", datetime, required=True, local_time=True),
        A("is_hidden", bool),
        A("min_order", int),
        A("max_order", int),
        A("is_checkin_restricted", bool),
        A("auto_checkin_enabled", bool),
        A("form_id"),
        A("badge_id"),
    ],
    relationships=[
        R("event", "event", writable=True, required=True),
        R("discount_codes", "discount-code", many=True),
        R("access_codes", "access-code", many=True),
        R("attendees", "attendee", many=True),  # filtered by attendee visibility: buyers see their own
    ],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=ticket_visible,
    may_see_trashed=lambda ctx: ctx.actor.is_staff,
    private_view=lambda ticket, ctx: ctx.actor.is_staff or ctx.actor.has_event_role(ticket.event_id, TEAM_ROLES),
))
