"""The runner contract: the row is committed before publishing, arguments are JSON,
a broker outage is a 503 and a FAILURE row, shutdown fails interrupted tasks."""

from __future__ import annotations

import pytest

from openevent.jsonapi.errors import JsonApiError
from openevent.tasks.execution import SHUTDOWN_MESSAGE
from openevent.tasks.inprocess import InProcessRunner
from openevent.tasks.models import Task
from openevent.tasks.runner import UNAVAILABLE_MESSAGE, TaskRunner, make_runner

from ..factories import make_user
from .conftest import wait_for_state


class RecordingRunner(TaskRunner):
    """Publishes nothing; checks what another connection sees at publish time."""

    def __init__(self, sessionmaker) -> None:
        self.sessionmaker = sessionmaker
        self.seen: list[tuple[str, str]] = []

    async def _publish(self, task_id: str) -> None:
        async with self.sessionmaker() as other:
            row = await other.get(Task, task_id)
            self.seen.append((task_id, row.state if row else "missing"))


async def test_row_is_committed_before_the_job_is_published(app, db):
    user = await make_user(db)
    recorder = RecordingRunner(app.state.sessionmaker)
    task_id = await recorder.enqueue(db, "tests.echo", owner_id=user.id, event_id=1, text="x")
    assert recorder.seen == [(task_id, "WAITING")]
    assert len(task_id) == 32 and int(task_id, 16) >= 0


async def test_unknown_task_name_and_non_json_arguments_are_refused(app, db):
    from datetime import datetime

    runner = RecordingRunner(app.state.sessionmaker)
    with pytest.raises(LookupError, match="no task is registered under the name 'export.nope'"):
        await runner.enqueue(db, "export.nope", owner_id=None)
    with pytest.raises(TypeError, match="plain JSON values"):
        await runner.enqueue(db, "tests.echo", owner_id=None, event_id=datetime(2020, 1, 1), text="x")
    assert runner.seen == []


async def test_broker_outage_is_a_503_and_the_task_fails(app, db, monkeypatch):
    pytest.importorskip("celery")
    from openevent.tasks.celery_runner import CeleryRunner

    settings = app.state.settings
    monkeypatch.setattr(settings, "task_broker_url", "redis://127.0.0.1:1/0")  # nothing listens on port 1
    runner = make_runner(settings, app.state.sessionmaker, app.state.storage)
    assert isinstance(runner, CeleryRunner)
    user = await make_user(db)
    with pytest.raises(JsonApiError) as caught:
        await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=1, text="x")
    assert caught.value.status == 503
    rows = (await db.execute(Task.__table__.select())).all()
    assert [(r.state, r.error) for r in rows] == [("FAILURE", UNAVAILABLE_MESSAGE)]
    await runner.stop()


async def test_stopping_the_runner_fails_interrupted_tasks(app, db):
    user = await make_user(db)
    runner = InProcessRunner(app.state.settings, app.state.sessionmaker, app.state.storage)
    await runner.start()
    task_id = await runner.enqueue(db, "tests.hang", owner_id=user.id, label="shutdown")
    await wait_for_state(app, task_id, "RUNNING")
    await runner.stop(grace=0.1)
    row = await wait_for_state(app, task_id, "FAILURE")
    assert row.error == SHUTDOWN_MESSAGE


async def test_concurrency_is_bounded(app, db, monkeypatch):
    from . import demo_tasks

    monkeypatch.setattr(app.state.settings, "task_concurrency", 1)
    runner = InProcessRunner(app.state.settings, app.state.sessionmaker, app.state.storage)
    user = await make_user(db)
    first = await runner.enqueue(db, "tests.hang", owner_id=user.id, label="slot")
    second = await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=1, text="x")
    await wait_for_state(app, first, "RUNNING")
    async with app.state.sessionmaker() as other:
        assert (await other.get(Task, second)).state == "WAITING"
    demo_tasks.RELEASE["slot"].set()
    await runner.wait_idle(timeout=10)
    await wait_for_state(app, second, "SUCCESS")
    demo_tasks.RELEASE.clear()
