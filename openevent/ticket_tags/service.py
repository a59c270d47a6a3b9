"""Business rules of ticket tags: co-organizers (and admins) tag their event's tickets.

A tag belongs to one event (fixed); its `tickets` must be live tickets of that event (422 with
a pointer at the offending linkage). The `tickets` relationship is replaced by PATCH (in the
resource or at /relationships/tickets), extended by POST and reduced by DELETE there. Deleting
a tag is a soft delete; its tickets keep existing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.input import ResourceInput, apply_linkage
from openevent.schedule.writers import EventChildWriter
from openevent.ticketing.models import Ticket

from .models import TicketTag


def clean_tag(attrs: dict[str, Any]) -> None:
    if "name" in attrs:
        attrs["name"] = attrs["name"].strip()


class TicketTagWriter(EventChildWriter):
    async def _tickets(self, db: AsyncSession, tag: TicketTag, ids: list[str], pointer: str) -> list[Ticket]:
        wanted = [int(i) for i in ids]
        rows = (await db.execute(select(Ticket).where(Ticket.id.in_(wanted), Ticket.event_id == tag.event_id,
                                                      Ticket.deleted_at.is_(None)))).scalars().all()
        found = {t.id: t for t in rows}
        for index, ident in enumerate(wanted):
            if ident not in found:
                raise JsonApiError(422, f"Ticket {ident} is not a ticket of this event.", title="Invalid relationship",
                                   pointer=f"{pointer}/{index}")
        return [found[i] for i in dict.fromkeys(wanted)]

    async def _set(self, db: AsyncSession, tag: TicketTag, ids: list[str], mode: str, pointer: str) -> None:
        tickets = await self._tickets(db, tag, ids, pointer)
        await db.refresh(tag, ["tickets"])
        tag.tickets = apply_linkage(tag.tickets, tickets, mode)
        await db.flush()

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        tag = await super().create(db, ctx, data)
        if data.relationships.get("tickets"):
            await self._set(db, tag, data.relationships["tickets"], "replace", "/data/relationships/tickets/data")
        return tag

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        tag = await super().update(db, ctx, obj, data)
        if "tickets" in data.relationships:
            await self._set(db, tag, data.relationships["tickets"], "replace", "/data/relationships/tickets/data")
        return tag

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, obj: Any, rel, linkage: Any,
                                  mode: str) -> None:
        if rel.key != "tickets":
            await super().update_relationship(db, ctx, obj, rel, linkage, mode)
            return
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        await self._set(db, obj, linkage, mode, "/data")


TICKET_TAG_WRITER = TicketTagWriter("ticket-tag", TicketTag, clean_tag, label="ticket tag")
