"""Business rules of sponsors: field validation; writes use the programme's event-child writer
(event relationship required and fixed, organiser policy, soft delete)."""

from __future__ import annotations

from typing import Any

from openevent.events import fields
from openevent.events.sanitize import clean_html
from openevent.schedule.writers import EventChildWriter

from .models import Sponsor


def clean_sponsor(attrs: dict[str, Any]) -> None:
    for key in ("url", "logo_url"):
        if key in attrs:
            attrs[key] = fields.normalise_url(attrs[key], key.replace("_", "-"))
    if "description" in attrs:
        attrs["description"] = clean_html(attrs["description"], allow_links=True)
    fields.check_range(attrs.get("level"), 0, 2**31 - 1, "level")
    fields.check_range(attrs.get("position"), 0, 2**31 - 1, "position")


SPONSOR_WRITER = EventChildWriter("sponsor", Sponsor, clean_sponsor)
