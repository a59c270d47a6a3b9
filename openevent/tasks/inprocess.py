"""Tasks as asyncio tasks inside the API process (embedded mode, no broker)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from . import service
from .execution import execute
from .periodic import run_periodic
from .runner import TaskRunner

log = logging.getLogger("openevent.tasks")


class InProcessRunner(TaskRunner):
    """At most settings.task_concurrency tasks run at once; a periodic reaper fails dead ones.

    Jobs are lost if the process dies; their rows are then failed by the reaper
    (RUNNING: heartbeat timeout; WAITING: queue timeout), never left waiting forever.
    """

    def __init__(self, settings: Any, sessionmaker: Any, storage: Any) -> None:
        self.settings = settings
        self.sessionmaker = sessionmaker
        self.storage = storage
        self._slots = asyncio.Semaphore(max(1, settings.task_concurrency))
        self._jobs: set[asyncio.Task] = set()
        self._reaper: asyncio.Task | None = None

    async def _publish(self, task_id: str) -> None:
        job = asyncio.create_task(self._run(task_id), name=f"openevent-task-{task_id}")
        self._jobs.add(job)
        job.add_done_callback(self._jobs.discard)

    async def _run(self, task_id: str) -> None:
        async with self._slots:
            try:
                await execute(task_id, sessionmaker=self.sessionmaker, storage=self.storage, settings=self.settings)
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - e.g. the database is down; the reaper will fail the row
                log.exception("in-process task %s could not be run", task_id)

    async def wait_idle(self, timeout: float | None = None) -> None:
        """Wait until every queued job has finished (tests, graceful shutdown)."""
        if self._jobs:
            await asyncio.wait(set(self._jobs), timeout=timeout)

    async def start(self) -> None:
        if self._reaper is None:
            self._reaper = asyncio.create_task(self._reap_forever(), name="openevent-task-reaper")

    async def stop(self, grace: float = 5.0) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
            await asyncio.gather(self._reaper, return_exceptions=True)
            self._reaper = None
        await self.wait_idle(timeout=grace)
        for job in list(self._jobs):
            job.cancel()  # execute() records FAILURE with a "worker shut down" message
        await asyncio.gather(*self._jobs, return_exceptions=True)

    async def _reap_forever(self) -> None:
        while True:
            await asyncio.sleep(self.settings.task_reap_interval_seconds)
            try:
                async with self.sessionmaker() as db:
                    count = await service.reap_stale(db, self.settings)
                if count:
                    log.warning("failed %d task(s) whose worker died or that were never started", count)
                await run_periodic(self.sessionmaker, self.settings)
            except Exception:  # noqa: BLE001 - try again on the next tick
                log.warning("task reaper pass failed", exc_info=True)
