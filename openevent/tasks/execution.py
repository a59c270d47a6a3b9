"""Run one task by id: claim the row, keep a heartbeat, record the outcome.

Used by both runners (in-process and Celery). A task's own failure never
escapes as a stack trace: the client sees either the TaskFailed message or a
generic sentence, and the traceback goes to the log.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import orjson
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from . import service
from .context import TaskContext, TaskFailed
from .registry import get_task

log = logging.getLogger("openevent.tasks")

SHUTDOWN_MESSAGE = "The task was interrupted because its worker shut down. Start the task again."


def unexpected_message(name: str) -> str:
    return f"The task {name!r} failed because of an unexpected error on the server; the error has been logged."


async def execute(task_id: str, *, sessionmaker: async_sessionmaker[AsyncSession], storage: Any, settings: Any) -> None:
    async with sessionmaker() as db:
        row = await service.claim(db, task_id)
    if row is None:
        log.info("task %s is not waiting (unknown, already started or reaped); skipped", task_id)
        return
    ctx = TaskContext(task_id=row.id, name=row.name, owner_id=row.owner_id, settings=settings,
                      sessionmaker=sessionmaker, storage=storage)
    beating = asyncio.create_task(_heartbeat_loop(ctx, settings.task_heartbeat_seconds))
    try:
        outcome = await _call(ctx, row.args or {})
    except asyncio.CancelledError:
        await _record(sessionmaker, task_id, (False, SHUTDOWN_MESSAGE))
        raise
    finally:
        beating.cancel()
        await asyncio.gather(beating, return_exceptions=True)
    await _record(sessionmaker, task_id, outcome)


async def _call(ctx: TaskContext, args: dict) -> tuple[bool, Any]:
    """(True, result dict) or (False, message for the client)."""
    definition = get_task(ctx.name)
    if definition is None:
        return False, f"No task named {ctx.name!r} is installed on the worker that took it."
    try:
        result = await definition.fn(ctx, **args)
    except TaskFailed as exc:
        return False, str(exc) or unexpected_message(ctx.name)
    except Exception:  # noqa: BLE001 - any bug in a task becomes a clean FAILURE
        log.exception("task %s (%s) failed", ctx.task_id, ctx.name)
        return False, unexpected_message(ctx.name)
    return _checked_result(ctx, result)


def _checked_result(ctx: TaskContext, result: Any) -> tuple[bool, Any]:
    if result is None:
        return True, {}
    try:
        if isinstance(result, dict) and orjson.loads(orjson.dumps(result)) == result:
            return True, result
    except TypeError:
        pass
    log.error("task %s (%s) returned a result that is not a JSON object: %r", ctx.task_id, ctx.name, result)
    return False, unexpected_message(ctx.name)


async def _record(sessionmaker: async_sessionmaker[AsyncSession], task_id: str, outcome: tuple[bool, Any]) -> None:
    ok, value = outcome
    async with sessionmaker() as db:
        done = await (service.succeed(db, task_id, value) if ok else service.fail(db, task_id, value))
    if not done:
        log.warning("task %s finished after it had been failed by the reaper; its outcome is dropped", task_id)


async def _heartbeat_loop(ctx: TaskContext, interval: float) -> None:
    while True:
        await asyncio.sleep(interval)
        try:
            async with ctx.session() as db:
                alive = await service.heartbeat(db, ctx.task_id)
        except Exception:  # noqa: BLE001 - a missed beat is retried on the next tick
            log.warning("heartbeat of task %s failed", ctx.task_id, exc_info=True)
            continue
        if not alive:
            return
