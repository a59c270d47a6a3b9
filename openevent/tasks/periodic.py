"""Periodic jobs of the domains (e.g. expiring unpaid orders), run on every reaper tick.

    from openevent.tasks.periodic import periodic

    @periodic("orders.expire")
    async def expire(db: AsyncSession, settings) -> int: ...

In-process mode the task runner's reaper loop calls run_periodic() every
`task_reap_interval_seconds`; with Celery the beat-scheduled reap task does the same, so
each job runs once per tick in either mode. Jobs must be idempotent (guarded UPDATEs).
A failing job is logged and does not stop the others.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable

log = logging.getLogger("openevent.tasks")

PeriodicJob = Callable[[Any, Any], Awaitable[Any]]
PERIODIC_JOBS: dict[str, PeriodicJob] = {}


def periodic(name: str) -> Callable[[PeriodicJob], PeriodicJob]:
    def decorate(fn: PeriodicJob) -> PeriodicJob:
        PERIODIC_JOBS[name] = fn
        return fn
    return decorate


async def run_periodic(sessionmaker: Any, settings: Any) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, fn in list(PERIODIC_JOBS.items()):
        try:
            async with sessionmaker() as db:
                results[name] = await fn(db, settings)
        except Exception:  # noqa: BLE001 - one failing job must not stop the others
            log.warning("periodic job %s failed", name, exc_info=True)
    return results
