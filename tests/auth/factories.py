"""Factories for accounts with real (Argon2id) passwords and helpers for the token endpoints."""

from __future__ import annotations

from openevent.auth.models import User
from openevent.auth.service import create_user
from openevent.jsonapi.http import MEDIA_TYPE

from ..factories import auth_header

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


def headers_for(user: User | None) -> dict[str, str]:
    """JSON:API content type plus, for a user, a valid access token."""
    return {**JSONAPI, **(auth_header(user) if user else {})}


def error_of(response) -> dict:
    """The single error object of a JSON:API error document."""
    assert response.headers["content-type"] == MEDIA_TYPE
    body = response.json()
    assert body["jsonapi"] == {"version": "1.0"}
    assert len(body["errors"]) == 1
    return body["errors"][0]
