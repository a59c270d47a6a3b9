"""Background tasks: durable state in the `tasks` table, run in-process or by Celery workers.

Writing a task (e.g. in openevent/exports/tasks.py, imported by the exports api module):

    from openevent.tasks import TaskContext, TaskFailed, task

    @task("export.ical")
    async def export_ical(ctx: TaskContext, event_id: int) -> dict:
        async with ctx.session() as db:
            schedule = await load_schedule(db, event_id)      # load by primitive id
        if schedule is None:
            raise TaskFailed(f"Event {event_id} no longer exists.")  # shown to the user as written
        data = await ctx.run_sync(ical, schedule)             # pure exporter in a thread: heartbeats go on
        await ctx.progress(90)
        key = await ctx.save_export(event_id, "schedule.ics", data, "text/calendar")
        return ctx.download(key)                              # clients see {"download_url": ...}

Starting one from an endpoint:

    runner = request.app.state.task_runner
    task_id = await runner.enqueue(db, "export.ical", owner_id=ctx.actor.user_id, event_id=event.id)
    return PlainJsonResponse({"task_url": task_url(task_id)})
"""

from .api import task_url
from .context import TaskContext, TaskFailed
from .registry import task

__all__ = ["TaskContext", "TaskFailed", "task", "task_url"]
