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


async def make_event(db, *, owner: User | None = None, state: str = "published", **fields):
    """An event (published by default) owned by `owner` when given."""
    from datetime import datetime, timezone

    from openevent.auth.roles import grant_event_role
    from openevent.events.identifiers import insert_with_identifier
    from openevent.events.models import Event

    values = {
        "name": f"Event {_next()}",
        "starts_at": datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc),
        "ends_at": datetime(2027, 3, 3, 18, 0, tzinfo=timezone.utc),
        "timezone": "Europe/Berlin",
        "state": state,
    }
    values.update(fields)
    event = Event(**values)
    if "identifier" in fields:
        db.add(event)
        await db.flush()
    else:
        await insert_with_identifier(db, event)
    if owner is not None:
        await grant_event_role(db, user_id=owner.id, event_id=event.id, role="owner")
    await db.commit()
    return event


async def make_member(db, event, role: str, **user_fields) -> User:
    """A user holding `role` in `event`'s team."""
    from openevent.auth.roles import grant_event_role

    user = await make_user(db, **user_fields)
    await grant_event_role(db, user_id=user.id, event_id=event.id, role=role)
    await db.commit()
    return user
