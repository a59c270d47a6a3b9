"""Publish tasks to Celery workers through the broker at TASK_BROKER_URL."""

from __future__ import annotations

import asyncio
from typing import Any

from .runner import TaskRunner


class CeleryRunner(TaskRunner):
    def __init__(self, settings: Any) -> None:
        from .celery_app import make_celery

        self.settings = settings
        self.celery = make_celery(settings)

    async def _publish(self, task_id: str) -> None:
        # A message older than the queue timeout is dropped: the reaper has failed its row by then.
        await asyncio.to_thread(
            self.celery.send_task,
            "openevent.run_task",
            args=[task_id],
            queue=self.settings.task_queue,
            expires=self.settings.task_queue_timeout_seconds,
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
        )

    async def stop(self) -> None:
        await asyncio.to_thread(self.celery.close)
