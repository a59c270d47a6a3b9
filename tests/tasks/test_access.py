"""Who may read a task: its owner and admins; others get 404, anonymous callers 401 (W8)."""

from __future__ import annotations

import pytest

from ..factories import auth_header, make_user
from .conftest import poll


@pytest.fixture
async def finished_task(db, client, runner):
    owner = await make_user(db)
    task_id = await runner.enqueue(db, "tests.fail", owner_id=owner.id, reason="done")
    await poll(client, task_id, auth_header(owner))
    return owner, task_id


@pytest.mark.parametrize("who, status", [("owner", 200), ("admin", 200), ("super_admin", 200),
                                         ("other", 404), ("anonymous", 401)])
async def test_task_visibility(client, db, finished_task, who, status):
    owner, task_id = finished_task
    if who == "owner":
        headers = auth_header(owner)
    elif who == "admin":
        headers = auth_header(await make_user(db, is_admin=True))
    elif who == "super_admin":
        headers = auth_header(await make_user(db, is_super_admin=True))
    elif who == "other":
        headers = auth_header(await make_user(db))
    else:
        headers = {}
    response = await client.get(f"/v1/tasks/{task_id}", headers=headers)
    assert response.status_code == status, response.text
    if status == 200:
        assert response.json() == {"state": "FAILURE", "result": "done"}
    else:
        error = response.json()["errors"][0]
        assert error["status"] == str(status)
        assert "done" not in response.text


async def test_someone_elses_task_looks_exactly_like_an_unknown_one(client, db, finished_task):
    _, task_id = finished_task
    headers = auth_header(await make_user(db))
    theirs = await client.get(f"/v1/tasks/{task_id}", headers=headers)
    unknown_id = "0" * 32
    unknown = await client.get(f"/v1/tasks/{unknown_id}", headers=headers)
    assert theirs.status_code == unknown.status_code == 404
    assert theirs.json()["errors"][0]["detail"].replace(task_id, unknown_id) == unknown.json()["errors"][0]["detail"]


async def test_unknown_task_is_a_jsonapi_404(client, db):
    user = await make_user(db)
    response = await client.get("/v1/tasks/does-not-exist", headers=auth_header(user))
    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"status": "404", "title": "Not found", "detail": "No task 'does-not-exist' was found.",
                    "source": {"parameter": "id"}}],
        "jsonapi": {"version": "1.0"},
    }


async def test_very_long_task_id_is_404_not_an_error(client, db):
    user = await make_user(db)
    response = await client.get("/v1/tasks/" + "a" * 5000, headers=auth_header(user))
    assert response.status_code == 404


@pytest.mark.parametrize(("bad_id", "status"), [("%00", 400), ("a%00b", 400), ("..%2F..", 404), ("%C3%A9", 404)])
async def test_odd_task_ids_are_client_errors(client, db, bad_id, status):
    user = await make_user(db)
    response = await client.get(f"/v1/tasks/{bad_id}", headers=auth_header(user))
    assert response.status_code == status  # NUL never reaches a route: 400 at the door
    assert response.json()["errors"][0]["status"] == str(status)
