"""The event's ical-url / xcal-url / pentabarf-url: stable public URLs, files kept current in the background.

    ical-url       {base_url}/e/{identifier}/schedule.ics
    xcal-url       {base_url}/e/{identifier}/schedule.xcal
    pentabarf-url  {base_url}/e/{identifier}/schedule.xml
(set, as in Open Event, when the event is published with a schedule, i.e. state published and
schedule-published-on set; null otherwise. The feeds themselves answer for every visible event.)

How the stored files stay current without work on every read:
1. Dirty marks. An after_flush listener (mark_programme_changes) sees every ORM write of a
   session, speaker, track, room, session type or event and moves export_feeds.changed_at
   of that event forward, in the same transaction (an upsert, never a unique violation).
2. Background regeneration, debounced. export.refresh_feeds renders the three formats from
   one load_schedule and stores them under feeds/<event id>/<run>/..., then records which
   changed_at they reflect. It is queued at most once per change (request_refresh: one
   guarded UPDATE) by the first feed read that finds the files stale, and by the periodic
   sweep export.refresh_stale_feeds (to be run by Celery beat / the in-process periodic loop).
3. Reads. A fresh stored file is served as is (no programme query). A stale or missing one
   is rendered on request (so a calendar never sees an old programme) while the background
   run is queued; once it lands, reads are cheap again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session as OrmSession

from openevent.core.db import session_factory, utcnow
from openevent.events.models import Event
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track
from openevent.storage import make_storage
from openevent.storage.keys import job_key
from openevent.tasks import TaskContext, TaskFailed, task
from openevent.tasks.periodic import periodic
from openevent.tasks.service import new_task_id

from .models import ExportFeed

log = logging.getLogger("openevent.exports")

PROGRAMME_MODELS = (Session, Speaker, Track, Microlocation, SessionType)
# format -> (task/renderer name, ExportFeed column, public URL suffix)
FEED_FORMATS = {
    "ics": ("export.ical", "ical_key", "schedule.ics"),
    "xcal": ("export.xcal", "xcal_key", "schedule.xcal"),
    "xml": ("export.pentabarf", "pentabarf_key", "schedule.xml"),
}
REFRESH_RETRY_SECONDS = 120  # a queued refresh that never finished may be queued again after this
SWEEP_DEBOUNCE_SECONDS = 10  # the sweep leaves programmes alone while they are being edited
SWEEP_BATCH = 200


def feed_url(base_url: str, identifier: str, extension: str) -> str:
    return f"{base_url.rstrip('/')}/e/{identifier}/{FEED_FORMATS[extension][2]}"


def attach_feed_urls(resource: Any) -> None:
    """Make the event resource's ical-url/xcal-url/pentabarf-url the stable public feed URLs."""
    for name, extension in (("ical-url", "ics"), ("xcal-url", "xcal"), ("pentabarf-url", "xml")):
        attribute = resource.attribute(name)
        if attribute is None:
            continue

        def getter(obj, ctx, _extension=extension):
            if (getattr(obj, "state", None) != "published" or getattr(obj, "schedule_published_on", None) is None
                    or not getattr(obj, "identifier", None)):
                return None
            return feed_url(ctx.base_url, obj.identifier, _extension)

        attribute.getter = getter
        attribute.read_only = True
        attribute.filterable = False
        attribute.sortable = False


# -- 1. dirty marks -------------------------------------------------------------------------


def _changed_event_ids(session: OrmSession) -> set[int]:
    deleted_events = {obj.id for obj in session.deleted if isinstance(obj, Event)}
    ids: set[int] = set()
    for collection in (session.new, session.dirty, session.deleted):
        for obj in collection:
            if isinstance(obj, PROGRAMME_MODELS):
                event_id = getattr(obj, "event_id", None)
            elif isinstance(obj, Event) and obj not in session.deleted:
                event_id = obj.id
            else:
                continue
            if event_id is not None and event_id not in deleted_events:
                ids.add(event_id)
    return ids


def _upsert(dialect: str, event_ids: set[int], now: datetime):
    rows = [{"event_id": event_id, "changed_at": now} for event_id in sorted(event_ids)]
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:
        return None
    stmt = insert(ExportFeed).values(rows)
    return stmt.on_conflict_do_update(index_elements=[ExportFeed.event_id],
                                      set_={"changed_at": stmt.excluded.changed_at})


_READY_ENGINES: set[int] = set()  # engines whose database has the export_feeds table


def _table_ready(connection) -> bool:
    """False on a database migrated before export_feeds existed: programme writes must not fail there."""
    key = id(connection.engine)
    if key in _READY_ENGINES:
        return True
    if connection.dialect.has_table(connection, ExportFeed.__tablename__):
        _READY_ENGINES.add(key)
        return True
    log.warning("table export_feeds is missing (run the migrations): schedule feeds are not marked stale")
    return False


@sa_event.listens_for(OrmSession, "after_flush")
def mark_programme_changes(session: OrmSession, _flush_context) -> None:
    event_ids = _changed_event_ids(session)
    if not event_ids:
        return
    connection = session.connection()
    if not _table_ready(connection):
        return
    stmt = _upsert(connection.dialect.name, event_ids, utcnow())
    if stmt is not None:
        connection.execute(stmt)


# -- 2. background regeneration -------------------------------------------------------------


