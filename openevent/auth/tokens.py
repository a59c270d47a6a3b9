"""JWT access and refresh tokens (HS256 with SECRET_KEY)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import jwt

ALGORITHM = "HS256"


@dataclass
class TokenClaims:
    user_id: int
    jti: str
    kind: str  # "access" | "refresh"
    expires_at: datetime
    fresh: bool
    issued_at: datetime


def issue_token(secret: str, user_id: int, *, kind: str, lifetime: timedelta, fresh: bool = False) -> tuple[str, TokenClaims]:
    now = datetime.now(timezone.utc)
    claims = TokenClaims(user_id=user_id, jti=secrets.token_hex(16), kind=kind, expires_at=now + lifetime, fresh=fresh,
                         issued_at=now)
    payload = {
        "identity": user_id,
        "sub": str(user_id),
        # sub-second precision, so "revoke everything issued before t" never catches a token issued just after t
        "iat": now.timestamp(),
        "nbf": int(now.timestamp()),
        "exp": int(claims.expires_at.timestamp()),
        "jti": claims.jti,
        "type": kind,
        "fresh": fresh,
    }
    return jwt.encode(payload, secret, algorithm=ALGORITHM), claims


class InvalidToken(Exception):
    pass


def decode_token(secret: str, token: str, *, kind: str) -> TokenClaims:
    try:
        payload = jwt.decode(token, secret, algorithms=[ALGORITHM], options={"require": ["exp", "iat", "jti", "identity"]})
    except jwt.ExpiredSignatureError:
        raise InvalidToken("The token has expired.") from None
    except jwt.PyJWTError:
        raise InvalidToken("The token is invalid.") from None
    if payload.get("type") != kind:
        raise InvalidToken(f"{'An' if kind == 'access' else 'A'} {kind} token is required.")
    identity = payload.get("identity")
    if not isinstance(identity, int):
        raise InvalidToken("The token is invalid.")
    return TokenClaims(
        user_id=identity,
        jti=str(payload["jti"]),
        kind=kind,
        expires_at=datetime.fromtimestamp(payload["exp"], timezone.utc),
        fresh=bool(payload.get("fresh")),
        issued_at=datetime.fromtimestamp(payload["iat"], timezone.utc),
    )


def revoked_by_user(issued_at: datetime, sessions_revoked_at: datetime | None) -> bool:
    """Whether a token predates the user's "log out everywhere" (blacklist, password change)."""
    return sessions_revoked_at is not None and issued_at < sessions_revoked_at
