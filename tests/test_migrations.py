"""Alembic migrations on SQLite and PostgreSQL.

The PostgreSQL runs use a scratch database created and dropped here (never `test`, which the
other tests create tables in from the metadata).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from datetime import datetime, timezone
from pprint import pformat

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import column, inspect, make_url, pool, select, table, text
from sqlalchemy.ext.asyncio import create_async_engine

from openevent import migrations
from openevent.auth.models import EVENT_ROLE_NAMES
from openevent.auth.roles import ROLE_TITLES
from openevent.models import metadata

from .conftest import BACKENDS, IN_CI, POSTGRES_URL, _postgres_reachable


@pytest.fixture(params=BACKENDS)
async def scratch_url(request, tmp_path):
    """An empty database URL: a fresh SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    problem = await _postgres_reachable()
    if problem:
        message = f"PostgreSQL run skipped: no server at {POSTGRES_URL} ({problem})"
        if IN_CI:
            pytest.fail("CI requires PostgreSQL. " + message, pytrace=False)
        pytest.skip(message)
    name = f"openevent_migrations_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT", poolclass=pool.NullPool)
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def upgrade(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(migrations.upgrade, url, revision)


async def downgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(migrations.downgrade, url, revision)


async def schema_differences(url: str) -> list:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync, opts={"compare_type": True}), metadata))
    finally:
        await engine.dispose()


async def fetch(url: str, sql: str) -> list[tuple]:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in await conn.execute(text(sql))]
    finally:
        await engine.dispose()


async def table_names(url: str) -> set[str]:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda sync: inspect(sync).get_table_names()))
    finally:
        await engine.dispose()


STANDARD_ROLES = [(name, ROLE_TITLES[name]) for name in EVENT_ROLE_NAMES]
OUT_OF_DATE = ("The migrations do not create the schema the models describe. Before the first release rebuild "
               "0001/0002 with `.venv/bin/python scripts/regenerate_migrations.py`; afterwards add a revision with "
               "`openevent db revision -m '...'`. Differences:\n")


async def test_upgrade_of_empty_database_matches_the_models(scratch_url):
    await upgrade(scratch_url)

    differences = await schema_differences(scratch_url)
    assert differences == [], OUT_OF_DATE + pformat(differences)
    assert await asyncio.to_thread(migrations.current_revisions, scratch_url) == (migrations.head_revision(),)
    assert await fetch(scratch_url, "SELECT name, title_name FROM roles ORDER BY id") == STANDARD_ROLES
    assert await fetch(scratch_url, "SELECT id, app_name, order_expiry_time FROM settings") == [(1, "Open Event", 15)]


async def insert(conn, table_name: str, values: dict) -> None:
    """Insert into the table as it is at the current revision.

    Columns the model has but this revision lacks are left out; model scalar defaults fill the
    NOT NULL columns the test does not care about, with the model's types for binding.
    """
    present = await conn.run_sync(lambda sync: {c["name"] for c in inspect(sync).get_columns(table_name)})
    model = metadata.tables[table_name]
    row = {}
    for col in model.columns:
        if col.name not in present:
            continue
        if col.name in values:
            row[col.name] = values[col.name]
        elif col.default is not None and col.default.is_scalar:
            row[col.name] = col.default.arg
    assert set(values) <= set(row), "test data names a column the revision does not have"
    target = table(table_name, *(column(name, model.c[name].type) for name in row))
    await conn.execute(target.insert().values(row))


async def test_data_survives_upgrade_from_0001(scratch_url):
    await upgrade(scratch_url, "0001")
    created = datetime(2026, 5, 4, 3, 2, 1, tzinfo=timezone.utc)
    user = {"id": 41, "email": "ada@example.com", "password_hash": "$argon2id$v=19$fake", "first_name": "Ada",
            "is_admin": True, "is_verified": True, "created_at": created}
    event = {"id": 7, "identifier": "b4a1c2d3", "name": "FOSSASIA Summit", "timezone": "Asia/Singapore",
             "starts_at": datetime(2027, 3, 1, 1, 0, tzinfo=timezone.utc),
             "ends_at": datetime(2027, 3, 3, 10, 30, tzinfo=timezone.utc),
             "state": "published", "description": "Über café ✓", "created_at": created}
    engine = create_async_engine(scratch_url, poolclass=pool.NullPool)
    try:
        async with engine.begin() as conn:
            await insert(conn, "users", user)
            await insert(conn, "events", event)
            owner_role = (await conn.execute(text("SELECT id FROM roles WHERE name = 'owner'"))).scalar_one()
            await insert(conn, "users_events_roles", {"id": 3, "user_id": 41, "event_id": 7, "role_id": owner_role})

        await upgrade(scratch_url)

        async with engine.connect() as conn:
            users, events = metadata.tables["users"], metadata.tables["events"]
            got_user = (await conn.execute(select(*(users.c[k] for k in user)))).one()
            got_event = (await conn.execute(select(*(events.c[k] for k in event)))).one()
            membership = (await conn.execute(text(
                "SELECT uer.user_id, uer.event_id, r.name FROM users_events_roles uer "
                "JOIN roles r ON r.id = uer.role_id"))).all()
    finally:
        await engine.dispose()
    assert got_user._asdict() == user
    assert got_event._asdict() == event
    assert [tuple(m) for m in membership] == [(41, 7, "owner")]
    assert await asyncio.to_thread(migrations.current_revisions, scratch_url) == (migrations.head_revision(),)


async def test_downgrade_to_base_and_upgrade_again(scratch_url):
    await upgrade(scratch_url)
    await downgrade(scratch_url, "base")

    assert await table_names(scratch_url) == {"alembic_version"}
    assert await asyncio.to_thread(migrations.current_revisions, scratch_url) == ()

    await upgrade(scratch_url)
    differences = await schema_differences(scratch_url)
    assert differences == [], OUT_OF_DATE + pformat(differences)
    assert await fetch(scratch_url, "SELECT name, title_name FROM roles ORDER BY id") == STANDARD_ROLES
    assert await fetch(scratch_url, "SELECT id FROM settings") == [(1,)]
