"""The app starts its task runner (with the periodic reaper) and stops it with the server."""

from __future__ import annotations

from openevent.app import create_app
from openevent.tasks.inprocess import InProcessRunner


async def test_app_lifespan_starts_and_stops_the_in_process_runner(backend):
    app = create_app(backend)
    runner = app.state.task_runner
    assert isinstance(runner, InProcessRunner)
    async with app.router.lifespan_context(app):
        assert runner._reaper is not None and not runner._reaper.done()
    assert runner._reaper is None


async def test_broker_url_selects_the_celery_runner(backend):
    from dataclasses import replace

    from openevent.tasks.celery_runner import CeleryRunner

    app = create_app(replace(backend, task_broker_url="redis://127.0.0.1:6379/15", task_queue="q-test"))
    runner = app.state.task_runner
    assert isinstance(runner, CeleryRunner)
    assert runner.celery.conf.broker_url == "redis://127.0.0.1:6379/15"
    assert runner.celery.conf.task_default_queue == "q-test"
    await app.state.engine.dispose()
