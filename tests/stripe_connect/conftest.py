import pytest

from .fake_stripe import FakeStripe


@pytest.fixture
async def fake_stripe(app, monkeypatch):
    server = await FakeStripe().start()
    monkeypatch.setitem(app.state.settings.extra, "stripe_connect_url", server.url)
    yield server
    await server.stop()
