"""Connecting an event to its organiser's Stripe account (Stripe Connect OAuth, standard accounts).

The frontend sends the organiser through Stripe's consent page and gets back an
authorisation code; the server exchanges it at `<connect URL>/oauth/token` with
the platform's secret key (settings singleton: `stripe-secret-key`, or
`stripe-test-secret-key` when `stripe-mode` is "test"). The connect URL is
https://connect.stripe.com unless OPENEVENT_STRIPE_CONNECT_URL (or
settings.extra["stripe_connect_url"], used by the tests' local fake server) says
otherwise. The server never fetches a URL a client chose.
"""

from __future__ import annotations

import asyncio
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from . import secrets
from .models import StripeAuthorization

DEFAULT_CONNECT_URL = "https://connect.stripe.com"
TIMEOUT_SECONDS = 20


class StripeError(Exception):
    """Stripe refused the exchange (its error_description), or could not be reached."""

    def __init__(self, message: str, *, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Credentials:
    secret_key: str
    refresh_token: str | None
    publishable_key: str
    user_id: str


def connect_url(settings: Any) -> str:
    return (settings.extra.get("stripe_connect_url") or os.environ.get("OPENEVENT_STRIPE_CONNECT_URL")
            or DEFAULT_CONNECT_URL).rstrip("/")


def platform_secret(setting_row: Any) -> str | None:
    if setting_row is None:
        return None
    if (setting_row.stripe_mode or "").lower() == "test":
        return setting_row.stripe_test_secret_key or None
    return setting_row.stripe_secret_key or None


def _post_form(url: str, form: dict[str, str]) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=urllib.parse.urlencode(form).encode(), method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - configured URL
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


async def exchange_code(settings: Any, platform_key: str, code: str) -> Credentials:
    """POST the code to Stripe's token endpoint; StripeError with Stripe's own words on refusal."""
    url = connect_url(settings) + "/oauth/token"
    form = {"grant_type": "authorization_code", "code": code, "client_secret": platform_key}
    try:
        status, raw = await asyncio.to_thread(_post_form, url, form)
    except (OSError, urllib.error.URLError) as exc:
        raise StripeError(f"Stripe could not be reached ({exc}); try again later.", status=502) from None
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise StripeError(f"Stripe answered with an unreadable response (HTTP {status}).", status=502)
    if status != 200 or "error" in body:
        description = body.get("error_description") or body.get("error") or f"HTTP {status}"
        raise StripeError(f"Stripe refused the authorization: {description}")
    try:
        return Credentials(secret_key=body["access_token"], refresh_token=body.get("refresh_token"),
                           publishable_key=body["stripe_publishable_key"], user_id=body["stripe_user_id"])
    except KeyError as exc:
        raise StripeError(f"Stripe's answer lacks {exc.args[0]!r}.", status=502) from None


def new_authorization(settings: Any, event_id: int, credentials: Credentials) -> StripeAuthorization:
    key = settings.secret_key
    return StripeAuthorization(
        event_id=event_id,
        stripe_secret_key_encrypted=secrets.encrypt(key, credentials.secret_key),
        stripe_refresh_token_encrypted=(secrets.encrypt(key, credentials.refresh_token)
                                        if credentials.refresh_token else None),
        stripe_publishable_key=credentials.publishable_key,
        stripe_user_id=credentials.user_id,
    )


async def credentials_for_event(db: AsyncSession, settings: Any, event_id: int) -> Credentials | None:
    """The event's decrypted Stripe credentials, for the payment code (never for a response)."""
    row = (await db.execute(select(StripeAuthorization).where(StripeAuthorization.event_id == event_id))).scalar()
    if row is None:
        return None
    key = settings.secret_key
    return Credentials(
        secret_key=secrets.decrypt(key, row.stripe_secret_key_encrypted),
        refresh_token=(secrets.decrypt(key, row.stripe_refresh_token_encrypted)
                       if row.stripe_refresh_token_encrypted else None),
        publishable_key=row.stripe_publishable_key,
        user_id=row.stripe_user_id,
    )
