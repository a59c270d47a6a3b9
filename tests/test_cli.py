"""The `openevent` console command, run against real databases (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from click.testing import CliRunner
from sqlalchemy import pool, text
from sqlalchemy.ext.asyncio import create_async_engine

from openevent import migrations
from openevent.cli import main

from .test_migrations import scratch_url  # noqa: F401  (fixture: an empty SQLite file or PostgreSQL database)

CONFIG_VARS = ("OPENEVENT_DATA_DIR", "DATABASE_URL", "SECRET_KEY", "OPENEVENT_BASE_URL", "OPENEVENT_ECHO_SQL",
               "OPENEVENT_DATABASE_SCHEMA", "TASK_BROKER_URL", "STORAGE_URL")


def cli_env(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    env = {name: None for name in CONFIG_VARS}  # None removes an inherited value
    env["OPENEVENT_DATA_DIR"] = str(tmp_path / "data")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


async def run_cli(env: dict, *args: str, input: str | None = None):
    """Invoke the command in a worker thread (it runs its own event loop with asyncio.run)."""
    runner = CliRunner()
    return await asyncio.to_thread(runner.invoke, main, list(args), env=env, input=input, catch_exceptions=False)


async def fetch(url: str, sql: str, **params) -> list[tuple]:
    engine = create_async_engine(url, poolclass=pool.NullPool)
    try:
        async with engine.connect() as conn:
            return [tuple(row) for row in await conn.execute(text(sql), params)]
    finally:
        await engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def serve_and_get(env: dict, log_path: Path, *serve_args: str, path: str = "/v1/pages") -> httpx.Response:
    """Start `python -m openevent serve`, wait until it answers `path`, stop it, return the response."""
    port = free_port()
    process_env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARS}
    process_env.update({k: v for k, v in env.items() if v is not None})
    with open(log_path, "w") as log:  # a file, not a pipe: a full pipe would block the server
        process = subprocess.Popen([sys.executable, "-m", "openevent", "serve", "--port", str(port), *serve_args],
                                   env=process_env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    return await client.get(path)
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
        raise AssertionError(f"serve did not answer (exit status {process.poll()}):\n{log_path.read_text()}")
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


async def test_serve_creates_migrates_and_answers(scratch_url, tmp_path):
    sqlite = scratch_url.startswith("sqlite")
    # SQLite: no DATABASE_URL, so the default file must appear in a data dir that does not exist yet.
    env = cli_env(tmp_path, None if sqlite else scratch_url)
    url = f"sqlite+aiosqlite:///{tmp_path / 'data' / 'openevent.sqlite3'}" if sqlite else scratch_url

    response = await serve_and_get(env, tmp_path / "serve.log")

    assert response.status_code == 200, response.text
    assert response.json()["data"] == []
    assert response.json()["meta"] == {"count": 0}
    assert (tmp_path / "data" / "secret_key").is_file()
    if sqlite:
        assert (tmp_path / "data" / "openevent.sqlite3").is_file()
    assert await asyncio.to_thread(migrations.current_revisions, url) == (migrations.head_revision(),)
    assert await fetch(url, "SELECT count(*) FROM roles") == [(7,)]


async def test_serve_with_two_workers(scratch_url, tmp_path):
    response = await serve_and_get(cli_env(tmp_path, scratch_url), tmp_path / "serve.log", "--workers", "2")

    assert response.status_code == 200, response.text
    assert response.json()["meta"] == {"count": 0}


async def test_db_upgrade_current_downgrade(scratch_url, tmp_path):
    env = cli_env(tmp_path, scratch_url)

    result = await run_cli(env, "db", "current")
    assert result.exit_code == 0
    assert result.stdout == f"current: base (empty database)\nhead: {migrations.head_revision()}\n"

    result = await run_cli(env, "db", "upgrade", "0001")
    assert result.exit_code == 0, result.output
    assert (await run_cli(env, "db", "current")).stdout.splitlines()[0] == "current: 0001"

    result = await run_cli(env, "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert (await run_cli(env, "db", "current")).stdout.splitlines()[0] == f"current: {migrations.head_revision()}"

    result = await run_cli(env, "db", "downgrade", "base")
    assert result.exit_code == 0, result.output
    assert (await run_cli(env, "db", "current")).stdout.splitlines()[0] == "current: base (empty database)"


async def test_create_admin_creates_then_promotes(scratch_url, tmp_path):
    env = cli_env(tmp_path, scratch_url)

    result = await run_cli(env, "create-admin", "--email", "root@example.com", "--password", "correct horse battery")

    assert result.exit_code == 0, result.output
    rows = await fetch(scratch_url, "SELECT id, email, is_admin, is_super_admin, is_verified, password_hash FROM users")
    assert len(rows) == 1
    user_id, email, is_admin, is_super_admin, is_verified, password_hash = rows[0]
    assert (email, bool(is_admin), bool(is_super_admin), bool(is_verified)) == ("root@example.com", True, True, True)
    assert password_hash.startswith("$argon2")
    assert PasswordHasher().verify(password_hash, "correct horse battery")
    assert result.stdout == f"created super admin root@example.com (user id {user_id})\n"

    # Running it again promotes (here: keeps) the same user instead of failing or duplicating.
    again = await run_cli(env, "create-admin", "--email", "root@example.com", "--password", "other password")
    assert again.exit_code == 0, again.output
    assert await fetch(scratch_url, "SELECT id, password_hash FROM users") == [(user_id, password_hash)]


async def test_create_admin_promotes_existing_user(scratch_url, tmp_path):
    env = cli_env(tmp_path, scratch_url)
    assert (await run_cli(env, "db", "upgrade")).exit_code == 0
    engine = create_async_engine(scratch_url, poolclass=pool.NullPool)
    async with engine.begin() as conn:
        await conn.execute(text(
            "INSERT INTO users (id, email, password_hash, is_profile_public, was_registered_with_order, "
            "is_super_admin, is_admin, is_sales_admin, is_marketer, is_verified, is_blocked, created_at) "
            "VALUES (5, 'Jo@Example.com', 'old-hash', FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, FALSE, "
            "CURRENT_TIMESTAMP)"))
    await engine.dispose()

    result = await run_cli(env, "create-admin", "--email", "jo@example.com", "--password", "ignored password")

    assert result.exit_code == 0, result.output
    assert result.stdout == ("promoted existing user jo@example.com (user id 5) to verified super admin; "
                             "password left unchanged\n")
    rows = await fetch(scratch_url, "SELECT id, email, is_admin, is_super_admin, is_verified, password_hash FROM users")
    assert [(r[0], r[1], bool(r[2]), bool(r[3]), bool(r[4]), r[5]) for r in rows] == [
        (5, "Jo@Example.com", True, True, True, "old-hash")]


async def test_create_admin_prompts_for_password(scratch_url, tmp_path):
    env = cli_env(tmp_path, scratch_url)

    result = await run_cli(env, "create-admin", "--email", "p@example.com", input="s3cret pass\ns3cret pass\n")

    assert result.exit_code == 0, result.output
    [(password_hash,)] = await fetch(scratch_url, "SELECT password_hash FROM users")
    assert PasswordHasher().verify(password_hash, "s3cret pass")


async def test_seed_demo_prints_the_event_identifier(scratch_url, tmp_path):
    env = cli_env(tmp_path, scratch_url)

    result = await run_cli(env, "seed-demo")

    assert result.exit_code == 0, result.output
    identifier = result.stdout.strip()
    assert identifier
    assert await fetch(scratch_url, "SELECT identifier FROM events WHERE identifier = :i", i=identifier) == [
        (identifier,)]


async def test_create_admin_refuses_a_weak_password(scratch_url, tmp_path):
    env = cli_env(tmp_path, scratch_url)

    result = await run_cli(env, "create-admin", "--email", "w@example.com", "--password", "short")

    assert result.exit_code == 1
    assert result.stderr.endswith("Error: The password must have at least 8 characters.\n")
    assert await fetch(scratch_url, "SELECT count(*) FROM users") == [(0,)]


async def test_worker_needs_a_broker(tmp_path):
    result = await run_cli(cli_env(tmp_path, None), "worker", "--pool=solo")

    assert result.exit_code == 1
    assert result.output == ("TASK_BROKER_URL is not set: without a broker, tasks run inside the API process "
                             "and no worker is needed.\n")
