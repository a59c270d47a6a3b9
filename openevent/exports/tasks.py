"""Background export tasks: thin wrappers around the pure exporters.

Each task takes primitive ids only, loads the public programme itself (so a worker in
another process sees the current data), renders it in a thread and stores the file
under its own key exports/<event_id>/<task_id>/<file> (W20). The task API turns the
stored key into {"download_url": <absolute signed URL>} when the task is polled.

`export.schedule_json` produces the frab/c3voc schedule.json (trigger
/export/schedule-json). `export.event` builds the Open Event "full event" zip
(trigger POST /export/json, see event_zip.py); `import.event` reads such a zip
into a new event (POST /v1/events/import/json, see event_import.py).
"""

from __future__ import annotations

from collections.abc import Callable

from openevent.tasks import TaskContext, TaskFailed, task

from . import ical, pentabarf, schedule_json, xcal
from .schedule_data import Schedule, ScheduleNotFound, load_schedule

# task name -> (exporter module, file name suffix)
EXPORTS = {
    "export.ical": (ical, ""),
    "export.xcal": (xcal, ""),
    "export.pentabarf": (pentabarf, "-pentabarf"),
    "export.schedule_json": (schedule_json, "-schedule"),
}
RENDERERS: dict[str, Callable[..., bytes]] = {
    "export.ical": ical.render_ical,
    "export.xcal": xcal.render_xcal,
    "export.pentabarf": pentabarf.render_pentabarf,
    "export.schedule_json": schedule_json.render_schedule_json,
}


def export_filename(name: str, identifier: str) -> str:
    module, suffix = EXPORTS[name]
    return f"{identifier}{suffix}.{module.FILE_EXTENSION}"


async def run_export(ctx: TaskContext, name: str, event_id: int) -> dict:
    module, _ = EXPORTS[name]
    await ctx.progress(5)
    try:
        async with ctx.session() as db:
            schedule: Schedule = await load_schedule(db, int(event_id))
    except ScheduleNotFound:
        raise TaskFailed("The event no longer exists; nothing was exported.") from None
    await ctx.progress(30)
    data = await ctx.run_sync(RENDERERS[name], schedule, base_url=ctx.settings.base_url)
    await ctx.progress(80)
    key = await ctx.save_export(schedule.event.id, export_filename(name, schedule.event.identifier), data,
                                module.CONTENT_TYPE)
    await ctx.progress(95)
    return ctx.download(key)


@task("export.ical")
async def export_ical(ctx: TaskContext, event_id: int) -> dict:
    return await run_export(ctx, "export.ical", event_id)


@task("export.xcal")
async def export_xcal(ctx: TaskContext, event_id: int) -> dict:
    return await run_export(ctx, "export.xcal", event_id)


@task("export.pentabarf")
async def export_pentabarf(ctx: TaskContext, event_id: int) -> dict:
    return await run_export(ctx, "export.pentabarf", event_id)


@task("export.schedule_json")
async def export_schedule_json(ctx: TaskContext, event_id: int, **_ignored: bool) -> dict:
    # **_ignored: tasks queued before POST /export/json built the zip carried media toggles.
    return await run_export(ctx, "export.schedule_json", event_id)


@task("export.event")
async def export_event(ctx: TaskContext, event_id: int, image: bool = False, video: bool = False,
                       audio: bool = False, document: bool = False, private_data: bool = False) -> dict:
    from .event_zip import build_event_zip, event_zip_filename

    await ctx.progress(5)
    media = {"image": image, "video": video, "audio": audio, "document": document}
    built = await build_event_zip(ctx, int(event_id), media=media, private_data=private_data,
                                  progress=ctx.progress)
    if built is None:
        raise TaskFailed("The event no longer exists; nothing was exported.")
    file, identifier = built
    try:
        key = await ctx.save_export(int(event_id), event_zip_filename(identifier), file, "application/zip")
    finally:
        file.close()
    return ctx.download(key)


@task("import.event")
async def import_event(ctx: TaskContext, upload_key: str) -> dict:
    from .event_import import run_import

    try:
        return await run_import(ctx, upload_key)
    finally:
        await ctx.storage.delete(upload_key)


# -- CSV exports ----------------------------------------------------------------------------

CSV_WRITERS = {  # task name -> (file name part, "module:function", header constant)
    "export.sessions.csv": ("sessions", "csv_export:write_sessions_csv", "SESSION_COLUMNS"),
    "export.speakers.csv": ("speakers", "csv_export:write_speakers_csv", "SPEAKER_COLUMNS"),
    "export.orders.csv": ("orders", "orders_csv:write_orders_csv", "ORDER_COLUMNS"),
    "export.attendees.csv": ("attendees", "orders_csv:write_attendees_csv", None),
}


async def run_csv(ctx: TaskContext, name: str, event_id: int, **options) -> dict:
    import importlib

    from openevent.events.models import Event

    from .csv_export import CsvFile

    part, target, header_name = CSV_WRITERS[name]
    module_name, _, function = target.partition(":")
    module = importlib.import_module(f"{__package__}.{module_name}")
    await ctx.progress(5)
    async with ctx.session() as db:
        event = await db.get(Event, int(event_id))
        if event is None or event.deleted_at is not None:
            raise TaskFailed("The event no longer exists; nothing was exported.")
        header = getattr(module, header_name) if header_name else await module.attendee_columns(db, event)
        out = CsvFile(header)
        try:
            await getattr(module, function)(db, event, out=out, **options)
            file = out.finish()
        except BaseException:
            out.discard()
            raise
        identifier = event.identifier
    try:
        await ctx.progress(90)
        key = await ctx.save_export(int(event_id), f"{identifier}-{part}.csv", file, "text/csv")
    finally:
        file.close()
    return ctx.download(key, rows=out.count)


@task("export.sessions.csv")
async def export_sessions_csv(ctx: TaskContext, event_id: int, status: str = "all") -> dict:
    return await run_csv(ctx, "export.sessions.csv", event_id, status=status)


@task("export.speakers.csv")
async def export_speakers_csv(ctx: TaskContext, event_id: int, status: str = "all") -> dict:
    return await run_csv(ctx, "export.speakers.csv", event_id, status=status)


@task("export.orders.csv")
async def export_orders_csv(ctx: TaskContext, event_id: int) -> dict:
    return await run_csv(ctx, "export.orders.csv", event_id)


@task("export.attendees.csv")
async def export_attendees_csv(ctx: TaskContext, event_id: int) -> dict:
    return await run_csv(ctx, "export.attendees.csv", event_id)
