"""Password reset, email verification and change of password (links mailed through the outbox)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from openevent.auth.models import User, UserToken
from openevent.auth.onetime import digest
from openevent.core.db import utcnow
from openevent.mail.models import Mail

from .factories import PASSWORD, bearer, error_of, login, make_account


async def mails(db, kind: str, to: str | None = None) -> list[Mail]:
    db.expire_all()
    stmt = select(Mail).where(Mail.kind == kind).order_by(Mail.id)
    if to:
        stmt = stmt.where(Mail.recipient == to)
    return list((await db.execute(stmt)).scalars())


def token_in(mail: Mail) -> str:
    return re.search(r"token=([A-Za-z0-9_-]+)", mail.body).group(1)


async def ask_reset(client, email: str):
    return await client.post("/v1/auth/reset-password", json={"data": {"email": email}})


async def test_reset_password_end_to_end(client, db):
    user_id = (await make_account(db, email="reset@example.com")).id
    asked = await ask_reset(client, "Reset@Example.com")
    assert asked.status_code == 200
    sent = await mails(db, "password_reset")
    assert [m.recipient for m in sent] == ["reset@example.com"]
    token = token_in(sent[0])
    assert f"http://testserver/reset-password?token={token}" in sent[0].body
    stored = (await db.execute(select(UserToken.token_hash))).scalars().all()
    assert digest(token) in stored and token not in stored
    done = await client.patch("/v1/auth/reset-password", json={"data": {"token": token, "password": "a new secret!"}})
    assert done.status_code == 200
    assert done.json() == {"id": str(user_id), "email": "reset@example.com"}
    assert (await login(client, "reset@example.com", PASSWORD)).status_code == 401
    assert (await login(client, "reset@example.com", "a new secret!")).status_code == 200
    db.expire_all()
    assert (await db.get(User, user_id)).is_verified is True
    reused = await client.patch("/v1/auth/reset-password", json={"data": {"token": token, "password": "another one!"}})
    assert reused.status_code == 404
    assert error_of(reused)["source"] == {"pointer": "/data/token"}


async def test_same_answer_for_unknown_emails_and_no_mail(client, db):
    await make_account(db, email="known@example.com")
    known = await ask_reset(client, "known@example.com")
    unknown = await ask_reset(client, "unknown@example.com")
    assert (known.status_code, known.json()) == (unknown.status_code, unknown.json())
    assert [m.recipient for m in await mails(db, "password_reset")] == ["known@example.com"]


async def test_reset_requests_are_rate_limited_per_email(client, db):
    await make_account(db, email="limit@example.com")
    for _ in range(3):
        assert (await ask_reset(client, "limit@example.com")).status_code == 200
    limited = await ask_reset(client, "limit@example.com")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 3000
    assert len(await mails(db, "password_reset")) == 3
    assert (await ask_reset(client, "other@example.com")).status_code == 200  # another email is not limited


async def test_a_new_reset_link_voids_the_older_one_and_links_expire(client, db):
    await make_account(db, email="twice@example.com")
    await ask_reset(client, "twice@example.com")
    await ask_reset(client, "twice@example.com")
    first, second = [token_in(m) for m in await mails(db, "password_reset")]
    old = await client.patch("/v1/auth/reset-password", json={"data": {"token": first, "password": "a new secret!"}})
    assert old.status_code == 404
    await db.execute(update(UserToken).values(expires_at=utcnow() - timedelta(seconds=1)))
    await db.commit()
    expired = await client.patch("/v1/auth/reset-password",
                                 json={"data": {"token": second, "password": "a new secret!"}})
    assert expired.status_code == 410


@pytest.mark.parametrize("body, pointer", [
    ({"data": {"token": "x"}}, "/data/password"),
    ({"data": {"token": "x", "password": "short"}}, "/data/password"),
    ({"data": {"password": "long enough pw"}}, "/data/token"),
])
async def test_reset_input_errors(client, db, body, pointer):
    response = await client.patch("/v1/auth/reset-password", json=body)
    assert response.status_code == 422
    assert error_of(response)["source"] == {"pointer": pointer}


async def test_registration_mails_a_verification_link(client, db):
    response = await client.post("/v1/users", headers={"Content-Type": "application/vnd.api+json"}, json={
        "data": {"type": "user", "attributes": {"email": "fresh@example.com", "password": PASSWORD}}})
    assert response.status_code == 201
    sent = await mails(db, "verify_email", "fresh@example.com")
    assert len(sent) == 1
    token = token_in(sent[0])
    verified = await client.post("/v1/auth/verify-email", json={"data": {"token": token}})
    assert verified.status_code == 200
    user = (await db.execute(select(User).where(User.email == "fresh@example.com"))).scalar_one()
    assert user.is_verified is True
    assert (await client.post("/v1/auth/verify-email", json={"data": {"token": token}})).status_code == 404


async def test_verification_link_of_an_old_address_does_not_verify_the_new_one(client, db):
    user_id = (await make_account(db, email="before@example.com")).id
    await client.post("/v1/auth/resend-verification-email", json={"data": {"email": "before@example.com"}})
    token = token_in((await mails(db, "verify_email", "before@example.com"))[-1])
    await db.execute(update(User).where(User.id == user_id).values(email="after@example.com"))
    await db.commit()
    response = await client.post("/v1/auth/verify-email", json={"data": {"token": token}})
    assert response.status_code == 409
    db.expire_all()
    assert (await db.get(User, user_id)).is_verified is False


async def test_change_password(client, db):
    await make_account(db, email="change@example.com")
    token = (await login(client, "change@example.com")).json()["access_token"]
    wrong = await client.post("/v1/auth/change-password", headers=bearer(token),
                              json={"data": {"old-password": "nope", "new-password": "brand new secret"}})
    assert wrong.status_code == 403
    assert error_of(wrong)["source"] == {"pointer": "/data/old-password"}
    weak = await client.post("/v1/auth/change-password", headers=bearer(token),
                             json={"data": {"old-password": PASSWORD, "new-password": "short"}})
    assert weak.status_code == 422
    done = await client.post("/v1/auth/change-password", headers=bearer(token),
                             json={"data": {"old-password": PASSWORD, "new-password": "brand new secret"}})
    assert done.status_code == 200
    assert done.json() == {"password-changed": True, "email": "change@example.com"}
    assert (await client.get("/v1/users", headers=bearer(token))).status_code == 401  # sessions ended
    assert (await login(client, "change@example.com", "brand new secret")).status_code == 200
    assert [m.recipient for m in await mails(db, "password_changed")] == ["change@example.com"]
    anonymous = await client.post("/v1/auth/change-password",
                                  json={"data": {"old-password": PASSWORD, "new-password": "brand new secret"}})
    assert anonymous.status_code == 401
