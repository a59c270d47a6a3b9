"""Task functions registered by name: @task("export.ical") async def export_ical(ctx, event_id): ...

Both the API process and Celery workers import the domain modules (see load_task_modules),
so the same names resolve to the same functions everywhere.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

TaskFunction = Callable[..., Awaitable[dict | None]]


@dataclass(frozen=True)
class TaskDef:
    name: str
    fn: TaskFunction


TASKS: dict[str, TaskDef] = {}


def task(name: str) -> Callable[[TaskFunction], TaskFunction]:
    """Register an async function `fn(ctx: TaskContext, **json_kwargs) -> dict | None` under a name."""

    def decorate(fn: TaskFunction) -> TaskFunction:
        existing = TASKS.get(name)
        if existing is not None and existing.fn is not fn:
            raise ValueError(f"task {name!r} is registered twice ({existing.fn.__module__} and {fn.__module__})")
        TASKS[name] = TaskDef(name, fn)
        return fn

    return decorate


def get_task(name: str) -> TaskDef | None:
    return TASKS.get(name)


def load_task_modules(settings: Any) -> None:
    """Import every table and domain (their modules register their tasks) plus settings.task_modules."""
    from openevent.app import DOMAIN_APIS  # the composition root lists the domains

    for module in ("openevent.models", *DOMAIN_APIS, *settings.task_modules):
        importlib.import_module(module)
