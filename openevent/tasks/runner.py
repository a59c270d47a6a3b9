"""The runner interface: enqueue a named task, start and stop with the app."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from openevent.jsonapi.errors import JsonApiError

from . import service
from .registry import get_task

log = logging.getLogger("openevent.tasks")

UNAVAILABLE_MESSAGE = "The task could not be queued because the task broker is unreachable. Try again later."


class TaskRunner:
    """enqueue() commits the tasks row, then publishes the job (_publish, per backend)."""

    async def enqueue(self, db: AsyncSession, name: str, /, *, owner_id: int | None, **kwargs: Any) -> str:
        """Queue `name(ctx, **kwargs)`; returns the task id. Commits `db` (and what the caller added to it)."""
        if get_task(name) is None:
            raise LookupError(f"no task is registered under the name {name!r}")
        row = service.create_task(db, name, owner_id=owner_id, args=kwargs)
        task_id = row.id
        await db.commit()
        try:
            await self._publish(task_id)
        except Exception:  # noqa: BLE001 - the broker being down is reported, never a 500
            log.exception("could not publish task %s (%s)", task_id, name)
            await service.fail(db, task_id, UNAVAILABLE_MESSAGE, from_states=(service.WAITING,))
            raise JsonApiError(503, "Background tasks are unavailable right now; try again later.",
                               title="Service unavailable") from None
        return task_id

    async def _publish(self, task_id: str) -> None:
        raise NotImplementedError

    async def start(self) -> None:
        """Called when the app starts."""

    async def stop(self) -> None:
        """Called when the app stops."""


def make_runner(settings: Any, sessionmaker: Any, storage: Any) -> TaskRunner:
    """Celery when TASK_BROKER_URL is set, otherwise asyncio tasks in this process."""
    if settings.task_broker_url:
        from .celery_runner import CeleryRunner

        return CeleryRunner(settings)
    from .inprocess import InProcessRunner

    return InProcessRunner(settings, sessionmaker, storage)
