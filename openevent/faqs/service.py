"""Business rules of FAQs: organisers (co-organizers and up, admins) write an event's FAQ types
and FAQs; the public reads those of visible events. `answer` is rich text (sanitised, links
allowed), `question` is sanitised without links. A FAQ's `faq-type` must be a live FAQ type of
the same event (422 pointing at the relationship); deleting a FAQ type leaves its FAQs untyped."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.events import fields
from openevent.events.sanitize import clean_html
from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.input import ResourceInput, parse_id
from openevent.schedule.writers import EventChildWriter

from .models import Faq, FaqType


def clean_faq(attrs: dict[str, Any]) -> None:
    for key, allow_links in (("question", False), ("answer", True)):
        if key in attrs:
            fields.check_not_blank(attrs[key], key)
            attrs[key] = clean_html(attrs[key], allow_links=allow_links)
            fields.check_not_blank(attrs[key] or "", key)


def clean_faq_type(attrs: dict[str, Any]) -> None:
    if "name" in attrs:
        attrs["name"] = attrs["name"].strip()


class FaqWriter(EventChildWriter):
    """The event child writer, plus the optional `faq-type` relationship."""

    async def _set_type(self, db: AsyncSession, faq: Faq, linkage: Any, pointer: str) -> None:
        if linkage is None:
            faq.faq_type_id = None
        else:
            number = parse_id(linkage, FaqType)
            found = None if number is None else await db.scalar(select(FaqType.id).where(
                FaqType.id == number, FaqType.event_id == faq.event_id, FaqType.deleted_at.is_(None)))
            if found is None:
                raise JsonApiError(422, f"FAQ type {linkage!r} is not a FAQ type of this event.",
                                   title="Invalid relationship", pointer=pointer)
            faq.faq_type_id = found
        await db.flush()
        db.expire(faq, ["faq_type"])

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        faq = await super().create(db, ctx, data)
        if data.relationships.get("faq_type") is not None:
            await self._set_type(db, faq, data.relationships["faq_type"], "/data/relationships/faq-type/data")
        return faq

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        faq = await super().update(db, ctx, obj, data)
        if "faq_type" in data.relationships:
            await self._set_type(db, faq, data.relationships["faq_type"], "/data/relationships/faq-type/data")
        return faq

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, obj: Any, rel, linkage: Any,
                                  mode: str) -> None:
        if rel.key != "faq_type":
            await super().update_relationship(db, ctx, obj, rel, linkage, mode)
            return
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        await self._set_type(db, obj, linkage, "/data")


FAQ_TYPE_WRITER = EventChildWriter("faq-type", FaqType, clean_faq_type, label="FAQ type")
FAQ_WRITER = FaqWriter("faq", Faq, clean_faq, label="FAQ")
