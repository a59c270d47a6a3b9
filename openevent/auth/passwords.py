"""Password policy and Argon2id hashing.

Hashing is deliberately slow (tens of milliseconds), so it runs in a worker
thread and never blocks the event loop.
"""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8
MAX_LENGTH = 256

_hasher = PasswordHasher()


def password_problem(password: object) -> str | None:
    """Why this password is not acceptable, or None when it is."""
    if not isinstance(password, str):
        return "The password must be a string."
    if len(password) < MIN_LENGTH:
        return f"The password must have at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"The password may have at most {MAX_LENGTH} characters."
    return None


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


def _matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash() -> str:
    return _hasher.hash("not the password of any account")


def _matches_dummy(password: str) -> bool:
    return _matches(_dummy_hash(), password)


async def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether the password matches; without a stored hash (unknown account) the
    same work is done against a dummy hash, so timing does not reveal accounts."""
    if stored_hash is None:
        await asyncio.to_thread(_matches_dummy, password)
        return False
    return await asyncio.to_thread(_matches, stored_hash, password)


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than the current ones."""
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
