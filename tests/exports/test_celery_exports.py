"""Exports and the import through a real Celery worker process on Redis (same database and storage)."""

from __future__ import annotations

import io
import zipfile

from sqlalchemy import select

from openevent.auth.models import User
from openevent.tasks.celery_runner import CeleryRunner
from tests.factories import auth_header
from tests.tasks.conftest import poll
from tests.tasks.test_celery import celery_worker, redis_url  # noqa: F401  (fixtures)


async def _run(client, db, worker, user, name, **args) -> dict:
    runner = CeleryRunner(worker["settings"])
    try:
        task_id = await runner.enqueue(db, name, owner_id=user.id, **args)
    finally:
        await runner.stop()
    try:
        return await poll(client, task_id, auth_header(user), timeout=90)
    except AssertionError:
        raise AssertionError("the worker did not finish; its log:\n" + worker["log"].read_text()) from None


async def test_event_zip_export_and_import_on_a_celery_worker(app, client, db, programme, celery_worker):
    owner = (await db.execute(select(User).where(User.email == "owner@example.com"))).scalar_one()
    exported = await _run(client, db, celery_worker, owner, "export.event", event_id=programme.event.id)
    assert exported["state"] == "SUCCESS", exported
    data = (await client.get(exported["result"]["download_url"])).content
    sessions = zipfile.ZipFile(io.BytesIO(data)).read("sessions.json")

    key = "imports/celerytest0000000000000000000000/event.zip"
    await app.state.storage.put(key, data, "application/zip")
    imported = await _run(client, db, celery_worker, owner, "import.event", upload_key=key)
    assert imported["state"] == "SUCCESS", imported
    assert imported["result"]["id"] != programme.event.id
    assert not await app.state.storage.exists(key)  # the upload is removed once read
    assert b'"title"' in sessions

    csv = await _run(client, db, celery_worker, owner, "export.sessions.csv", event_id=imported["result"]["id"],
                     status="all")
    assert csv["state"] == "SUCCESS", csv
    import csv as csv_module

    text = (await client.get(csv["result"]["download_url"])).content.decode()
    rows = list(csv_module.reader(io.StringIO(text, newline="")))
    assert rows[0][0] == "Session Title"
    # every live session of the programme: 8 public, 5 in other states, 1 unscheduled
    assert len(rows) - 1 == len(programme.public) + len(programme.hidden) - 2 == 14
