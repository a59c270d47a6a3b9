"""Celery mode: the worker-side wrappers, and a real worker process on the local Redis.

The real-worker test needs Redis at OPENEVENT_TEST_REDIS_URL (default
redis://127.0.0.1:6379/15, a database number of its own). Without one it is
skipped with the reason, except under CI=true where a missing Redis fails.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import secrets
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from openevent.core.db import utcnow
from openevent.tasks import service
from openevent.tasks.models import Task

from ..conftest import IN_CI, TEST_SECRET
from ..factories import auth_header, make_user
from .conftest import poll


def _require(module: str, install: str) -> None:
    """Skip without the package, except under CI=true where its absence fails the run."""
    try:
        importlib.import_module(module)
    except ImportError:
        message = f"{module} is not installed (pip install {install!r})"
        if IN_CI:
            pytest.fail("CI requires it: " + message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


_require("celery", "celery[redis]")
_require("redis", "celery[redis]")

REDIS_URL = os.environ.get("OPENEVENT_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
REPO_ROOT = Path(__file__).resolve().parents[2]


def _celery_app(settings):
    from openevent.tasks.celery_app import make_celery

    return make_celery(settings)


async def test_worker_wrapper_runs_the_task_with_its_own_database_session(app, client, db):
    from openevent.tasks.celery_app import RUN_TASK

    settings = replace(app.state.settings, task_broker_url="memory://")
    user = await make_user(db)
    row = service.create_task(db, "tests.echo", owner_id=user.id, args={"event_id": 5, "text": "eager"})
    await db.commit()
    # The wrapper calls asyncio.run, as in a worker process: run it in a thread without a loop.
    await asyncio.to_thread(_celery_app(settings).tasks[RUN_TASK].apply, args=[row.id])

    body = await poll(client, row.id, auth_header(user), timeout=5)
    assert body["state"] == "SUCCESS", body
    assert (await client.get(body["result"]["download_url"])).content == b"tests.echo:eager"


async def test_beat_reaper_task_fails_dead_tasks(app, db):
    from openevent.tasks.celery_app import REAP_TASKS

    settings = replace(app.state.settings, task_broker_url="memory://", task_heartbeat_timeout_seconds=10.0)
    user = await make_user(db)
    row = service.create_task(db, "tests.echo", owner_id=user.id, args={})
    await db.commit()
    old = utcnow() - timedelta(seconds=11)
    await db.execute(update(Task).where(Task.id == row.id).values(state="RUNNING", heartbeat_at=old))
    await db.commit()

    result = await asyncio.to_thread(_celery_app(settings).tasks[REAP_TASKS].apply)
    assert result.get() == 1
    async with app.state.sessionmaker() as other:
        reaped = await other.get(Task, row.id)
    assert (reaped.state, reaped.error) == ("FAILURE", service.dead_worker_message(10.0))


def _redis_problem() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{type(exc).__name__}: {exc}"
    return None


@pytest.fixture
def redis_url() -> str:
    problem = _redis_problem()
    if problem:
        message = f"Celery worker test skipped: no Redis at {REDIS_URL} ({problem})"
        if IN_CI:
            pytest.fail("CI requires Redis. " + message, pytrace=False)
        pytest.skip(message)
    return REDIS_URL


@pytest.fixture
def celery_worker(app, redis_url):
    """`python -m openevent.tasks.worker --pool=solo` on a queue of its own, against the test database."""
    settings = app.state.settings
    queue = f"openevent-test-{os.getpid()}-{secrets.token_hex(4)}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": settings.database_url,
        "OPENEVENT_DATA_DIR": str(settings.data_dir),
        "SECRET_KEY": TEST_SECRET,
        "OPENEVENT_BASE_URL": settings.base_url,
        "TASK_BROKER_URL": redis_url,
        "OPENEVENT_TASK_QUEUE": queue,
        "OPENEVENT_TASK_MODULES": "tests.tasks.demo_tasks",
    }
    env.pop("STORAGE_URL", None)
    env.pop("OPENEVENT_DATABASE_SCHEMA", None)
    if settings.database_schema:
        env["OPENEVENT_DATABASE_SCHEMA"] = settings.database_schema
    log_path = settings.data_dir / f"{queue}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "openevent.tasks.worker", "--pool=solo", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            env=env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
        )
    worker = {"process": process, "queue": queue, "log": log_path,
              "settings": replace(settings, task_broker_url=redis_url, task_queue=queue)}
    yield worker
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    _drop_queue(redis_url, queue)


def _drop_queue(url: str, queue: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"*{queue}*"):
        client.delete(key)


async def test_real_celery_worker_runs_a_task_against_the_same_database(client, db, celery_worker):
    from openevent.tasks.celery_runner import CeleryRunner

    user = await make_user(db)
    runner = CeleryRunner(celery_worker["settings"])
    try:
        task_id = await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=9, text="via celery")
    finally:
        await runner.stop()
    try:
        body = await poll(client, task_id, auth_header(user), timeout=60)
    except AssertionError:
        raise AssertionError("the worker did not finish the task; its log:\n" + celery_worker["log"].read_text())
    assert celery_worker["process"].poll() is None, celery_worker["log"].read_text()
    assert body["state"] == "SUCCESS", body
    assert body["result"]["pid"] == celery_worker["process"].pid  # run by the worker, not this process
    download = await client.get(body["result"]["download_url"])
    assert download.status_code == 200
    assert download.content == b"tests.echo:via celery"
    assert download.headers["content-disposition"] == 'attachment; filename="echo.txt"'
