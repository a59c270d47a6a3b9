"""Resource definitions of faq-types and faqs (Open Event's FaqTypeSchema and FaqSchema), attached
to the event: /v1/events/{id}/faq-types and /v1/events/{id}/faqs."""

from __future__ import annotations

from datetime import datetime

from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.service import event_child_visible, staff_only

from .models import Faq, FaqType

FAQ_TYPE = registry.add(ResourceDef(
    type="faq-type",
    model=FaqType,
    collection="faq-types",
    attributes=[A("deleted_at", datetime, read_only=True), A("name", required=True)],
    relationships=[R("event", "event", writable=True, required=True), R("faqs", "faq", many=True)],
    default_sort=["id"],
    soft_delete=True,
    visible=event_child_visible(FaqType),
    may_see_trashed=staff_only,
))

FAQ = registry.add(ResourceDef(
    type="faq",
    model=Faq,
    collection="faqs",
    attributes=[A("deleted_at", datetime, read_only=True), A("question", required=True),
                A("answer", required=True)],
    relationships=[R("event", "event", writable=True, required=True),
                   R("faq_type", "faq-type", writable=True)],
    default_sort=["id"],
    soft_delete=True,
    visible=event_child_visible(Faq),
    may_see_trashed=staff_only,
))

EVENT.add_relationship(R("faq_types", "faq-type", many=True))
EVENT.add_relationship(R("faqs", "faq", many=True))
