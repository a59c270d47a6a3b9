"""Factories for accounts with real (Argon2id) passwords and helpers for the token endpoints."""

from __future__ import annotations

from openevent.auth.models import User
from openevent.auth.service import create_user
from openevent.jsonapi.http import MEDIA_TYPE

PASSWORD = "correct horse battery"
JSONAPI = {"Content-Type": MEDIA_TYPE}

_counter = {"n": 0}


async def make_account(db, *, email: str | None = None, password: str = PASSWORD, **fields) -> User:
    """A committed user created through the service, so that logging in works."""
    _counter["n"] += 1
    user = await create_user(db, email=email or f"account{_counter['n']}@example.com", password=password, **fields)
    await db.commit()
    return user


async def login(client, email: str, password: str = PASSWORD, **options):
    return await client.post("/v1/auth/login", json={"email": email, "password": password, **options})


def bearer(token: str, scheme: str = "JWT") -> dict[str, str]:
    return {"Authorization": f"{scheme} {token}"}
