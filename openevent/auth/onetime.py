"""Single-use secrets mailed to people (invites, password resets, email verification).

The token travels only in the mail; the database keeps its SHA-256, so a
database leak gives no usable link. Tokens are 256-bit random, so an unsalted
hash is enough (nothing to brute-force).
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> tuple[str, str]:
    """(token for the mail, digest to store)."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
