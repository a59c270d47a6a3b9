from __future__ import annotations

import asyncio
import time

import pytest

from openevent.tasks.models import Task

from . import demo_tasks


@pytest.fixture
async def runner(app):
    """The app's in-process runner; releases hanging test tasks and drains it afterwards."""
    runner = app.state.task_runner
    yield runner
    for event in demo_tasks.RELEASE.values():
        event.set()
    await runner.wait_idle(timeout=10)
    demo_tasks.RELEASE.clear()


async def poll(client, task_id: str, headers: dict, *, until=("SUCCESS", "FAILURE"), timeout: float = 20.0) -> dict:
    """GET /v1/tasks/{id} until its state is one of `until`."""
    deadline = time.monotonic() + timeout
    while True:
        response = await client.get(f"/v1/tasks/{task_id}", headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        if body["state"] in until:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"task {task_id} still {body} after {timeout} s")
        await asyncio.sleep(0.05)


async def wait_for_state(app, task_id: str, state: str, timeout: float = 10.0) -> Task:
    deadline = time.monotonic() + timeout
    while True:
        async with app.state.sessionmaker() as db:
            row = await db.get(Task, task_id)
        if row is not None and row.state == state:
            return row
        if time.monotonic() > deadline:
            raise AssertionError(f"task {task_id} never reached {state}: {row and row.state}")
        await asyncio.sleep(0.02)
