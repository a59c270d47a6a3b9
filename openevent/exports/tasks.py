"""Background export tasks: thin wrappers around the pure exporters.

Each task takes primitive ids only, loads the public programme itself (so a worker in
another process sees the current data), renders it in a thread and stores the file
under its own key exports/<event_id>/<task_id>/<file> (W20). The task API turns the
stored key into {"download_url": <absolute signed URL>} when the task is polled.

`export.schedule_json` produces the frab/c3voc schedule.json. The Open Event
"full event" zip (`export.event`, with media) is not built yet; the JSON trigger
accepts its media toggles and runs this task instead.
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
async def export_schedule_json(ctx: TaskContext, event_id: int, **media_toggles: bool) -> dict:
    # The media toggles (image, video, audio, document) belong to the full event zip,
    # which is not built yet: schedule.json never contains media files.
    return await run_export(ctx, "export.schedule_json", event_id)
