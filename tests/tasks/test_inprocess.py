"""The in-process runner end to end: enqueue -> poll GET /v1/tasks/{id} -> download."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openevent.tasks.execution import unexpected_message
from openevent.tasks.models import Task

from ..factories import auth_header, make_user
from .conftest import poll, wait_for_state


async def test_task_succeeds_and_its_download_url_serves_the_exact_bytes(app, client, db, runner):
    user = await make_user(db)
    headers = auth_header(user)
    task_id = await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=7, text="héllo wörld")

    body = await poll(client, task_id, headers)

    assert body["state"] == "SUCCESS", body
    expected = "tests.echo:héllo wörld".encode()
    url = body["result"]["download_url"]
    assert url.startswith("http://testserver/v1/downloads/")
    assert body["result"]["size"] == len(expected)
    download = await client.get(url)
    assert download.status_code == 200
    assert download.content == expected
    assert download.headers["content-disposition"] == 'attachment; filename="echo.txt"'
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["x-content-type-options"] == "nosniff"

    row = (await db.execute(select(Task).where(Task.id == task_id))).scalar_one()
    assert row.result["download_key"] == f"exports/7/{task_id}/echo.txt"
    assert (row.state, row.progress, row.attempts, row.owner_id) == ("SUCCESS", 100, 1, user.id)
    assert row.created_at <= row.started_at <= row.finished_at


async def test_each_job_writes_its_own_key(app, client, db, runner):
    user = await make_user(db)
    first = await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=3, text="one")
    second = await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=3, text="two")
    await runner.wait_idle(timeout=10)

    rows = {r.id: r for r in (await db.execute(select(Task).where(Task.id.in_([first, second])))).scalars()}
    keys = {rows[first].result["download_key"], rows[second].result["download_key"]}
    assert keys == {f"exports/3/{first}/echo.txt", f"exports/3/{second}/echo.txt"}
    storage = app.state.storage
    assert await storage.get(f"exports/3/{first}/echo.txt") == b"tests.echo:one"
    assert await storage.get(f"exports/3/{second}/echo.txt") == b"tests.echo:two"


async def test_task_failed_message_is_the_result(client, db, runner):
    user = await make_user(db)
    task_id = await runner.enqueue(db, "tests.fail", owner_id=user.id, reason="Event 12 has no accepted sessions.")
    body = await poll(client, task_id, auth_header(user))
    assert body == {"state": "FAILURE", "result": "Event 12 has no accepted sessions."}


@pytest.mark.parametrize("name", ["tests.crash", "tests.bad_result"])
async def test_unexpected_error_is_a_clean_failure_without_internals(client, db, runner, name, caplog):
    user = await make_user(db)
    task_id = await runner.enqueue(db, name, owner_id=user.id)
    body = await poll(client, task_id, auth_header(user))
    assert body == {"state": "FAILURE", "result": unexpected_message(name)}
    assert "hunter2" not in str(body) and "Traceback" not in str(body)
    assert any(name in record.getMessage() for record in caplog.records)  # the details go to the log


async def test_progress_is_reported_while_running(app, client, db, runner):
    from . import demo_tasks

    user = await make_user(db)
    headers = auth_header(user)
    task_id = await runner.enqueue(db, "tests.hang", owner_id=user.id, label="progress", progress=40)
    await wait_for_state(app, task_id, "RUNNING")
    body = await poll(client, task_id, headers, until=("WAITING",))
    while "meta" not in body:
        body = await poll(client, task_id, headers, until=("WAITING",))
    assert body == {"state": "WAITING", "meta": {"progress": 40}}

    demo_tasks.RELEASE["progress"].set()
    assert await poll(client, task_id, headers) == {"state": "SUCCESS", "result": {"released": "progress"}}


async def test_a_task_that_is_queued_reads_waiting(app, client, db, runner):
    from openevent.tasks import service

    user = await make_user(db)
    row = service.create_task(db, "tests.echo", owner_id=user.id, args={"event_id": 1, "text": "x"})
    await db.commit()
    response = await client.get(f"/v1/tasks/{row.id}", headers=auth_header(user))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"state": "WAITING"}
