"""Resource definition of sponsors (wire names as in Open Event's SponsorSchema, plus `position`)."""

from __future__ import annotations

from datetime import datetime

from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.service import event_child_visible, staff_only

from .models import Sponsor

SPONSOR = registry.add(ResourceDef(
    type="sponsor",
    model=Sponsor,
    collection="sponsors",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("name", required=True),
        A("description"),
        A("url"),
        A("level", int),
        A("logo_url"),
        A("type"),
        A("position", int),
    ],
    relationships=[R("event", "event", writable=True, required=True)],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=event_child_visible(Sponsor),
    may_see_trashed=staff_only,
))

EVENT.add_relationship(R("sponsors", "sponsor", many=True))
