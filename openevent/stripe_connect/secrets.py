"""Encryption at rest of the organisers' Stripe credentials (Fernet: AES-128-CBC + HMAC-SHA256).

The key is derived from SECRET_KEY for this purpose only; rotating SECRET_KEY
makes stored credentials unreadable, and organisers must connect Stripe again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken

_PURPOSE = b"openevent.stripe_connect.credentials.v1"


class UnreadableSecret(Exception):
    """The stored value was encrypted with another SECRET_KEY (or was tampered with)."""


def _fernet(secret_key: str) -> Fernet:
    derived = hmac.new(secret_key.encode(), _PURPOSE, hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt(secret_key: str, value: str) -> str:
    return _fernet(secret_key).encrypt(value.encode()).decode("ascii")


def decrypt(secret_key: str, token: str) -> str:
    try:
        return _fernet(secret_key).decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        raise UnreadableSecret("the stored Stripe credential cannot be decrypted with this SECRET_KEY") from None
