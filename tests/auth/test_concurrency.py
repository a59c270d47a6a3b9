"""Races the database settles: one winner for a refresh token and for an email address."""

import asyncio

from openevent.jsonapi.http import MEDIA_TYPE

from .factories import PASSWORD, login, make_account


async def test_a_refresh_token_rotates_once_under_concurrent_use(client, db):
    user = await make_account(db)
    refresh = (await login(client, user.email, **{"remember-me": True})).json()["refresh_token"]
    client.cookies.clear()
    responses = await asyncio.gather(*[
        client.post("/v1/auth/token/refresh", json={"refresh_token": refresh}) for _ in range(4)])
    assert sorted(r.status_code for r in responses) == [200, 401, 401, 401]


async def test_concurrent_registrations_of_one_email_create_one_account(client):
    document = {"data": {"type": "user", "attributes": {"email": "race@example.com", "password": PASSWORD}}}
    responses = await asyncio.gather(*[
        client.post("/v1/users", headers={"Content-Type": MEDIA_TYPE}, json=document) for _ in range(3)])
    assert sorted(r.status_code for r in responses) == [201, 409, 409]
    for response in responses:
        if response.status_code == 409:
            assert response.json()["errors"][0]["source"] == {"pointer": "/data/attributes/email"}
