"""Short-lived signed download tokens naming a storage key (HMAC-SHA256 with SECRET_KEY).

token = base64url(json {"k": key, "e": expiry unix time}) + "." + base64url(hmac)
The HMAC key is derived from SECRET_KEY for this purpose only, so a download
token can never be confused with a JWT or any other signed value.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

import orjson

_PURPOSE = b"openevent.storage.download.v1"


class BadToken(Exception):
    """The token is malformed or its signature does not match."""


class ExpiredToken(Exception):
    """The token was valid but its lifetime is over."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, payload: str) -> str:
    derived = hmac.new(secret.encode(), _PURPOSE, hashlib.sha256).digest()
    return _b64encode(hmac.new(derived, payload.encode(), hashlib.sha256).digest())


def sign_key(secret: str, key: str, *, expires: int, now: float | None = None) -> str:
    expiry = int((time.time() if now is None else now) + expires)
    payload = _b64encode(orjson.dumps({"k": key, "e": expiry}))
    return f"{payload}.{_mac(secret, payload)}"


def unsign_key(secret: str, token: str, *, now: float | None = None) -> str:
    """The key named by a valid token; raises BadToken or ExpiredToken."""
    payload, dot, signature = token.partition(".")
    if not dot or not payload or not hmac.compare_digest(signature.encode(), _mac(secret, payload).encode()):
        raise BadToken("invalid download token")
    try:
        claims = orjson.loads(_b64decode(payload))
        key, expiry = claims["k"], claims["e"]
    except (ValueError, KeyError, TypeError):
        raise BadToken("invalid download token") from None
    if not isinstance(key, str) or not isinstance(expiry, int):
        raise BadToken("invalid download token")
    if (time.time() if now is None else now) >= expiry:
        raise ExpiredToken("download token expired")
    return key
