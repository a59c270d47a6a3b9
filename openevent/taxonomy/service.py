"""Business rules of the event taxonomy.

Decisions:
- Types, topics, sub-topics and locations are admin-managed (policies in api.py); everyone reads them.
- `slug` is optional on create (derived from the name: lower case, runs of other characters as
  "-"); it is unique per table (sub-topics: per topic): a clash is a 409 pointing at `slug`, or at
  `name` when the slug was derived. Renaming keeps the slug (stable URLs) unless one is sent.
- A sub-topic belongs to one topic (`event-topic`, required); deleting a topic deletes its
  sub-topics; deleting any of them clears it on the events that used it.
- An event's `event-type`, `event-topic`, `event-sub-topic` are written through the event
  (POST/PATCH /v1/events, PATCH /v1/events/{id}/relationships/...), by whoever may update the
  event. A sub-topic implies its topic: setting one sets the event's topic to the sub-topic's
  topic; setting another topic clears a sub-topic of the old one.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.core.savepoint import savepoint
from openevent.events import fields
from openevent.events.models import Event
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput, parse_id

from .models import EventLocation, EventSubTopic, EventTaxonomy, EventTopic, EventType

_NOT_SLUG = re.compile(r"[^\w]+|_+")


def slugify(name: str) -> str:
    return _NOT_SLUG.sub("-", name.strip().lower()).strip("-")[:255]


def _missing(rel_name: str, type_name: str, ident: Any, *, pointer: str | None = None) -> JsonApiError:
    return JsonApiError(404, f"No {type_name} with id {ident!r}.", title="Not found",
                        pointer=pointer or f"/data/relationships/{rel_name}")


class TaxonomyWriter:
    """Create/update/delete of a taxonomy entry (admins, by policy)."""

    def __init__(self, resource: str, model: type, *, url_attributes: tuple[str, ...] = ()) -> None:
        self.resource = resource
        self.model = model
        self.url_attributes = url_attributes

    def _clean(self, attrs: dict[str, Any]) -> None:
        if "name" in attrs:
            fields.check_not_blank(attrs["name"], "name")
            attrs["name"] = attrs["name"].strip()
        if "slug" in attrs:
            attrs["slug"] = fields.blank_to_none(attrs["slug"])
            if attrs["slug"] is not None and slugify(attrs["slug"]) != attrs["slug"]:
                raise invalid_attribute("slug", "'slug' may contain only lower-case letters, digits and '-' "
                                                f"(e.g. {slugify(attrs['slug'])!r}).")
        for key in self.url_attributes:
            if key in attrs:
                attrs[key] = fields.normalise_url(attrs[key], key.replace("_", "-"))

    def _slug_scope(self, obj: Any) -> list[Any]:
        return []

    async def _check_slug(self, db: AsyncSession, obj: Any, derived: bool) -> None:
        model = self.model
        stmt = select(model.id).where(model.slug == obj.slug, *self._slug_scope(obj))
        if obj.id is not None:
            stmt = stmt.where(model.id != obj.id)
        if await db.scalar(stmt) is not None:
            raise self._duplicate(obj, derived)

    def _duplicate(self, obj: Any, derived: bool) -> JsonApiError:
        where = "name" if derived else "slug"
        return conflict(f"A {self.resource} with the slug {obj.slug!r} already exists.",
                        pointer=f"/data/attributes/{where}")

    async def _save(self, db: AsyncSession, obj: Any, derived: bool) -> None:
        if not obj.slug:
            raise invalid_attribute("slug", "Give a 'slug': none can be derived from this name.")
        await self._check_slug(db, obj, derived)
        try:
            async with savepoint(db):
                db.add(obj)
                await db.flush()
        except IntegrityError:  # a concurrent insert of the same slug
            raise self._duplicate(obj, derived) from None

    async def apply_relationships(self, db: AsyncSession, obj: Any, data: ResourceInput,
                                  pointer: str | None = None) -> None:
        """Sub-topics set their topic here."""

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "create", detail=f"Only admins may add {self.resource}s.")
        attrs = dict(data.attributes)
        self._clean(attrs)
        derived = attrs.get("slug") is None
        if derived:
            attrs["slug"] = slugify(attrs["name"])
        obj = self.model(**attrs)
        await self.apply_relationships(db, obj, data)
        await self._save(db, obj, derived)
        return obj

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "update", detail=f"Only admins may change {self.resource}s.")
        attrs = dict(data.attributes)
        self._clean(attrs)
        if attrs.get("slug", "") is None:
            attrs["slug"] = slugify(attrs.get("name", obj.name))
        for key, value in attrs.items():
            setattr(obj, key, value)
        await self.apply_relationships(db, obj, data)
        await self._save(db, obj, derived=False)
        return obj

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, obj: Any, rel, linkage: Any,
                                  mode: str) -> None:
        authorize(ctx, self.resource, "update", detail=f"Only admins may change {self.resource}s.")
        await self.apply_relationships(db, obj, ResourceInput(relationships={rel.key: linkage}), pointer="/data")
        await self._save(db, obj, derived=False)

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        authorize(ctx, self.resource, "delete", detail=f"Only admins may delete {self.resource}s.")
        await db.delete(obj)
        await db.flush()


class SubTopicWriter(TaxonomyWriter):
    def _slug_scope(self, obj: Any) -> list[Any]:
        return [EventSubTopic.event_topic_id == obj.event_topic_id]

    async def apply_relationships(self, db: AsyncSession, obj: Any, data: ResourceInput,
                                  pointer: str | None = None) -> None:
        if "event_topic" not in data.relationships:
            return
        ident = data.relationships["event_topic"]
        if ident is None:
            raise invalid_relationship("event-topic", "A sub-topic needs its 'event-topic'.") if pointer is None \
                else JsonApiError(422, "A sub-topic needs its 'event-topic'.", title="Invalid relationship",
                                  pointer=pointer)
        topic = await db.get(EventTopic, int(ident))
        if topic is None:
            raise _missing("event-topic", "event-topic", ident, pointer=pointer)
        obj.event_topic_id = topic.id


EVENT_TYPE_WRITER = TaxonomyWriter("event-type", EventType)
EVENT_TOPIC_WRITER = TaxonomyWriter("event-topic", EventTopic, url_attributes=("system_image_url",))
EVENT_SUB_TOPIC_WRITER = SubTopicWriter("event-sub-topic", EventSubTopic)
EVENT_LOCATION_WRITER = TaxonomyWriter("event-location", EventLocation)


# -- an event's classification ---------------------------------------------------------------------

_TARGETS = {
    "event_type": ("event-type", EventType, "event_type_id"),
    "event_topic": ("event-topic", EventTopic, "event_topic_id"),
    "event_sub_topic": ("event-sub-topic", EventSubTopic, "event_sub_topic_id"),
}


async def set_event_taxonomy(db: AsyncSession, ctx: RequestContext, event: Event, key: str, linkage: Any,
                             *, pointer: str | None = None) -> None:
    """Set (or clear with None) one of the event's event-type, event-topic, event-sub-topic."""
    type_name, model, column = _TARGETS[key]
    authorize(ctx, "event", "update", Target(event_id=event.id))
    target = None
    if linkage is not None:
        number = parse_id(linkage, model)
        target = await db.get(model, number) if number is not None else None
        if target is None:
            raise _missing(type_name, type_name, linkage, pointer=pointer)
    row = await db.get(EventTaxonomy, event.id)
    if row is None:
        row = EventTaxonomy(event_id=event.id)
        db.add(row)
    setattr(row, column, None if target is None else target.id)
    if key == "event_sub_topic" and target is not None:
        row.event_topic_id = target.event_topic_id
    if key == "event_topic" and row.event_sub_topic_id is not None:
        sub = await db.get(EventSubTopic, row.event_sub_topic_id)
        if sub is None or sub.event_topic_id != row.event_topic_id:
            row.event_sub_topic_id = None
    await db.flush()
    db.expire(event, ["event_type", "event_topic", "event_sub_topic"])


def make_relationship_writer(key: str):
    async def write(db: AsyncSession, ctx: RequestContext, event: Event, linkage: Any) -> None:
        await set_event_taxonomy(db, ctx, event, key, linkage, pointer=f"/data/relationships/{key.replace('_', '-')}")
    return write
