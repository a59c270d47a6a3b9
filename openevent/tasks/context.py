"""What a task function receives: database sessions, storage, settings, progress reports."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from openevent.storage.base import Data
from openevent.storage.keys import export_key, job_key

from . import service

T = TypeVar("T")

DOWNLOAD_KEY = "download_key"  # result member the task API turns into a fresh download_url


class TaskFailed(Exception):
    """Raise with a message for the user; it becomes the FAILURE result as written."""


@dataclass
class TaskContext:
    task_id: str
    name: str
    owner_id: int | None
    settings: Any
    sessionmaker: async_sessionmaker[AsyncSession]
    storage: Any  # openevent.storage.Storage

    def session(self) -> AsyncSession:
        """A new database session: `async with ctx.session() as db: ...`."""
        return self.sessionmaker()

    async def progress(self, percent: int) -> None:
        """Report progress (0-100); also counts as a heartbeat."""
        percent = max(0, min(100, int(percent)))
        async with self.session() as db:
            await service.heartbeat(db, self.task_id, progress=percent)

    async def run_sync(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run blocking or CPU-heavy code (e.g. a pure exporter) in a thread, so heartbeats go on."""
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def save(self, filename: str, data: Data, content_type: str, *, folder: str) -> str:
        """Store a file under <folder>/<task_id>/<safe filename>; returns its key."""
        return await self.storage.put(job_key(folder, self.task_id, filename), data, content_type)

    async def save_export(self, event_id: int, filename: str, data: Data, content_type: str) -> str:
        """Store an export under exports/<event_id>/<task_id>/<safe filename>; returns its key."""
        return await self.storage.put(export_key(event_id, self.task_id, filename), data, content_type)

    @staticmethod
    def download(key: str, **extra: Any) -> dict:
        """The result of a task that produced a file: clients get {"download_url": ...}."""
        return {DOWNLOAD_KEY: key, **extra}
