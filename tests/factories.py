"""Factories that create real rows; tests use these instead of mocks."""

from __future__ import annotations

from datetime import timedelta

from openevent.auth.models import User
from openevent.auth.tokens import issue_token

from .conftest import TEST_SECRET

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


async def make_user(db, *, email: str | None = None, password_hash: str = "x", **fields) -> User:
    user = User(email=email or f"user{_next()}@example.com", password_hash=password_hash, **fields)
    db.add(user)
    await db.commit()
    return user


def auth_header(user: User, *, scheme: str = "JWT") -> dict[str, str]:
    token, _ = issue_token(TEST_SECRET, user.id, kind="access", lifetime=timedelta(hours=1), fresh=True)
    return {"Authorization": f"{scheme} {token}"}
