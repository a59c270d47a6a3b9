"""Business rules of exhibitors: co-organizers (and admins) manage an event's exhibitors.

`status` is `pending` (default) or `accepted`; the public sees accepted exhibitors of visible
events only. URLs are absolute http(s), `contact-email` a valid address, `description` sanitised
rich text, `social-links` a list of {"name", "link"} with http(s) links. `sessions` must be live
sessions of the exhibitor's event (422 pointing at the linkage). Deleting is a soft delete.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.events import fields
from openevent.events.sanitize import clean_html
from openevent.jsonapi.errors import JsonApiError, invalid_attribute
from openevent.jsonapi.input import ResourceInput, apply_linkage
from openevent.schedule.models import Session
from openevent.schedule.writers import EventChildWriter

from .models import Exhibitor
from .schemas import STATUSES

URLS = ("url", "logo_url", "banner_url", "thumbnail_image_url", "video_url", "slides_url", "contact_link")


def clean_exhibitor(attrs: dict[str, Any]) -> None:
    if "name" in attrs:
        attrs["name"] = attrs["name"].strip()
    for key in URLS:
        if key in attrs:
            attrs[key] = fields.normalise_url(attrs[key], key.replace("_", "-"))
    if "contact_email" in attrs:
        attrs["contact_email"] = fields.normalise_email(attrs["contact_email"], "contact-email")
    if "description" in attrs:
        attrs["description"] = clean_html(attrs["description"], allow_links=True)
    if "status" in attrs and attrs["status"] not in STATUSES:
        raise invalid_attribute("status", f"'status' must be one of {', '.join(STATUSES)}.")
    fields.check_range(attrs.get("position"), 0, 2**31 - 1, "position")
    if attrs.get("social_links") is not None:
        for index, item in enumerate(attrs["social_links"]):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str) \
                    or not isinstance(item.get("link"), str) or set(item) - {"name", "link"}:
                raise invalid_attribute("social-links", f"social-links[{index}] must be an object with 'name' and "
                                                        "'link'.")
            item["link"] = fields.normalise_url(item.get("link"), "social-links")


class ExhibitorWriter(EventChildWriter):
    async def _set_sessions(self, db: AsyncSession, exhibitor: Exhibitor, ids: list[str], mode: str,
                            pointer: str) -> None:
        wanted = [int(i) for i in ids]
        rows = (await db.execute(select(Session).where(Session.id.in_(wanted), Session.event_id == exhibitor.event_id,
                                                       Session.deleted_at.is_(None)))).scalars().all()
        found = {s.id: s for s in rows}
        for index, ident in enumerate(wanted):
            if ident not in found:
                raise JsonApiError(422, f"Session {ident} is not a session of this event.",
                                   title="Invalid relationship", pointer=f"{pointer}/{index}")
        sessions = [found[i] for i in dict.fromkeys(wanted)]
        await db.refresh(exhibitor, ["sessions"])
        exhibitor.sessions = apply_linkage(exhibitor.sessions, sessions, mode)
        await db.flush()

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        exhibitor = await super().create(db, ctx, data)
        if data.relationships.get("sessions"):
            await self._set_sessions(db, exhibitor, data.relationships["sessions"], "replace",
                                     "/data/relationships/sessions/data")
        return exhibitor

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        exhibitor = await super().update(db, ctx, obj, data)
        if "sessions" in data.relationships:
            await self._set_sessions(db, exhibitor, data.relationships["sessions"], "replace",
                                     "/data/relationships/sessions/data")
        return exhibitor

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, obj: Any, rel, linkage: Any,
                                  mode: str) -> None:
        if rel.key != "sessions":
            await super().update_relationship(db, ctx, obj, rel, linkage, mode)
            return
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        await self._set_sessions(db, obj, linkage, mode, "/data")


EXHIBITOR_WRITER = ExhibitorWriter("exhibitor", Exhibitor, clean_exhibitor)
