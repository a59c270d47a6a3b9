"""State transitions of task rows. Each write is one guarded UPDATE, so a late worker
can never overwrite a task the reaper has already failed (and vice versa)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import orjson
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow

from .models import FAILURE, RUNNING, SUCCESS, WAITING, Task


def new_task_id() -> str:
    return uuid.uuid4().hex


def check_args(args: dict[str, Any]) -> dict[str, Any]:
    """Task arguments travel through the database and the broker: JSON values only."""
    try:
        same = orjson.loads(orjson.dumps(args)) == args
    except TypeError:
        same = False
    if not same:
        raise TypeError(f"task arguments must be plain JSON values (ids, strings, numbers), got {args!r}")
    return args


def create_task(db: AsyncSession, name: str, *, owner_id: int | None, args: dict[str, Any]) -> Task:
    now = utcnow()
    row = Task(id=new_task_id(), name=name, owner_id=owner_id, args=check_args(args), state=WAITING,
               attempts=0, created_at=now, heartbeat_at=now)
    db.add(row)
    return row


async def get_task_row(db: AsyncSession, task_id: str) -> Task | None:
    return await db.get(Task, task_id, populate_existing=True)


async def claim(db: AsyncSession, task_id: str) -> Task | None:
    """WAITING -> RUNNING; None when the task is unknown or someone else already took it."""
    now = utcnow()
    stmt = (
        update(Task)
        .where(Task.id == task_id, Task.state == WAITING)
        .values(state=RUNNING, started_at=now, heartbeat_at=now, attempts=Task.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    claimed = (await db.execute(stmt)).rowcount == 1
    await db.commit()
    if not claimed:
        return None
    return (await db.execute(select(Task).where(Task.id == task_id))).scalar_one()


async def heartbeat(db: AsyncSession, task_id: str, *, progress: int | None = None) -> bool:
    """Record a sign of life; False when the task is no longer RUNNING (e.g. it was reaped)."""
    values: dict[str, Any] = {"heartbeat_at": utcnow()}
    if progress is not None:
        values["progress"] = progress
    stmt = update(Task).where(Task.id == task_id, Task.state == RUNNING).values(**values)
    result = await db.execute(stmt.execution_options(synchronize_session=False))
    await db.commit()
    return result.rowcount == 1


async def succeed(db: AsyncSession, task_id: str, result: dict) -> bool:
    return await _finish(db, task_id, state=SUCCESS, result=result, progress=100)


async def fail(db: AsyncSession, task_id: str, message: str, *, from_states: tuple[str, ...] = (RUNNING,)) -> bool:
    return await _finish(db, task_id, state=FAILURE, error=message, from_states=from_states)


async def _finish(db: AsyncSession, task_id: str, *, state: str, from_states: tuple[str, ...] = (RUNNING,),
                  **values: Any) -> bool:
    now = utcnow()
    stmt = (
        update(Task)
        .where(Task.id == task_id, Task.state.in_(from_states))
        .values(state=state, finished_at=now, heartbeat_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    done = (await db.execute(stmt)).rowcount == 1
    await db.commit()
    return done


def _seconds(value: float) -> str:
    return f"{value:g}"


def dead_worker_message(timeout: float) -> str:
    return (f"The task stopped responding: its worker sent no heartbeat for {_seconds(timeout)} seconds "
            "and is presumed dead. Start the task again.")


def never_started_message(timeout: float) -> str:
    return (f"The task was never started: no worker picked it up within {_seconds(timeout)} seconds. "
            "Check that a task worker is running, then start the task again.")


async def reap_stale(db: AsyncSession, settings: Any, *, task_id: str | None = None,
                     now: datetime | None = None) -> int:
    """Fail RUNNING tasks without a recent heartbeat and WAITING tasks nobody started.

    Returns how many tasks were failed. With task_id, only that task is checked
    (the on-read check of GET /v1/tasks/{id}).
    """
    now = now or utcnow()
    rules = (
        (RUNNING, settings.task_heartbeat_timeout_seconds, dead_worker_message),
        (WAITING, settings.task_queue_timeout_seconds, never_started_message),
    )
    count = 0
    for state, timeout, message in rules:
        stmt = (
            update(Task)
            .where(Task.state == state, Task.heartbeat_at < now - timedelta(seconds=timeout))
            .values(state=FAILURE, error=message(timeout), finished_at=now)
            .execution_options(synchronize_session=False)
        )
        if task_id is not None:
            stmt = stmt.where(Task.id == task_id)
        count += (await db.execute(stmt)).rowcount
    await db.commit()
    return count
