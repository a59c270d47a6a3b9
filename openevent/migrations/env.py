"""Alembic environment: async engines (SQLite via aiosqlite, PostgreSQL via asyncpg).

The URL is taken from `config.attributes["database_url"]` (set by openevent.migrations) or
else from `Settings.from_env()`; there is no ini file.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.types import TypeDecorator

from openevent.core.settings import Settings
from openevent.migrations import migration_engine, run_blocking
from openevent.models import metadata

config = context.config

# Serialises concurrent `openevent serve` / `db upgrade` runs against one PostgreSQL database.
PG_ADVISORY_LOCK_KEY = 0x0E7E_4701


def database_url_and_schema() -> tuple[str, str | None]:
    if config.attributes.get("database_url"):
        return config.attributes["database_url"], config.attributes.get("database_schema")
    settings = Settings.from_env()
    return settings.database_url, settings.database_schema


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Optionally restrict autogenerate to some tables (used by scripts/regenerate_migrations.py)."""
    tables = config.attributes.get("include_tables")
    if tables is None:
        return True
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name in tables


def render_item(type_, obj, autogen_context):
    """Render our TypeDecorators as their plain SQLAlchemy types, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def do_run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite cannot ALTER most things: render changes as batch (copy-and-move) operations.
        render_as_batch=config.attributes.get("render_as_batch", connection.dialect.name == "sqlite"),
        compare_type=True,
        include_object=include_object,
        render_item=render_item,
        process_revision_directives=config.attributes.get("process_revision_directives"),
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_ADVISORY_LOCK_KEY})
        context.run_migrations()


async def run_async_migrations() -> None:
    engine = migration_engine(*database_url_and_schema())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(do_run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them against a database.")

run_blocking(run_async_migrations())
