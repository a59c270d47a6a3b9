"""Stripe Connect authorisation: the code is exchanged at a (local, fake) Stripe token endpoint,
secrets are stored encrypted and never shown, one per event, organisers only."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from openevent.events.models import Event
from openevent.events.service import get_settings
from openevent.stripe_connect.models import StripeAuthorization
from openevent.stripe_connect.service import credentials_for_event

from ..auth.factories import error_of, headers_for
from ..factories import make_event, make_member, make_user
from .fake_stripe import CREDENTIALS, GOOD_CODE


def auth_doc(event_id, code=GOOD_CODE) -> dict:
    return {"data": {"type": "stripe-authorization", "attributes": {"stripe-auth-code": code},
                     "relationships": {"event": {"data": {"type": "event", "id": str(event_id)}}}}}


async def platform(db, **fields) -> None:
    row = await get_settings(db)
    row.stripe_secret_key = "sk_platform"
    for key, value in fields.items():
        setattr(row, key, value)
    await db.commit()


async def test_connect_stores_encrypted_secrets_and_shows_only_the_publishable_key(client, db, app, fake_stripe):
    await platform(db)
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.post("/v1/stripe-authorizations", headers=headers_for(owner), json=auth_doc(event.id))
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"] == {"stripe-publishable-key": "pk_test_connected_public"}
    assert fake_stripe.requests == [{"method": "POST", "path": "/oauth/token", "form": {
        "grant_type": "authorization_code", "code": GOOD_CODE, "client_secret": "sk_platform"}}]
    row = (await db.execute(select(StripeAuthorization))).scalar_one()
    assert CREDENTIALS["access_token"] not in row.stripe_secret_key_encrypted
    assert CREDENTIALS["refresh_token"] not in row.stripe_refresh_token_encrypted
    creds = await credentials_for_event(db, app.state.settings, event.id)
    assert (creds.secret_key, creds.refresh_token, creds.user_id) == (
        "sk_test_connected_secret", "rt_connected_refresh", "acct_123")
    for url in (f"/v1/stripe-authorizations/{data['id']}", f"/v1/events/{event.id}/stripe-authorization",
                f"/v1/events/{event.identifier}/stripe-authorization"):
        read = await client.get(url)  # anonymous: the checkout page needs the publishable key
        assert read.status_code == 200
        assert read.json()["data"]["attributes"] == {"stripe-publishable-key": "pk_test_connected_public"}
        assert "sk_test" not in read.text and "rt_connected" not in read.text and "acct_123" not in read.text
    await db.refresh(event)
    assert event.is_stripe_linked is True


async def test_one_authorization_per_event(client, db, fake_stripe):
    await platform(db)
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    assert (await client.post("/v1/stripe-authorizations", headers=headers_for(owner),
                              json=auth_doc(event.id))).status_code == 201
    again = await client.post("/v1/stripe-authorizations", headers=headers_for(owner), json=auth_doc(event.id))
    assert again.status_code == 409
    assert error_of(again)["source"] == {"pointer": "/data/relationships/event"}
    assert len(fake_stripe.requests) == 1  # Stripe is not asked again


async def test_database_refuses_a_second_row(db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    for _ in range(2):
        db.add(StripeAuthorization(event_id=event.id, stripe_secret_key_encrypted="x", stripe_publishable_key="p",
                                   stripe_user_id="u"))
    with pytest.raises(Exception) as caught:
        await db.commit()
    assert "unique" in str(caught.value).lower()
    await db.rollback()


async def test_stripe_error_description_becomes_a_jsonapi_error(client, db, fake_stripe):
    await platform(db)
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.post("/v1/stripe-authorizations", headers=headers_for(owner),
                                 json=auth_doc(event.id, code="ac_bad"))
    assert response.status_code == 422
    assert error_of(response) == {
        "status": "422", "title": "Stripe error", "source": {"pointer": "/data/attributes/stripe-auth-code"},
        "detail": "Stripe refused the authorization: Authorization code does not exist: ac_bad"}
    assert (await db.execute(select(StripeAuthorization))).scalars().all() == []


async def test_unreachable_stripe_is_a_502(client, db, app, monkeypatch):
    await platform(db)
    monkeypatch.setitem(app.state.settings.extra, "stripe_connect_url", "http://127.0.0.1:9")
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.post("/v1/stripe-authorizations", headers=headers_for(owner), json=auth_doc(event.id))
    assert response.status_code == 502
    assert error_of(response)["title"] == "Stripe error"


async def test_not_configured(client, db, fake_stripe):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.post("/v1/stripe-authorizations", headers=headers_for(owner), json=auth_doc(event.id))
    assert response.status_code == 422
    assert error_of(response)["title"] == "Stripe not configured"
    assert fake_stripe.requests == []


@pytest.mark.parametrize("actor, create, delete", [
    ("anonymous", 401, 401), ("stranger", 403, 403), ("coorganizer", 403, 403), ("organizer", 201, 200),
    ("owner", 201, 200), ("admin", 201, 200),
])
async def test_who_may_connect_and_disconnect(client, db, fake_stripe, actor, create, delete):
    await platform(db)
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    users = {"anonymous": None, "stranger": await make_user(db), "owner": owner,
             "admin": await make_user(db, is_admin=True)}
    user = users[actor] if actor in users else await make_member(db, event, actor)
    created = await client.post("/v1/stripe-authorizations", headers=headers_for(user), json=auth_doc(event.id))
    assert created.status_code == create
    if create != 201:
        assert fake_stripe.requests == []
        created = await client.post("/v1/stripe-authorizations", headers=headers_for(owner), json=auth_doc(event.id))
    auth_id = created.json()["data"]["id"]
    removed = await client.delete(f"/v1/stripe-authorizations/{auth_id}", headers=headers_for(user))
    assert removed.status_code == delete
    remaining = (await db.execute(select(StripeAuthorization.id))).scalars().all()
    assert remaining == ([] if delete == 200 else [int(auth_id)])
    linked = (await db.execute(select(Event.is_stripe_linked).where(Event.id == event.id))).scalar_one()
    assert linked is (delete != 200)


async def test_draft_events_authorization_is_hidden(client, db, fake_stripe):
    await platform(db)
    owner = await make_user(db)
    event = await make_event(db, owner=owner, state="draft")
    created = await client.post("/v1/stripe-authorizations", headers=headers_for(owner), json=auth_doc(event.id))
    assert created.status_code == 201
    assert (await client.get(f"/v1/stripe-authorizations/{created.json()['data']['id']}")).status_code == 404


async def test_hard_deleting_the_event_removes_its_authorization_and_invites(client, db, fake_stripe):
    from datetime import datetime, timezone

    from sqlalchemy import func

    from openevent.auth.models import RoleInvite

    await platform(db)
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    assert (await client.post("/v1/stripe-authorizations", headers=headers_for(owner),
                              json=auth_doc(event.id))).status_code == 201
    invited = await client.post("/v1/role-invites", headers=headers_for(owner), json={"data": {
        "type": "role-invite", "attributes": {"email": "x@example.com", "role-name": "organizer"},
        "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}}}}})
    assert invited.status_code == 201
    await db.execute(update(Event).where(Event.id == event.id).values(
        deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    await db.commit()
    response = await client.delete(f"/v1/events/{event.id}?permanent=true&get_trashed=true",
                                   headers=headers_for(owner))
    assert response.status_code == 200, response.text
    for model in (StripeAuthorization, RoleInvite):
        assert (await db.execute(select(func.count()).select_from(model))).scalar_one() == 0, model
