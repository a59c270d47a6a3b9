"""Alembic migrations, configured in code (no alembic.ini) so they work from an installed package.

The database URL comes from `Settings` (DATABASE_URL / OPENEVENT_DATA_DIR) unless a caller
passes one explicitly. Use the `openevent db ...` commands, or these functions.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import pool
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from openevent.core.settings import normalise_database_url

HERE = Path(__file__).resolve().parent


def alembic_config(database_url: str, *, schema: str | None = None) -> Config:
    """`schema` is the PostgreSQL search_path (Settings.database_schema), for isolated test runs."""
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    # ConfigParser interpolation: "%%" is a literal percent sign.
    cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    cfg.attributes["database_url"] = database_url
    cfg.attributes["database_schema"] = schema
    return cfg


def upgrade(database_url: str, revision: str = "head", *, schema: str | None = None) -> None:
    command.upgrade(alembic_config(database_url, schema=schema), revision)


def downgrade(database_url: str, revision: str, *, schema: str | None = None) -> None:
    command.downgrade(alembic_config(database_url, schema=schema), revision)


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config(""))
    return script.get_current_head()


def current_revisions(database_url: str, *, schema: str | None = None) -> tuple[str, ...]:
    """The revision(s) the database is at; empty for a database never migrated."""

    async def read() -> tuple[str, ...]:
        engine = migration_engine(database_url, schema)
        try:
            async with engine.connect() as conn:
                return await conn.run_sync(lambda sync: MigrationContext.configure(sync).get_current_heads())
        finally:
            await engine.dispose()

    return run_blocking(read())


def migration_engine(database_url: str, schema: str | None = None) -> AsyncEngine:
    """A one-connection engine for migrations.

    No PRAGMA foreign_keys=ON for SQLite on purpose: batch migrations recreate tables, and
    dropping the old copy with foreign keys enforced would cascade deletes into child tables.
    """
    url = normalise_database_url(database_url)
    if url.startswith("sqlite"):
        connect_args = {"timeout": 30}
    else:
        connect_args = {"server_settings": {"search_path": schema}} if schema else {}
    return create_async_engine(url, poolclass=pool.NullPool, connect_args=connect_args)


def run_blocking(coro):
    """Run a coroutine to completion from synchronous code.

    Alembic commands are synchronous; env.py drives the async engines with this. When called
    from inside a running event loop (e.g. an async test) the coroutine runs on a fresh loop in a
    worker thread; prefer `await asyncio.to_thread(upgrade, url)` there so the loop is not blocked.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coro).result()
