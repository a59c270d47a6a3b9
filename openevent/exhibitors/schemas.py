"""Resource definition of exhibitors (Open Event's ExhibitorSchema): /v1/exhibitors (POST),
/v1/exhibitors/{id}, /v1/events/{id}/exhibitors, /v1/sessions/{id}/exhibitors."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.schemas import SESSION
from openevent.schedule.service import in_visible_event, staff_only

from .models import Exhibitor

STATUSES = ("pending", "accepted")


def exhibitor_visible(ctx: RequestContext):
    """Accepted exhibitors of visible events; the event's team and admins also see pending ones."""
    actor = ctx.actor
    in_event = in_visible_event(Exhibitor, ctx)
    if actor.is_staff:
        return in_event
    allowed = [Exhibitor.status == "accepted"]
    team = actor.event_ids_with(TEAM_ROLES)
    if team:
        allowed.append(Exhibitor.event_id.in_(team))
    return and_(in_event, or_(*allowed))


EXHIBITOR = registry.add(ResourceDef(
    type="exhibitor",
    model=Exhibitor,
    collection="exhibitors",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("name", required=True),
        A("status"),
        A("description"),
        A("url"),
        A("position", int),
        A("logo_url"),
        A("banner_url"),
        A("thumbnail_image_url"),
        A("video_url"),
        A("slides_url"),
        A("contact_email"),
        A("contact_link"),
        A("enable_video_room", bool),
        A("social_links", list, filterable=False, sortable=False),
    ],
    relationships=[R("event", "event", writable=True, required=True),
                   R("sessions", "session", many=True, writable=True)],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=exhibitor_visible,
    may_see_trashed=staff_only,
))

EVENT.add_relationship(R("exhibitors", "exhibitor", many=True))
SESSION.add_relationship(R("exhibitors", "exhibitor", many=True))
