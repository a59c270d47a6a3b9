"""Resource definitions of social-links and event-copyrights (Open Event's schemas), attached
to the event: /v1/events/{id}/social-links (list) and /v1/events/{id}/event-copyright (to-one)."""

from __future__ import annotations

from datetime import datetime

from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.service import event_child_visible, staff_only

from .models import EventCopyright, SocialLink

SOCIAL_LINK = registry.add(ResourceDef(
    type="social-link",
    model=SocialLink,
    collection="social-links",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("name", required=True),
        A("link", required=True),
        A("identifier"),
    ],
    relationships=[R("event", "event", writable=True, required=True)],
    default_sort=["id"],
    soft_delete=True,
    visible=event_child_visible(SocialLink),
    may_see_trashed=staff_only,
))

EVENT_COPYRIGHT = registry.add(ResourceDef(
    type="event-copyright",
    model=EventCopyright,
    collection="event-copyrights",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("holder", required=True),
        A("holder_url"),
        A("licence"),
        A("licence_url"),
        A("year", int),
        A("logo_url"),
    ],
    relationships=[R("event", "event", writable=True, required=True)],
    default_sort=["id"],
    soft_delete=True,
    visible=event_child_visible(EventCopyright),
    may_see_trashed=staff_only,
))

EVENT.add_relationship(R("social_links", "social-link", many=True))
EVENT.add_relationship(R("event_copyright", "event-copyright"))
