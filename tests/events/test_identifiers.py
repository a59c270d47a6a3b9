"""Event identifiers: 8 lowercase hex chars, never all digits, unique; collisions are retried (W30)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openevent.events import identifiers
from openevent.events.models import Event

from ..factories import make_event, make_user
from .helpers import IDENTIFIER, headers_for, new_event_doc


def draws(monkeypatch, values: list[str]) -> list[str]:
    """Replace the random source by a fixed sequence; returns what is left of it."""
    remaining = list(values)
    monkeypatch.setattr(identifiers, "_random_hex", lambda: remaining.pop(0))
    return remaining


def test_identifier_format():
    for _ in range(2000):
        value = identifiers.new_identifier()
        assert IDENTIFIER.match(value) and not value.isdigit()


def test_all_digit_draws_are_drawn_again(monkeypatch):
    left = draws(monkeypatch, ["12345678", "00000000", "1234abcd"])
    assert identifiers.new_identifier() == "1234abcd"
    assert left == []


def test_malformed_draws_are_drawn_again(monkeypatch):
    draws(monkeypatch, ["ABCDEF12", "abc", "abcdef12"])
    assert identifiers.new_identifier() == "abcdef12"


async def test_collision_is_retried_in_a_savepoint(client, db, monkeypatch):
    existing = await make_event(db, identifier="cafe0001")
    user = await make_user(db)
    left = draws(monkeypatch, ["99999999", "cafe0001", "cafe0001", "beef0002"])
    response = await client.post("/v1/events", json=new_event_doc(), headers=headers_for(user))
    assert response.status_code == 201, response.text
    assert response.json()["data"]["attributes"]["identifier"] == "beef0002"
    assert left == []
    rows = (await db.execute(select(Event.identifier).order_by(Event.id))).scalars().all()
    assert rows == [existing.identifier, "beef0002"]


async def test_exhausted_retries_raise_and_save_nothing(db, monkeypatch):
    await make_event(db, identifier="cafe0001")
    monkeypatch.setattr(identifiers, "_random_hex", lambda: "cafe0001")
    event = Event(name="x", starts_at=(await db.get(Event, 1)).starts_at,
                  ends_at=(await db.get(Event, 1)).ends_at, timezone="UTC", state="draft")
    with pytest.raises(identifiers.IdentifierExhausted):
        await identifiers.insert_with_identifier(db, event)
    await db.rollback()
    assert (await db.execute(select(Event.identifier))).scalars().all() == ["cafe0001"]


async def test_created_identifiers_are_unique_and_well_formed(client, db):
    user = await make_user(db)
    seen = set()
    for _ in range(5):
        response = await client.post("/v1/events", json=new_event_doc(), headers=headers_for(user))
        value = response.json()["data"]["attributes"]["identifier"]
        assert IDENTIFIER.match(value) and not value.isdigit()
        seen.add(value)
    assert len(seen) == 5
