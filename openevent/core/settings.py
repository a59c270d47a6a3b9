"""Configuration read from environment variables (documented in the README)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _load_or_create_secret(data_dir: Path) -> str:
    """A SECRET_KEY persisted in the data dir, so tokens survive restarts."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    secret_key: str
    base_url: str
    access_token_minutes: int = 60 * 24
    remember_me_access_token_minutes: int = 90
    refresh_token_days: int = 365
    login_rate_limit: int = 10  # failed attempts per key per window
    login_rate_window_seconds: int = 60
    max_page_size: int = 1000
    max_include_depth: int = 3
    max_body_bytes: int = 2 * 1024 * 1024
    echo_sql: bool = False
    database_schema: str | None = None  # PostgreSQL search_path (used to isolate test runs)
    # Background tasks: in-process when task_broker_url is unset, Celery workers otherwise.
    task_broker_url: str | None = None
    task_queue: str = "openevent"
    task_concurrency: int = 2  # in-process runner: tasks run at the same time
    task_heartbeat_seconds: float = 10.0
    task_heartbeat_timeout_seconds: float = 120.0  # RUNNING without a heartbeat this long -> FAILURE
    task_queue_timeout_seconds: float = 3600.0  # WAITING this long without being started -> FAILURE
    task_reap_interval_seconds: float = 30.0
    task_modules: tuple[str, ...] = ()  # extra modules defining tasks (the domains' are always loaded)
    # File storage: local files under data_dir/files unless storage_url is s3://bucket[/prefix].
    storage_url: str | None = None
    s3_endpoint_url: str | None = None
    s3_region: str | None = None
    s3_access_key_id: str | None = None  # unset: boto3's default credential chain
    s3_secret_access_key: str | None = None
    download_url_seconds: int = 900  # lifetime of signed download links
    # OPENEVENT_ENV=production: refuse to start without an explicit SECRET_KEY.
    production: bool = False
    # Browser origins allowed to call the API (OPENEVENT_CORS_ORIGINS, comma-separated; "*" = any,
    # without credentials). Empty: no CORS headers, same-origin only.
    cors_origins: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        data_dir = Path(overrides.pop("data_dir", None) or os.environ.get("OPENEVENT_DATA_DIR", "./data")).resolve()
        database_url = overrides.pop("database_url", None) or os.environ.get("DATABASE_URL") or (
            f"sqlite+aiosqlite:///{data_dir / 'openevent.sqlite3'}"
        )
        database_url = normalise_database_url(database_url)
        production = os.environ.get("OPENEVENT_ENV", "").strip().lower() == "production"
        secret_key = overrides.pop("secret_key", None) or os.environ.get("SECRET_KEY")
        if not secret_key and production:
            raise SystemExit("OPENEVENT_ENV=production needs SECRET_KEY set explicitly (shared by every API worker "
                             "and task worker), e.g. the output of: python -c 'import secrets; print(secrets.token_urlsafe(48))'")
        secret_key = secret_key or _load_or_create_secret(data_dir)
        base_url = (overrides.pop("base_url", None) or os.environ.get("OPENEVENT_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
        settings = cls(
            data_dir=data_dir,
            database_url=database_url,
            secret_key=secret_key,
            base_url=base_url,
            echo_sql=_env_bool("OPENEVENT_ECHO_SQL", False),
            production=production,
            cors_origins=tuple(o.strip().rstrip("/") for o in os.environ.get("OPENEVENT_CORS_ORIGINS", "").split(",")
                               if o.strip()),
            **_tasks_and_storage_env(),
        )
        for key, value in overrides.items():
            setattr(settings, key, value)
        return settings


def _tasks_and_storage_env() -> dict:
    """Settings of the task runner and file storage that are present in the environment."""
    env = os.environ
    names = {
        "database_schema": ("OPENEVENT_DATABASE_SCHEMA", str),
        "task_broker_url": ("TASK_BROKER_URL", str),
        "task_queue": ("OPENEVENT_TASK_QUEUE", str),
        "task_concurrency": ("OPENEVENT_TASK_CONCURRENCY", int),
        "task_heartbeat_seconds": ("OPENEVENT_TASK_HEARTBEAT_SECONDS", float),
        "task_heartbeat_timeout_seconds": ("OPENEVENT_TASK_HEARTBEAT_TIMEOUT_SECONDS", float),
        "task_queue_timeout_seconds": ("OPENEVENT_TASK_QUEUE_TIMEOUT_SECONDS", float),
        "task_reap_interval_seconds": ("OPENEVENT_TASK_REAP_INTERVAL_SECONDS", float),
        "task_modules": ("OPENEVENT_TASK_MODULES", lambda v: tuple(m.strip() for m in v.split(",") if m.strip())),
        "storage_url": ("STORAGE_URL", str),
        "s3_endpoint_url": ("S3_ENDPOINT_URL", str),
        "s3_region": ("S3_REGION", str),
        "s3_access_key_id": ("S3_ACCESS_KEY_ID", str),
        "s3_secret_access_key": ("S3_SECRET_ACCESS_KEY", str),
        "download_url_seconds": ("OPENEVENT_DOWNLOAD_URL_SECONDS", int),
    }
    return {field_name: convert(env[var]) for field_name, (var, convert) in names.items() if env.get(var)}


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and select the async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        url = "sqlite+aiosqlite:///" + url[len("sqlite:///"):]
    return url
