"""Tasks registered only for the tests (imported by tests and by the test Celery worker)."""

from __future__ import annotations

import asyncio
import os

from sqlalchemy import select

from openevent.tasks import TaskContext, TaskFailed, task
from openevent.tasks.models import Task

# Set by tests to let a "tests.hang" task finish; one event per label.
RELEASE: dict[str, asyncio.Event] = {}


@task("tests.echo")
async def echo(ctx: TaskContext, event_id: int, text: str) -> dict:
    async with ctx.session() as db:  # the task sees its own row: same database as the API
        name = (await db.execute(select(Task.name).where(Task.id == ctx.task_id))).scalar_one()
    await ctx.progress(50)
    data = f"{name}:{text}".encode()
    key = await ctx.save_export(event_id, "echo.txt", data, "text/plain")
    return ctx.download(key, size=len(data), pid=os.getpid())


@task("tests.fail")
async def fail(ctx: TaskContext, reason: str) -> dict:
    raise TaskFailed(reason)


@task("tests.crash")
async def crash(ctx: TaskContext) -> dict:
    raise RuntimeError("password=hunter2 in /srv/secret/path")


@task("tests.bad_result")
async def bad_result(ctx: TaskContext) -> dict:
    return {"when": object()}


@task("tests.hang")
async def hang(ctx: TaskContext, label: str, progress: int | None = None) -> dict:
    if progress is not None:
        await ctx.progress(progress)
    await RELEASE.setdefault(label, asyncio.Event()).wait()
    return {"released": label}
