"""The Celery application of openevent (scaled mode: TASK_BROKER_URL=redis://...).

Celery only carries task ids. The worker-side tasks are thin wrappers: they open
their own database engine and session, and call the same async code as the
in-process runner through asyncio.run. All state lives in the tasks table, so no
result backend is needed.
"""

from __future__ import annotations

import asyncio
from typing import Any

from celery import Celery

from openevent.core.db import create_engine, session_factory
from openevent.storage import make_storage

from . import service
from .execution import execute
from .periodic import run_periodic

RUN_TASK = "openevent.run_task"
REAP_TASKS = "openevent.reap_tasks"


def make_celery(settings: Any) -> Celery:
    app = Celery("openevent", broker=settings.task_broker_url, set_as_current=False)
    app.conf.update(
        task_default_queue=settings.task_queue,
        task_ignore_result=True,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=5,
        broker_transport_options={"socket_connect_timeout": 5, "socket_timeout": 10},
        beat_schedule={
            "openevent-reap-tasks": {
                "task": REAP_TASKS,
                "schedule": settings.task_reap_interval_seconds,
                "options": {"queue": settings.task_queue, "expires": settings.task_reap_interval_seconds},
            }
        },
    )

    @app.task(name=RUN_TASK, shared=False)
    def run_task(task_id: str) -> None:
        asyncio.run(_with_database(settings, lambda sm: execute(
            task_id, sessionmaker=sm, storage=make_storage(settings), settings=settings)))

    @app.task(name=REAP_TASKS, shared=False)
    def reap_tasks() -> int:
        return asyncio.run(_with_database(settings, lambda sm: _reap(sm, settings)))

    return app


async def _reap(sessionmaker, settings: Any) -> int:
    async with sessionmaker() as db:
        count = await service.reap_stale(db, settings)
    await run_periodic(sessionmaker, settings)
    return count


async def _with_database(settings: Any, work) -> Any:
    """A fresh engine per job: asyncio.run gives each job its own event loop."""
    engine = create_engine(settings.database_url, schema=settings.database_schema)
    try:
        return await work(session_factory(engine))
    finally:
        await engine.dispose()
