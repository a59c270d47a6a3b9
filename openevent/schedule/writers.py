"""Writes of an event's tracks, rooms (microlocations) and session types.

Decisions:
- Created under an `event` relationship (required). The event must be visible
  to the caller (else 404, like a read); then the policy decides: tracks may be
  created by track organizers and up, rooms and session types by co-organizers
  and up (and admins).
- PATCH/DELETE are authorised against the event of the STORED row, never the
  request body; the `event` relationship cannot be moved to another event
  (422 pointing at /data/relationships/event; echoing the same event is fine).
- DELETE is a soft delete (deleted-at); the row leaves the event's lists.
- Reordering is a PATCH of `position` per item (what Open Event clients send).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.core.db import utcnow
from openevent.core.savepoint import savepoint
from openevent.events import fields
from openevent.events.models import Event
from openevent.events.visibility import event_visible
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship, not_found
from openevent.jsonapi.input import ResourceInput

from .models import Microlocation, SessionType, Track

_HEX_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_LENGTH = re.compile(r"^([0-9]{2}):([0-9]{2})$")


def check_color(value: Any, attribute: str = "color") -> None:
    if value is None or not _HEX_COLOR.match(value):
        raise invalid_attribute(attribute, f"{attribute!r} must be a hex colour like #1a2b3c or #fff.")


def check_length(value: Any, attribute: str = "length") -> None:
    match = _LENGTH.match(value) if isinstance(value, str) else None
    if match is None:
        raise invalid_attribute(attribute, f"{attribute!r} must be a duration \"HH:MM\" (00:01 to 23:59).")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59 or hours * 60 + minutes == 0:
        raise invalid_attribute(attribute, f"{attribute!r} must be a duration \"HH:MM\" (00:01 to 23:59).")


def _clean_track(attrs: dict[str, Any]) -> None:
    if "color" in attrs:
        check_color(attrs["color"])


def _clean_microlocation(attrs: dict[str, Any]) -> None:
    fields.check_range(attrs.get("latitude"), -90, 90, "latitude")
    fields.check_range(attrs.get("longitude"), -180, 180, "longitude")


def _clean_session_type(attrs: dict[str, Any]) -> None:
    if "length" in attrs:
        check_length(attrs["length"])


def changed_attributes(obj: Any, data: ResourceInput) -> dict[str, Any]:
    """The sent attributes that differ from the stored row. Clients echo whole resources back
    on PATCH; values they did not change are not validated again (rows imported or written
    before a rule existed stay editable)."""
    return {key: value for key, value in data.attributes.items() if getattr(obj, key) != value}


async def visible_event(db: AsyncSession, ctx: RequestContext, event_id: str) -> Event:
    """The live event the caller may see, or a 404 pointing at the relationship."""
    stmt = select(Event).where(Event.id == int(event_id), Event.deleted_at.is_(None))
    criteria = event_visible(ctx)
    if criteria is not None:
        stmt = stmt.where(criteria)
    event = (await db.execute(stmt)).scalar_one_or_none()
    if event is None:
        error = not_found(f"Event {event_id} was not found.")
        error.pointer = "/data/relationships/event"
        raise error
    return event


class EventChildWriter:
    """Create/update/soft-delete of a resource that belongs to one event.

    `clean(attrs)` validates and normalises the sent attributes in place;
    `check(attrs, obj, event)` (optional) validates them together with the stored
    row (None on create) and its event. `one_per_event`: at most one live row per
    event (a partial unique index backs it; the insert runs in a SAVEPOINT so a
    concurrent second create becomes a 409, not a 500).
    """

    def __init__(self, resource: str, model: type, clean, *, check=None, one_per_event: bool = False,
                 label: str | None = None) -> None:
        self.resource = resource
        self.model = model
        self.clean = clean
        self.check = check
        self.one_per_event = one_per_event
        self.label = label or resource

    def _validate(self, attrs: dict[str, Any]) -> None:
        if "name" in attrs:
            fields.check_not_blank(attrs["name"], "name")
        self.clean(attrs)

    def _duplicate(self) -> Exception:
        return conflict(f"This event already has a {self.label}; update that one instead.",
                        pointer="/data/relationships/event")

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        event_id = data.relationships.get("event")
        if event_id is None:
            raise invalid_relationship("event", "relationship 'event' is required.")
        event = await visible_event(db, ctx, event_id)
        authorize(ctx, self.resource, "create", Target(event_id=event.id),
                  detail=f"You are not allowed to add a {self.label} to this event.")
        attrs = dict(data.attributes)
        self._validate(attrs)
        if self.check is not None:
            self.check(attrs, None, event)
        obj = self.model(event_id=event.id, **attrs)
        if not self.one_per_event:
            db.add(obj)
            await db.flush()
            return obj
        if await self.live_row_id(db, event.id) is not None:
            raise self._duplicate()
        try:
            async with savepoint(db):
                db.add(obj)
                await db.flush()
        except IntegrityError:
            raise self._duplicate() from None
        return obj

    async def live_row_id(self, db: AsyncSession, event_id: int) -> int | None:
        model = self.model
        return await db.scalar(select(model.id).where(model.event_id == event_id, model.deleted_at.is_(None)))

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        if "event" in data.relationships and data.relationships["event"] != str(obj.event_id):
            raise invalid_relationship("event", f"A {self.label} cannot be moved to another event.")
        attrs = changed_attributes(obj, data)
        self._validate(attrs)
        if self.check is not None:
            self.check(attrs, obj, await db.get(Event, obj.event_id))
        for key, value in attrs.items():
            setattr(obj, key, value)
        await db.flush()
        return obj

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, obj: Any, rel, linkage: Any,
                                  mode: str) -> None:
        """Only `event` is writable, and it is fixed: echoing the same event is a no-op."""
        authorize(ctx, self.resource, "update", Target(event_id=obj.event_id))
        if linkage != str(obj.event_id):
            raise JsonApiError(422, f"A {self.label} cannot be moved to another event.",
                               title="Invalid relationship", pointer="/data")

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        authorize(ctx, self.resource, "delete", Target(event_id=obj.event_id))
        if obj.deleted_at is None:
            obj.deleted_at = utcnow()
            await db.flush()


TRACK_WRITER = EventChildWriter("track", Track, _clean_track)
MICROLOCATION_WRITER = EventChildWriter("microlocation", Microlocation, _clean_microlocation)
SESSION_TYPE_WRITER = EventChildWriter("session-type", SessionType, _clean_session_type)
