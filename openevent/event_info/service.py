"""Business rules of social links and copyrights: field validation; writes use the programme's
event-child writer (event relationship required and fixed, organiser policy, soft delete;
one live copyright per event)."""

from __future__ import annotations

from typing import Any

from openevent.events import fields
from openevent.jsonapi.errors import invalid_attribute
from openevent.schedule.writers import EventChildWriter

from .models import EventCopyright, SocialLink


def clean_social_link(attrs: dict[str, Any]) -> None:
    if "link" in attrs:
        attrs["link"] = fields.normalise_url(attrs["link"], "link")
        if attrs["link"] is None:
            raise invalid_attribute("link", "'link' is required: an absolute http(s) URL.")
    fields.check_not_blank(attrs.get("identifier"), "identifier")


def clean_copyright(attrs: dict[str, Any]) -> None:
    fields.check_not_blank(attrs.get("holder"), "holder")
    for key in ("holder_url", "licence_url", "logo_url"):
        if key in attrs:
            attrs[key] = fields.normalise_url(attrs[key], key.replace("_", "-"))
    fields.check_range(attrs.get("year"), 1000, 9999, "year")


SOCIAL_LINK_WRITER = EventChildWriter("social-link", SocialLink, clean_social_link, label="social link")
EVENT_COPYRIGHT_WRITER = EventChildWriter("event-copyright", EventCopyright, clean_copyright, one_per_event=True,
                                          label="copyright")
