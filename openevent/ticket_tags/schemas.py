"""Resource definition of ticket-tags (Open Event's TicketTagSchema): /v1/ticket-tags (POST),
/v1/ticket-tags/{id}, /v1/events/{id}/ticket-tags, /v1/tickets/{id}/ticket-tags and
/v1/ticket-tags/{id}/tickets."""

from __future__ import annotations

from datetime import datetime

from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.service import event_child_visible, staff_only
from openevent.ticketing.schemas import TICKET

from .models import TicketTag

TICKET_TAG = registry.add(ResourceDef(
    type="ticket-tag",
    model=TicketTag,
    collection="ticket-tags",
    attributes=[A("deleted_at", datetime, read_only=True), A("name", required=True)],
    relationships=[R("event", "event", writable=True, required=True),
                   R("tickets", "ticket", many=True, writable=True)],
    default_sort=["id"],
    soft_delete=True,
    visible=event_child_visible(TicketTag),
    may_see_trashed=staff_only,
))

EVENT.add_relationship(R("ticket_tags", "ticket-tag", many=True))
TICKET.add_relationship(R("ticket_tags", "ticket-tag", many=True))
