"""Test fixtures: every test that touches the database runs on SQLite and on PostgreSQL.

The PostgreSQL run needs a server at OPENEVENT_TEST_POSTGRES_URL (default
127.0.0.1:5432, user postgres, database test). Without one those runs are
skipped with a clear reason, except under CI=true where a missing server fails.
"""

from __future__ import annotations

import asyncio
import os
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from openevent.app import create_app
from openevent.core import signals
from openevent.core.db import Base
from openevent.core.settings import Settings
import openevent.models  # noqa: F401  (registers every table)

POSTGRES_URL = os.environ.get("OPENEVENT_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() == "true"
BACKENDS = [b for b in os.environ.get("OPENEVENT_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]
TEST_SECRET = "test-secret-key-not-for-production-0123456789"


async def _postgres_reachable() -> str | None:
    import asyncpg

    dsn = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
    try:
        conn = await asyncio.wait_for(asyncpg.connect(dsn), timeout=5)
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{type(exc).__name__}: {exc}"
    await conn.close()
    return None


def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql_only: the test proves something only PostgreSQL can show "
                                       "(e.g. concurrent writers); it is not collected for SQLite")


def pytest_collection_modifyitems(config, items):
    """Tests marked postgresql_only run once, on PostgreSQL: their SQLite variants are deselected, not skipped."""
    keep, drop = [], []
    for item in items:
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("backend")
        (drop if item.get_closest_marker("postgresql_only") and backend == "sqlite" else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session", params=BACKENDS)
async def backend(request, tmp_path_factory) -> Settings:
    if request.param == "postgresql":
        problem = await _postgres_reachable()
        if problem:
            message = f"PostgreSQL run skipped: no server at {POSTGRES_URL} ({problem})"
            if IN_CI:
                pytest.fail("CI requires PostgreSQL. " + message, pytrace=False)
            pytest.skip(message)
        url = POSTGRES_URL
        schema = await _create_schema()
    else:
        schema = None
        data_dir = tmp_path_factory.mktemp("sqlite")
        url = f"sqlite+aiosqlite:///{data_dir / 'test.sqlite3'}"
    data_dir = Path(tmp_path_factory.mktemp(f"data-{request.param}"))
    settings = Settings.from_env(data_dir=data_dir, database_url=url, secret_key=TEST_SECRET,
                                 base_url="http://testserver", database_schema=schema)
    app = create_app(settings)
    async with app.state.engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    settings.extra["app"] = app
    yield settings
    await app.state.engine.dispose()
    if schema:
        await _drop_schema(schema)


async def _pg_execute(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def _create_schema() -> str:
    """Each test run gets its own schema, so concurrent runs on one database never collide."""
    import secrets

    schema = f"test_{os.getpid()}_{secrets.token_hex(3)}"
    await _pg_execute(f'CREATE SCHEMA "{schema}"')
    return schema


async def _drop_schema(schema: str) -> None:
    await _pg_execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
async def app(backend):
    app = backend.extra["app"]
    yield app
    # Work a test started after commit (signal receivers, background tasks) ends before the wipe:
    # a task still writing while TRUNCATE runs can deadlock on PostgreSQL.
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)
    await _wipe(app)


async def _wipe(app) -> None:
    for attempt in range(5):
        try:
            await _wipe_once(app)
            break
        except DBAPIError as exc:
            # TRUNCATE takes ACCESS EXCLUSIVE locks on every table; a background job of an earlier
            # test (order expiry, feed refresh) still holding row locks can make PostgreSQL pick it
            # as the deadlock victim. The job ends quickly: try again.
            if "deadlock" not in str(exc) or attempt == 4:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))
    app.state.rate_limiter_reset = True


async def _wipe_once(app) -> None:
    async with app.state.engine.begin() as conn:
        if app.state.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
            await conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(Base.metadata.sorted_tables):
                await conn.execute(table.delete())


@pytest.fixture
async def db(app):
    async with app.state.sessionmaker() as session:
        yield session


@pytest.fixture
async def client(app):
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app):
    """Use as `with count_queries() as counter:`; counter.count is the number of SQL statements."""

    @contextmanager
    def counting():
        counter = QueryCounter()

        def before(conn, cursor, statement, parameters, context, executemany):
            counter.statements.append(statement)

        sync_engine = app.state.engine.sync_engine
        event.listen(sync_engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(sync_engine, "before_cursor_execute", before)

    return counting
