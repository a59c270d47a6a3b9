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
        secret_key = overrides.pop("secret_key", None) or os.environ.get("SECRET_KEY") or _load_or_create_secret(data_dir)
        base_url = (overrides.pop("base_url", None) or os.environ.get("OPENEVENT_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
        settings = cls(
            data_dir=data_dir,
            database_url=database_url,
            secret_key=secret_key,
            base_url=base_url,
            echo_sql=_env_bool("OPENEVENT_ECHO_SQL", False),
        )
        for key, value in overrides.items():
            setattr(settings, key, value)
        return settings


def normalise_database_url(url: str) -> str:
    """Accept the usual postgres:// spellings and select the async drivers."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://"):]
    if url.startswith("sqlite:///"):
        url = "sqlite+aiosqlite:///" + url[len("sqlite:///"):]
    return url
