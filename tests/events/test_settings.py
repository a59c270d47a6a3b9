"""The settings singleton: three views with exact member sets, secrets only for admins, admin-only PATCH."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from openevent.events.models import Setting

from ..factories import make_event, make_member, make_user
from .helpers import error_of, headers_for

PUBLIC = {
    "app-name", "tagline", "order-expiry-time", "start-pg-event-id", "start-pg-enabled",
    "max-complex-custom-fields", "analytics-key", "fb-client-id", "google-url", "github-url", "twitter-url",
    "support-url", "facebook-url", "instagram-url", "patreon-url", "gitter-url", "telegram-url", "youtube-url",
    "weblate-url", "frontend-url", "rocket-chat-url", "cookie-policy", "cookie-policy-link",
    "is-paytm-activated", "is-paypal-activated", "is-stripe-activated", "is-omise-activated",
    "is-alipay-activated", "is-billing-paypal-activated", "stripe-client-id", "stripe-publishable-key",
    "stripe-test-client-id", "stripe-test-publishable-key", "stripe-mode", "paypal-mode", "paypal-client",
    "paypal-sandbox-client", "omise-mode", "omise-test-public", "omise-live-public", "alipay-publishable-key",
    "paytm-mode", "paytm-live-merchant", "paytm-sandbox-merchant", "admin-billing-contact-name",
    "admin-billing-phone", "admin-billing-email", "admin-billing-state", "admin-billing-country",
    "admin-billing-tax-info", "admin-company", "admin-billing-address", "admin-billing-city",
    "admin-billing-zip", "admin-billing-additional-info", "admin-billing-logo", "logo-size", "image-size",
    "slide-size",
}
LOGGED_IN = PUBLIC | {"android-app-url", "web-app-url"}
SECRETS = {
    "aws-key", "aws-secret", "gs-key", "gs-secret", "google-recaptcha-secret", "google-client-secret",
    "fb-client-secret", "tw-consumer-key", "tw-consumer-secret", "in-client-secret", "stripe-secret-key",
    "stripe-test-secret-key", "paypal-secret", "paypal-sandbox-secret", "omise-test-secret",
    "omise-live-secret", "alipay-secret-key", "paytm-live-secret", "paytm-sandbox-secret", "sendgrid-key",
    "smtp-password", "rocket-chat-registration-secret",
}
ADMIN = LOGGED_IN | SECRETS | {
    "app-environment", "static-domain", "storage-place", "aws-bucket-name", "aws-region", "gs-bucket-name",
    "is-google-recaptcha-enabled", "google-recaptcha-site", "google-client-id", "in-client-id",
    "email-service", "email-from", "email-from-name", "smtp-host", "smtp-username", "smtp-port",
    "smtp-encryption", "invoice-sending-day", "invoice-sending-timezone", "admin-billing-paypal-email",
}


def settings_doc(id_value="1", **attributes) -> dict:
    return {"data": {"type": "setting", "id": id_value, "attributes": attributes}}


async def callers(db) -> dict:
    event = await make_event(db)
    return {"anonymous": None, "user": await make_user(db), "organizer": await make_member(db, event, "organizer"),
            "admin": await make_user(db, is_admin=True)}


@pytest.mark.parametrize(("role", "expected"), [("anonymous", PUBLIC), ("user", LOGGED_IN), ("organizer", LOGGED_IN),
                                                ("admin", ADMIN)])
async def test_views_have_exact_member_sets(client, db, role, expected):
    who = (await callers(db))[role]
    for url in ("/v1/settings", "/v1/settings/1"):
        response = await client.get(url, headers=headers_for(who))
        assert response.status_code == 200, response.text
        data = response.json()["data"]
        assert (data["type"], data["id"], data["links"]) == ("setting", "1", {"self": "/v1/settings/1"})
        assert set(data["attributes"]) == expected


async def test_row_is_created_once_with_defaults(client, db):
    for _ in range(2):
        response = await client.get("/v1/settings")
        attributes = response.json()["data"]["attributes"]
        assert (attributes["app-name"], attributes["order-expiry-time"], attributes["is-stripe-activated"]) == (
            "Open Event", 15, False)
    assert (await db.execute(select(func.count()).select_from(Setting))).scalar_one() == 1


async def test_secrets_never_reach_non_admins(client, db):
    people = await callers(db)
    secret_values = {name: f"s3cr3t-{i}" for i, name in enumerate(sorted(SECRETS))}
    response = await client.patch("/v1/settings/1", json=settings_doc(**secret_values),
                                  headers=headers_for(people["admin"]))
    assert response.status_code == 200, response.text
    assert {k: response.json()["data"]["attributes"][k] for k in SECRETS} == secret_values
    for role in ("anonymous", "user", "organizer"):
        for query in ("", "?fields[setting]=aws-secret,smtp-password"):
            text = (await client.get(f"/v1/settings{query}", headers=headers_for(people[role]))).text
            assert "s3cr3t" not in text, role


async def test_activation_flags_are_computed(client, db):
    admin = await make_user(db, is_admin=True)
    await client.patch("/v1/settings", headers=headers_for(admin), json=settings_doc(
        **{"stripe-publishable-key": "pk_live", "stripe-secret-key": "sk_live", "is-stripe-activated": False}))
    public = (await client.get("/v1/settings")).json()["data"]["attributes"]
    assert (public["is-stripe-activated"], public["stripe-publishable-key"], public["is-paypal-activated"]) == (
        True, "pk_live", False)


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("user", 403), ("organizer", 403), ("admin", 200)])
async def test_only_admins_patch(client, db, role, status):
    who = (await callers(db))[role]
    response = await client.patch("/v1/settings/1", json=settings_doc(**{"app-name": "Changed"}),
                                  headers=headers_for(who))
    assert response.status_code == status, response.text
    name = (await client.get("/v1/settings")).json()["data"]["attributes"]["app-name"]
    assert name == ("Changed" if status == 200 else "Open Event")


@pytest.mark.parametrize(("attributes", "name"), [
    ({"order-expiry-time": 0}, "order-expiry-time"),
    ({"order-expiry-time": 61}, "order-expiry-time"),
    ({"max-complex-custom-fields": 31}, "max-complex-custom-fields"),
    ({"smtp-port": 70000}, "smtp-port"),
    ({"logo-size": 2**40}, "logo-size"),
    ({"logo-size": None}, "logo-size"),
    ({"invoice-sending-timezone": "Nowhere/City"}, "invoice-sending-timezone"),
    ({"frontend-url": "javascript:alert(1)"}, "frontend-url"),
    ({"admin-billing-email": "nope"}, "admin-billing-email"),
    ({"storage-place": "ftp"}, "storage-place"),
    ({"app-name": "x" * 256}, "app-name"),
    ({"no-such-setting": 1}, "no-such-setting"),
])
async def test_invalid_settings_are_422(client, db, attributes, name):
    admin = await make_user(db, is_admin=True)
    response = await client.patch("/v1/settings/1", json=settings_doc(**attributes), headers=headers_for(admin))
    assert response.status_code == 422, response.text
    assert error_of(response)["source"] == {"pointer": f"/data/attributes/{name}"}


async def test_other_ids_and_mismatches(client, db):
    admin = await make_user(db, is_admin=True)
    assert (await client.get("/v1/settings/2")).status_code == 404
    assert (await client.patch("/v1/settings/2", json=settings_doc("2"), headers=headers_for(admin))).status_code == 404
    mismatch = await client.patch("/v1/settings/1", json=settings_doc("2"), headers=headers_for(admin))
    assert mismatch.status_code == 409
    assert error_of(mismatch)["source"] == {"pointer": "/data/id"}
    wrong_type = await client.patch("/v1/settings/1", headers=headers_for(admin),
                                    json={"data": {"type": "settings", "id": "1", "attributes": {}}})
    assert wrong_type.status_code == 409
    assert (await client.get("/v1/settings?include=x")).status_code == 400
