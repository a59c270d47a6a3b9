import pytest


@pytest.fixture(autouse=True)
async def background_work_done(app):
    """Variant jobs finish before the next test wipes the tables."""
    from openevent.core import signals

    yield
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)
