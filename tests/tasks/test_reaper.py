"""Tasks of dead workers are failed with a clear message, never left WAITING forever."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import update

from openevent.core.db import utcnow
from openevent.tasks import service
from openevent.tasks.inprocess import InProcessRunner
from openevent.tasks.models import Task

from ..factories import auth_header, make_user
from . import demo_tasks
from .conftest import poll, wait_for_state


async def test_running_task_without_heartbeat_is_reported_failed_after_the_timeout(app, client, db, runner, monkeypatch):
    settings = app.state.settings
    # The worker's heartbeat never comes in time: as if it had died mid-task.
    monkeypatch.setattr(settings, "task_heartbeat_seconds", 60.0)
    monkeypatch.setattr(settings, "task_heartbeat_timeout_seconds", 0.3)
    user = await make_user(db)
    headers = auth_header(user)
    task_id = await runner.enqueue(db, "tests.hang", owner_id=user.id, label="dead")
    await wait_for_state(app, task_id, "RUNNING")
    assert (await client.get(f"/v1/tasks/{task_id}", headers=headers)).json() == {"state": "WAITING"}

    await asyncio.sleep(0.5)
    body = await poll(client, task_id, headers)
    assert body == {"state": "FAILURE", "result": service.dead_worker_message(0.3)}
    assert "no heartbeat for 0.3 seconds" in body["result"]

    # The presumed-dead worker finishing late does not resurrect the task.
    demo_tasks.RELEASE["dead"].set()
    await runner.wait_idle(timeout=5)
    assert await poll(client, task_id, headers) == body


async def test_heartbeats_keep_a_long_task_alive(app, client, db, runner, monkeypatch):
    settings = app.state.settings
    monkeypatch.setattr(settings, "task_heartbeat_seconds", 0.05)
    monkeypatch.setattr(settings, "task_heartbeat_timeout_seconds", 0.5)
    user = await make_user(db)
    headers = auth_header(user)
    task_id = await runner.enqueue(db, "tests.hang", owner_id=user.id, label="alive")
    await wait_for_state(app, task_id, "RUNNING")
    await asyncio.sleep(1.0)  # twice the timeout
    assert (await client.get(f"/v1/tasks/{task_id}", headers=headers)).json() == {"state": "WAITING"}
    demo_tasks.RELEASE["alive"].set()
    assert (await poll(client, task_id, headers))["state"] == "SUCCESS"


async def _stale_row(db, owner_id: int, state: str, age_seconds: float) -> str:
    row = service.create_task(db, "tests.echo", owner_id=owner_id, args={"event_id": 1, "text": "x"})
    await db.commit()
    old = utcnow() - timedelta(seconds=age_seconds)
    await db.execute(update(Task).where(Task.id == row.id).values(state=state, heartbeat_at=old))
    await db.commit()
    return row.id


async def test_periodic_reaper_of_the_in_process_runner(app, db, monkeypatch):
    settings = app.state.settings
    monkeypatch.setattr(settings, "task_reap_interval_seconds", 0.05)
    monkeypatch.setattr(settings, "task_heartbeat_timeout_seconds", 60.0)
    user = await make_user(db)
    dead = await _stale_row(db, user.id, "RUNNING", age_seconds=120)
    alive = await _stale_row(db, user.id, "RUNNING", age_seconds=1)

    reaper_runner = InProcessRunner(settings, app.state.sessionmaker, app.state.storage)
    await reaper_runner.start()
    try:
        row = await wait_for_state(app, dead, "FAILURE")
    finally:
        await reaper_runner.stop()
    assert row.error == service.dead_worker_message(60.0)
    assert row.finished_at is not None
    async with app.state.sessionmaker() as other:
        assert (await other.get(Task, alive)).state == "RUNNING"


async def test_task_never_started_is_failed_after_the_queue_timeout(app, client, db, monkeypatch):
    settings = app.state.settings
    monkeypatch.setattr(settings, "task_queue_timeout_seconds", 30.0)
    user = await make_user(db)
    lost = await _stale_row(db, user.id, "WAITING", age_seconds=31)
    queued = await _stale_row(db, user.id, "WAITING", age_seconds=5)

    headers = auth_header(user)
    assert (await client.get(f"/v1/tasks/{lost}", headers=headers)).json() == {
        "state": "FAILURE", "result": service.never_started_message(30.0)}
    assert (await client.get(f"/v1/tasks/{queued}", headers=headers)).json() == {"state": "WAITING"}


async def test_a_reaped_task_is_not_run_by_a_late_worker(app, db):
    from openevent.tasks.execution import execute

    user = await make_user(db)
    task_id = await _stale_row(db, user.id, "WAITING", age_seconds=0)
    await db.execute(update(Task).where(Task.id == task_id).values(state="FAILURE", error="reaped"))
    await db.commit()
    await execute(task_id, sessionmaker=app.state.sessionmaker, storage=app.state.storage,
                  settings=app.state.settings)
    async with app.state.sessionmaker() as other:
        row = await other.get(Task, task_id)
    assert (row.state, row.error, row.attempts) == ("FAILURE", "reaped", 0)
