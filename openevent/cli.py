"""The `openevent` console command (configuration comes from the environment, see README)."""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager
from pathlib import Path

import click
from sqlalchemy import func, make_url, select

from openevent import __version__, migrations
from openevent.core.db import create_engine, session_factory
from openevent.core.settings import Settings


@click.group()
@click.version_option(__version__, prog_name="openevent")
def main() -> None:
    """openevent: an Open Event v1 compatible event-management server."""


def safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def prepare_database(settings: Settings, revision: str = "head") -> None:
    """Create the data directory (and the SQLite file on first start) and migrate the database."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if settings.is_sqlite:
        path = make_url(settings.database_url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
    before = migrations.current_revisions(settings.database_url, schema=settings.database_schema)
    migrations.upgrade(settings.database_url, revision, schema=settings.database_schema)
    after = migrations.current_revisions(settings.database_url, schema=settings.database_schema)
    change = "unchanged" if before == after else f"upgraded from {', '.join(before) or 'empty'}"
    click.echo(f"openevent: database {safe_url(settings.database_url)} at revision "
               f"{', '.join(after) or 'base'} ({change})", err=True)


@asynccontextmanager
async def database_session(settings: Settings):
    engine = create_engine(settings.database_url, echo=settings.echo_sql, schema=settings.database_schema)
    try:
        async with session_factory(engine)() as db:
            yield db
    finally:
        await engine.dispose()


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=5000, show_default=True, type=int, help="Port to bind.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1),
              help="Number of worker processes.")
def serve(host: str, port: int, workers: int) -> None:
    """Upgrade the database, then serve the API with uvicorn."""
    import uvicorn

    settings = Settings.from_env()  # also creates and persists SECRET_KEY before workers start
    prepare_database(settings)
    if not os.environ.get("OPENEVENT_BASE_URL"):
        public_host = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
        os.environ["OPENEVENT_BASE_URL"] = f"http://{public_host}:{port}"
    uvicorn.run("openevent.app:create_app", factory=True, host=host, port=port, workers=workers)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(celery_args: tuple[str, ...]) -> None:
    """Run a Celery worker (needs TASK_BROKER_URL); extra arguments go to `celery worker`."""
    from openevent.tasks.worker import worker_main

    worker_main(list(celery_args))


@main.group()
def db() -> None:
    """Database migrations (Alembic)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: head)."""
    prepare_database(Settings.from_env(), revision)


@db.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION: a revision id such as 0001, base, or `-- -1` for one step."""
    settings = Settings.from_env()
    migrations.downgrade(settings.database_url, revision, schema=settings.database_schema)
    now = migrations.current_revisions(settings.database_url, schema=settings.database_schema)
    click.echo(f"openevent: database at revision {', '.join(now) or 'base'}", err=True)


@db.command("current")
def db_current() -> None:
    """Print the database's revision and the newest revision available."""
    settings = Settings.from_env()
    now = migrations.current_revisions(settings.database_url, schema=settings.database_schema)
    click.echo(f"current: {', '.join(now) or 'base (empty database)'}")
    click.echo(f"head: {migrations.head_revision()}")


@db.command("revision")
@click.option("-m", "--message", required=True, help="Short description, becomes the file name slug.")
@click.option("--autogenerate/--empty", default=True, show_default=True,
              help="Compare the models with the (up to date) database.")
def db_revision(message: str, autogenerate: bool) -> None:
    """For developers: write a new revision file in openevent/migrations/versions."""
    from alembic import command

    settings = Settings.from_env()
    rev_id = f"{int(migrations.head_revision()) + 1:04d}"
    config = migrations.alembic_config(settings.database_url, schema=settings.database_schema)
    script = command.revision(config, message=message, autogenerate=autogenerate, rev_id=rev_id)
    click.echo(f"wrote {script.path}; read it and clean it up before committing")


@main.command("create-admin")
@click.option("--email", required=True, help="The admin's email address.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create_admin(email: str, password: str) -> None:
    """Create a verified super admin, or promote the existing user with this email."""
    settings = Settings.from_env()
    prepare_database(settings)
    created, user_id = asyncio.run(_create_admin(settings, email, password))
    if created:
        click.echo(f"created super admin {email} (user id {user_id})")
    else:
        click.echo(f"promoted existing user {email} (user id {user_id}) to verified super admin; "
                   "password left unchanged")


async def _create_admin(settings: Settings, email: str, password: str) -> tuple[bool, int]:
    from openevent.auth.models import User

    async with database_session(settings) as db:
        query = select(User).where(func.lower(User.email) == email.strip().lower(), User.deleted_at.is_(None))
        user = (await db.execute(query)).scalar_one_or_none()
        created = user is None
        if created:
            from openevent.auth.service import create_user

            try:
                user = await create_user(db, email=email, password=password, is_admin=True,
                                         is_super_admin=True, is_verified=True)
            except ValueError as exc:
                raise click.ClickException(str(exc)) from exc
        else:
            user.is_admin = user.is_super_admin = user.is_verified = True
        await db.commit()
        return created, user.id


@main.command("seed-demo")
def seed_demo() -> None:
    """Create a demo event with a programme; prints its identifier."""
    settings = Settings.from_env()
    prepare_database(settings)
    identifier = asyncio.run(_seed_demo(settings))
    click.echo(identifier)
    click.echo(f"openevent: demo event at {settings.base_url}/v1/events/{identifier}", err=True)


async def _seed_demo(settings: Settings) -> str:
    from openevent.demo import seed_demo as seed

    async with database_session(settings) as db:
        event = await seed(db)
        await db.commit()
        return event.identifier
