"""Resource definition of speakers-calls (Open Event's SpeakersCallSchema) and the event's
to-one `speakers-call` (GET /v1/events/{id}/speakers-call)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.service import staff_only

from . import service
from .models import SPEAKERS_CALL_PRIVACY, SpeakersCall

Privacy = Literal[SPEAKERS_CALL_PRIVACY]  # type: ignore[valid-type]

SPEAKERS_CALL = registry.add(ResourceDef(
    type="speakers-call",
    model=SpeakersCall,
    collection="speakers-calls",
    attributes=[
        A("deleted_at", datetime, read_only=True),
        A("announcement"),
        A("starts_at", datetime, required=True),
        A("soft_ends_at", datetime),
        A("ends_at", datetime, required=True),
        A("hash", private=True, sortable=False),
        A("privacy", Privacy),
    ],
    relationships=[R("event", "event", writable=True, required=True)],
    default_sort=["id"],
    soft_delete=True,
    visible=service.call_visible,
    private_view=service.call_private_view,
    may_see_trashed=staff_only,
))

EVENT.add_relationship(R("speakers_call", "speakers-call"))
