import pytest

from .smtp_sink import SmtpSink


@pytest.fixture
async def smtp_sink():
    sink = await SmtpSink().start()
    yield sink
    await sink.stop()


@pytest.fixture(autouse=True)
async def background_work_done(app):
    """Mails finish before the next test wipes the tables."""
    from openevent.core import signals

    yield
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)
