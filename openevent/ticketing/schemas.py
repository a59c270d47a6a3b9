"""Resource definitions of ticketing: tickets (read side; writes follow with checkout)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.events.visibility import visible_event_ids
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .models import Ticket


def ticket_visible(ctx: RequestContext) -> Any:
    """Tickets of visible events; hidden tickets only for the event's team and admins."""
    actor = ctx.actor
    in_event = Ticket.event_id.in_(visible_event_ids(ctx).correlate(None))
    if actor.is_staff:
        return in_event
    shown = [Ticket.is_hidden.is_(False)]
    team = actor.event_ids_with(TEAM_ROLES)
    if team:
        shown.append(Ticket.event_id.in_(team))
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
        A("sales_starts_at", datetime, required=True),
        A("sales_ends_at", datetime, required=True),
        A("is_hidden", bool),
        A("min_order", int),
        A("max_order", int),
        A("is_checkin_restricted", bool),
        A("auto_checkin_enabled", bool),
        A("form_id"),
        A("badge_id"),
    ],
    relationships=[R("event", "event")],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=ticket_visible,
    may_see_trashed=lambda ctx: ctx.actor.is_staff,
))
