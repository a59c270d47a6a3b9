"""Event identifiers: 8 lowercase hex characters, never all digits, unique in the database.

Open Event's generator (W30) fell back to a 36-character UUID after a collision
or an all-digit draw, and checked uniqueness before inserting without handling
the race. Here the format never changes: we draw again, and uniqueness is left
to the database's unique constraint, retried inside a SAVEPOINT.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.savepoint import savepoint

from .models import Event

IDENTIFIER_PATTERN = re.compile(r"^[0-9a-f]{8}$")
MAX_ATTEMPTS = 20


class IdentifierExhausted(RuntimeError):
    """Every attempt collided: practically impossible unless the random source is broken."""


def _random_hex() -> str:
    """The random source (4 bytes from `secrets`); tests replace it to force collisions."""
    return secrets.token_hex(4)


def new_identifier() -> str:
    """A fresh candidate: 8 lowercase hex chars that can never be mistaken for a numeric id."""
    while True:
        candidate = _random_hex()
        if IDENTIFIER_PATTERN.match(candidate) and not candidate.isdigit():
            return candidate


def is_identifier(value: str) -> bool:
    return bool(IDENTIFIER_PATTERN.match(value)) and not value.isdigit()


async def insert_with_identifier(db: AsyncSession, event: Event) -> Event:
    """Add `event` with a new unique identifier; retry on a unique violation of the identifier."""
    for _ in range(MAX_ATTEMPTS):
        event.identifier = new_identifier()
        try:
            async with savepoint(db):
                db.add(event)
                await db.flush()
            return event
        except IntegrityError:
            if not await _identifier_taken(db, event.identifier):
                raise  # another constraint failed: not ours to retry
    raise IdentifierExhausted(f"no free event identifier after {MAX_ATTEMPTS} attempts")


async def _identifier_taken(db: AsyncSession, identifier: str) -> bool:
    return bool((await db.execute(select(exists().where(Event.identifier == identifier)))).scalar())
