"""Deep copy of an event in one transaction (POST /v1/events/{id}/copy).

What is copied is declared here, table by table, in dependency order; every foreign key that
points at a copied row is re-pointed to its copy, using the schema's own foreign keys, so a
new column referencing a copied table is handled without touching this module. What is never
copied (orders, attendees, check-ins, access and discount codes, Stripe authorisation, the team
other than the copier's ownership, soft-deleted rows) is simply not in these lists.
Open Event committed after every object (W18) and could leave half-copied events; here a
failure rolls everything back.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.auth.roles import grant_event_role
from openevent.core.db import Base, utcnow
from openevent.events.identifiers import insert_with_identifier
from openevent.events.models import Event
from openevent.events.service import remember_role

# Always copied: the event's configuration. Order matters: a table comes after those it refers to.
CONFIGURATION_TABLES = ("tickets", "tracks", "microlocations", "session_types", "sponsors", "social_links",
                        "speakers_calls", "event_copyrights", "taxes", "event_taxonomy")
# Copied on request (`sessions: true`): the programme itself.
PROGRAMME_TABLES = ("speakers", "sessions")
PROGRAMME_LINKS = ("speakers_sessions",)  # association rows between copied programme rows
# Columns holding image URLs: files of our own storage are copied, so copies never share a file.
MEDIA_URL_COLUMNS = {"logo_url", "original_image_url", "thumbnail_image_url", "large_image_url", "icon_image_url",
                     "photo_url", "small_image_url"}
MediaCopier = Callable[[str | None], Awaitable[str | None]]
# Event columns that describe this event instance rather than its content.
EVENT_RESET = {"id", "identifier", "deleted_at", "created_at", "ical_url", "xcal_url", "pentabarf_url",
               "schedule_published_on", "is_stripe_linked", "is_featured", "is_promoted"}


def _tables(names: tuple[str, ...]) -> list[Table]:
    """The declared tables that exist in this build (a domain may not define all of them)."""
    return [Base.metadata.tables[name] for name in names if name in Base.metadata.tables]


def copy_plan(with_programme: bool) -> tuple[list[Table], list[Table]]:
    tables = _tables(CONFIGURATION_TABLES) + (_tables(PROGRAMME_TABLES) if with_programme else [])
    links = _tables(PROGRAMME_LINKS) if with_programme else []
    return tables, links


async def copy_event(db: AsyncSession, ctx: RequestContext, source: Event, *, with_programme: bool,
                     copy_media: MediaCopier | None = None) -> Event:
    """A new draft event owned by the caller, with copies of the source's configuration (and programme).
    `copy_media(url)` returns the URL of a copy of one of our files (other URLs unchanged)."""
    authorize(ctx, "event-copy", "create", Target(event_id=source.id),
              detail="Only the event's organisers may copy it.")
    copy_media = copy_media or _keep_url
    values = await _with_media_copied(_event_values(source), copy_media)
    copy = await insert_with_identifier(db, Event(**values))
    await grant_event_role(db, user_id=ctx.actor.user_id, event_id=copy.id, role="owner")
    remember_role(ctx.actor, copy.id, "owner")
    new_ids: dict[str, dict[int, int]] = {"events": {source.id: copy.id}}
    tables, links = copy_plan(with_programme)
    for table in tables:
        new_ids[table.name] = await _copy_rows(db, table, source.id, new_ids, copy_media)
    for table in links:
        await _copy_links(db, table, new_ids)
    return copy


async def _keep_url(url: str | None) -> str | None:
    return url


def _event_values(source: Event) -> dict:
    values = {column.key: getattr(source, column.key) for column in Event.__mapper__.column_attrs
              if column.key not in EVENT_RESET}
    values.update(state="draft", created_at=utcnow())
    return values


async def _with_media_copied(row: dict, copy_media: MediaCopier) -> dict:
    for name in MEDIA_URL_COLUMNS & row.keys():
        if row[name]:
            row[name] = await copy_media(row[name])
    return row


def _remap(table: Table, row: dict, new_ids: dict[str, dict[int, int]]) -> dict:
    """Point every foreign key to a copied table at the copy; foreign keys to other tables stay."""
    for column in table.columns:
        for fk in column.foreign_keys:
            mapping = new_ids.get(fk.column.table.name)
            if mapping is not None and row[column.name] is not None:
                row[column.name] = mapping.get(row[column.name])  # a deleted (uncopied) target: unset
    return row


async def _copy_rows(db: AsyncSession, table: Table, event_id: int, new_ids: dict,
                     copy_media: MediaCopier = _keep_url) -> dict[int, int]:
    stmt = select(table).where(table.c.event_id == event_id).order_by(*table.primary_key.columns)
    if "deleted_at" in table.c:
        stmt = stmt.where(table.c.deleted_at.is_(None))
    rows = [dict(row) for row in (await db.execute(stmt)).mappings()]
    if not rows:
        return {}
    if "id" not in table.c:  # keyed by the event itself (e.g. event_taxonomy): nothing refers to these rows
        await db.execute(insert(table), [await _with_media_copied(_remap(table, row, new_ids), copy_media)
                                         for row in rows])
        return {}
    old_ids = [row.pop("id") for row in rows]
    values = [await _with_media_copied(_remap(table, row, new_ids), copy_media) for row in rows]
    result = await db.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), values)
    return dict(zip(old_ids, result.scalars().all(), strict=True))


async def _copy_links(db: AsyncSession, table: Table, new_ids: dict) -> None:
    """Association rows whose every foreign key points at copied rows."""
    fks = [(column, fk.column.table.name) for column in table.columns for fk in column.foreign_keys]
    first_column, first_table = fks[0]
    stmt = select(table).where(first_column.in_(list(new_ids.get(first_table, {}))))
    values = []
    for row in (await db.execute(stmt)).mappings():
        mapped = {column.name: new_ids.get(target, {}).get(row[column.name]) for column, target in fks}
        if all(v is not None for v in mapped.values()):
            values.append(mapped)
    if values:
        await db.execute(insert(table), values)
