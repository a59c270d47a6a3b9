"""Download tokens: signed with SECRET_KEY, short-lived, tamper-proof."""

from __future__ import annotations

import base64
import time

import orjson
import pytest

from openevent.storage.signing import BadToken, ExpiredToken, sign_key, unsign_key

SECRET = "s" * 48


def test_round_trip():
    token = sign_key(SECRET, "exports/1/t/a.ics", expires=60)
    assert unsign_key(SECRET, token) == "exports/1/t/a.ics"


def test_expired_token_is_refused():
    token = sign_key(SECRET, "exports/1/t/a.ics", expires=60, now=1000)
    assert unsign_key(SECRET, token, now=1059) == "exports/1/t/a.ics"
    with pytest.raises(ExpiredToken):
        unsign_key(SECRET, token, now=1060)


def _forge(token: str, key: str) -> str:
    payload, _, signature = token.partition(".")
    claims = orjson.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["k"] = key
    forged = base64.urlsafe_b64encode(orjson.dumps(claims)).rstrip(b"=").decode()
    return f"{forged}.{signature}"


@pytest.mark.parametrize("mangle", [
    lambda t: _forge(t, "exports/2/other/secret.csv"),  # another key, old signature
    lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # altered signature
    lambda t: t.partition(".")[0],  # no signature
    lambda t: "." + t.partition(".")[2],  # no payload
    lambda t: "garbage",
    lambda t: "é.é",
    lambda t: "",
])
def test_tampered_tokens_are_refused(mangle):
    token = sign_key(SECRET, "exports/1/t/a.ics", expires=60)
    with pytest.raises(BadToken):
        unsign_key(SECRET, mangle(token))


def test_other_secret_is_refused():
    token = sign_key(SECRET, "exports/1/t/a.ics", expires=60)
    with pytest.raises(BadToken):
        unsign_key("another-secret", token)


def test_a_jwt_style_value_signed_with_the_same_secret_is_not_a_download_token():
    import hashlib
    import hmac

    payload = base64.urlsafe_b64encode(orjson.dumps({"k": "exports/1/t/a.ics", "e": int(time.time()) + 60}))
    payload = payload.rstrip(b"=").decode()
    plain = base64.urlsafe_b64encode(hmac.new(SECRET.encode(), payload.encode(), hashlib.sha256).digest())
    with pytest.raises(BadToken):
        unsign_key(SECRET, f"{payload}.{plain.rstrip(b'=').decode()}")