async def request_refresh(db, event_id: int, *, now: datetime | None = None) -> bool:
    """Claim the right to queue a refresh of this event's feeds (once per change). Commits."""
    now = now or utcnow()
    await _ensure_row(db, event_id, now)
    stmt = (update(ExportFeed)
            .where(ExportFeed.event_id == event_id,
                   or_(ExportFeed.generated_for.is_(None), ExportFeed.generated_for < ExportFeed.changed_at),
                   or_(ExportFeed.refresh_requested_at.is_(None),
                       ExportFeed.refresh_requested_at < ExportFeed.changed_at,
                       ExportFeed.refresh_requested_at < now - timedelta(seconds=REFRESH_RETRY_SECONDS)))
            .values(refresh_requested_at=now)
            .execution_options(synchronize_session=False))
    claimed = (await db.execute(stmt)).rowcount == 1
    await db.commit()
    return claimed


async def _ensure_row(db, event_id: int, now: datetime) -> None:
    dialect = db.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(ExportFeed).values(event_id=event_id, changed_at=now).on_conflict_do_nothing(
        index_elements=[ExportFeed.event_id])
    await db.execute(stmt)


async def refresh_feeds(ctx: TaskContext, event_id: int) -> dict:
    from .schedule_data import ScheduleNotFound, load_schedule
    from .tasks import EXPORTS, RENDERERS, export_filename

    async with ctx.session() as db:
        row = await db.get(ExportFeed, event_id)
        if row is None:
            raise TaskFailed("The event has no feeds to refresh.")
        snapshot = row.changed_at
        old_keys = [row.ical_key, row.xcal_key, row.pentabarf_key]
        try:
            schedule = await load_schedule(db, int(event_id))
        except ScheduleNotFound:
            raise TaskFailed("The event no longer exists; nothing was exported.") from None
    run = new_task_id()
    keys: dict[str, str] = {}
    for extension, (name, column, _suffix) in FEED_FORMATS.items():
        data = await ctx.run_sync(RENDERERS[name], schedule, base_url=ctx.settings.base_url)
        key = job_key(f"feeds/{int(event_id)}", run, export_filename(name, schedule.event.identifier))
        await ctx.storage.put(key, data, EXPORTS[name][0].CONTENT_TYPE)
        keys[column] = key
    async with ctx.session() as db:
        stmt = (update(ExportFeed)
                .where(ExportFeed.event_id == event_id,
                       or_(ExportFeed.generated_for.is_(None), ExportFeed.generated_for <= snapshot))
                .values(generated_for=snapshot, generated_at=utcnow(), **keys)
                .execution_options(synchronize_session=False))
        stored = (await db.execute(stmt)).rowcount == 1
        await db.commit()
    # the superseded files (or ours, when a newer run won): readers of a vanished key re-render
    for key in ([k for k in old_keys if k] if stored else list(keys.values())):
        await ctx.storage.delete(key)
    return {"event_id": int(event_id), "current": stored}


@task("export.refresh_feeds")
async def export_refresh_feeds(ctx: TaskContext, event_id: int) -> dict:
    return await refresh_feeds(ctx, int(event_id))


async def stale_event_ids(db, *, now: datetime | None = None, limit: int = SWEEP_BATCH) -> list[int]:
    """Events whose stored feeds are behind their programme, last change older than the debounce."""
    now = now or utcnow()
    stmt = (select(ExportFeed.event_id)
            .join(Event, Event.id == ExportFeed.event_id)
            .where(Event.deleted_at.is_(None), Event.state == "published",
                   or_(ExportFeed.generated_for.is_(None), ExportFeed.generated_for < ExportFeed.changed_at),
                   ExportFeed.changed_at < now - timedelta(seconds=SWEEP_DEBOUNCE_SECONDS))
            .order_by(ExportFeed.changed_at).limit(limit))
    return list((await db.execute(stmt)).scalars())


@task("export.refresh_stale_feeds")
async def export_refresh_stale_feeds(ctx: TaskContext) -> dict:
    """The periodic sweep: regenerate every published event whose feeds are stale."""
    async with ctx.session() as db:
        event_ids = await stale_event_ids(db)
    refreshed = []
    for event_id in event_ids:
        async with ctx.session() as db:
            if not await request_refresh(db, event_id):
                continue  # someone else queued it
        try:
            await refresh_feeds(ctx, event_id)
            refreshed.append(event_id)
        except TaskFailed:
            continue
    return {"refreshed": refreshed}


@periodic("export.refresh_stale_feeds")
async def sweep_stale_feeds(db, settings) -> dict:
    """Every reaper tick (in-process loop or the Celery beat reap task): the sweep above, so feeds
    of published events follow their programme without waiting for a reader."""
    ctx = TaskContext(task_id=f"periodic-{new_task_id()}", name="export.refresh_stale_feeds", owner_id=None,
                      settings=settings, sessionmaker=session_factory(db.bind), storage=make_storage(settings))
    return await export_refresh_stale_feeds(ctx)


# -- 3. reads -------------------------------------------------------------------------------


async def stored_feed(db, storage, event_id: int, extension: str) -> bytes | None:
    """The stored file when it reflects the current programme, else None."""
    from openevent.storage.base import FileMissing

    row = await db.get(ExportFeed, event_id, populate_existing=True)
    if row is None or row.generated_for is None or row.generated_for < row.changed_at:
        return None
    key = getattr(row, FEED_FORMATS[extension][1])
    if not key:
        return None
    try:
        return await storage.get(key)
    except FileMissing:
        return None
