"""Auth tests hash many passwords: use cheap Argon2 parameters here (production keeps the defaults)."""

import httpx
import pytest
from argon2 import PasswordHasher

from openevent.auth import passwords

PRODUCTION_HASHER = passwords._hasher
FAST_HASHER = PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch):
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    passwords._dummy_hash.cache_clear()
    yield
    passwords._dummy_hash.cache_clear()


@pytest.fixture
def settings(app):
    """The app's settings: change them with monkeypatch.setattr so that they are restored."""
    return app.state.settings


@pytest.fixture
async def other_client(app):
    """A client from another network address (the default client is 127.0.0.1)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


@pytest.fixture(autouse=True)
async def background_work_done(app):
    """Mails and other after-commit work finish before the next test wipes the tables."""
    from openevent.core import signals

    yield
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)
