"""Login, token refresh (rotation), logout, blacklist and how tokens are checked."""

from datetime import datetime, timedelta, timezone

import jwt
import pytest
from sqlalchemy import update

from openevent.auth.models import LoginAttempt, User
from openevent.auth.tokens import issue_token
from openevent.jsonapi.http import MEDIA_TYPE

from ..conftest import TEST_SECRET
from .factories import JSONAPI, PASSWORD, bearer, error_of, login, make_account


def claims_of(token: str) -> dict:
    return jwt.decode(token, TEST_SECRET, algorithms=["HS256"])


async def me(client, user_id: int, token: str, scheme: str = "JWT"):
    return await client.get(f"/v1/users/{user_id}", headers=bearer(token, scheme))


async def test_register_login_use_logout_then_the_token_is_refused(client):
    registered = await client.post("/v1/users", headers=JSONAPI, json={"data": {"type": "user", "attributes": {
        "email": "flow@example.com", "password": PASSWORD}}})
    assert registered.status_code == 201
    user_id = int(registered.json()["data"]["id"])

    response = await login(client, "flow@example.com")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    assert list(response.json()) == ["access_token"]
    assert "set-cookie" not in response.headers
    token = response.json()["access_token"]

    detail = await me(client, user_id, token)
    assert detail.status_code == 200
    assert detail.json()["data"]["attributes"]["email"] == "flow@example.com"

    logout = await client.post("/v1/auth/logout", headers=bearer(token))
    assert logout.status_code == 200
    assert logout.json() == {"success": True}

    refused = await me(client, user_id, token)
    assert refused.status_code == 401
    assert error_of(refused) == {"status": "401", "title": "Unauthorized", "detail": "The token is no longer valid."}
    assert (await client.post("/v1/auth/logout", headers=bearer(token))).status_code == 200  # idempotent


@pytest.mark.parametrize("scheme", ["JWT", "Bearer", "bearer"])
async def test_both_authorization_schemes_are_accepted(client, db, scheme):
    user = await make_account(db)
    token = (await login(client, user.email)).json()["access_token"]
    response = await me(client, user.id, token, scheme)
    assert response.status_code == 200
    assert "email" in response.json()["data"]["attributes"]  # recognised as the user themself


async def test_unknown_authorization_scheme_is_401(client, db):
    user = await make_account(db)
    response = await client.get(f"/v1/users/{user.id}", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert response.status_code == 401
    assert error_of(response)["detail"] == "Send the token as 'Authorization: JWT <token>' or 'Bearer <token>'."


async def test_auth_session_alias_and_username_member(client, db):
    user = await make_account(db, email="alias@example.com")
    response = await client.post("/auth/session", json={"username": "ALIAS@example.com", "password": PASSWORD})
    assert response.status_code == 200
    assert claims_of(response.json()["access_token"])["identity"] == user.id


async def test_access_token_claims_and_lifetimes(client, db):
    user = await make_account(db)
    before = datetime.now(timezone.utc).timestamp()
    plain = claims_of((await login(client, user.email)).json()["access_token"])
    assert plain["identity"] == user.id
    assert (plain["type"], plain["fresh"]) == ("access", True)
    assert plain["exp"] - before == pytest.approx(24 * 3600, abs=5)  # Settings.access_token_minutes

    remembered = (await login(client, user.email, **{"remember-me": True})).json()
    assert claims_of(remembered["access_token"])["exp"] - before == pytest.approx(90 * 60, abs=5)
    refresh = claims_of(remembered["refresh_token"])
    assert (refresh["type"], refresh["identity"]) == ("refresh", user.id)
    assert refresh["exp"] - before == pytest.approx(365 * 24 * 3600, abs=5)


async def test_remember_me_sets_an_http_only_refresh_cookie(client, db):
    user = await make_account(db)
    response = await login(client, user.email, **{"remember-me": True, "include-in-response": True})
    body = response.json()
    assert set(body) == {"access_token", "refresh_token"}
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"refresh_token_cookie={body['refresh_token']};")
    for part in ("HttpOnly", "Path=/v1/auth", "SameSite=strict", "Max-Age="):
        assert part in cookie
    assert "Secure" not in cookie  # the test base URL is http


async def test_refresh_rotates_and_the_used_refresh_token_is_refused(client, db):
    user = await make_account(db)
    first = (await login(client, user.email, **{"remember-me": True})).json()["refresh_token"]

    rotated = await client.post("/v1/auth/token/refresh", json={"refresh_token": first})
    assert rotated.status_code == 200
    body = rotated.json()
    assert set(body) == {"access_token", "refresh_token"}
    access = claims_of(body["access_token"])
    assert (access["identity"], access["type"], access["fresh"]) == (user.id, "access", False)
    assert claims_of(body["refresh_token"])["exp"] == claims_of(first)["exp"]  # rotation never extends a session
    assert (await me(client, user.id, body["access_token"])).status_code == 200

    reused = await client.post("/v1/auth/token/refresh", json={"refresh_token": first})
    assert reused.status_code == 401
    assert error_of(reused) == {"status": "401", "title": "Unauthorized",
                                "detail": "This refresh token has already been used or revoked.",
                                "source": {"parameter": "refresh_token"}}
    again = await client.post("/v1/auth/token/refresh", json={"refresh_token": body["refresh_token"]})
    assert again.status_code == 200


async def test_refresh_token_from_the_authorization_header(client, db):
    user = await make_account(db)
    refresh = (await login(client, user.email, **{"remember-me": True})).json()["refresh_token"]
    client.cookies.clear()
    response = await client.post("/v1/auth/token/refresh", headers=bearer(refresh))
    assert response.status_code == 200
    assert (await client.post("/v1/auth/token/refresh", headers=bearer(refresh))).status_code == 401


async def test_refresh_token_from_the_cookie_and_the_cookie_rotates(client, db):
    user = await make_account(db)
    first = (await login(client, user.email, **{"remember-me": True})).json()["refresh_token"]
    assert client.cookies["refresh_token_cookie"] == first
    response = await client.post("/v1/auth/token/refresh")
    assert response.status_code == 200
    assert client.cookies["refresh_token_cookie"] == response.json()["refresh_token"] != first
    assert (await client.post("/v1/auth/token/refresh")).status_code == 200  # the new cookie works


async def test_refresh_needs_a_refresh_token(client, db):
    user = await make_account(db)
    access = (await login(client, user.email)).json()["access_token"]
    missing = await client.post("/v1/auth/token/refresh")
    assert missing.status_code == 401
    assert error_of(missing)["source"] == {"parameter": "refresh_token"}
    wrong_kind = await client.post("/v1/auth/token/refresh", json={"refresh_token": access})
    assert wrong_kind.status_code == 401
    assert error_of(wrong_kind)["detail"] == "A refresh token is required."
    garbage = await client.post("/v1/auth/token/refresh", json={"refresh_token": "not.a.token"})
    assert error_of(garbage)["detail"] == "The token is invalid."


async def test_a_refresh_token_cannot_be_used_as_an_access_token(client, db):
    user = await make_account(db)
    refresh = (await login(client, user.email, **{"remember-me": True})).json()["refresh_token"]
    response = await me(client, user.id, refresh)
    assert response.status_code == 401
    assert error_of(response)["detail"] == "An access token is required."


async def test_logout_revokes_the_refresh_token_too_and_clears_the_cookie(client, db):
    user = await make_account(db)
    tokens = (await login(client, user.email, **{"remember-me": True})).json()
    response = await client.post("/v1/auth/logout", headers=bearer(tokens["access_token"]),
                                 json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 200
    assert 'refresh_token_cookie=""' in response.headers["set-cookie"]
    assert "refresh_token_cookie" not in client.cookies
    refused = await client.post("/v1/auth/token/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refused.status_code == 401
    assert (await me(client, user.id, tokens["access_token"])).status_code == 401


async def test_logout_with_only_the_cookie_revokes_it(client, db):
    user = await make_account(db)
    refresh = (await login(client, user.email, **{"remember-me": True})).json()["refresh_token"]
    assert (await client.post("/v1/auth/logout")).status_code == 200
    assert (await client.post("/v1/auth/token/refresh", json={"refresh_token": refresh})).status_code == 401


async def test_logout_ignores_invalid_tokens(client):
    response = await client.post("/v1/auth/logout", headers={"Authorization": "JWT garbage"},
                                 json={"refresh_token": "also garbage"})
    assert response.status_code == 200


async def test_blacklist_logs_out_everywhere(client, db):
    user = await make_account(db)
    phone = (await login(client, user.email, **{"remember-me": True})).json()
    laptop = (await login(client, user.email, **{"remember-me": True})).json()
    response = await client.post("/v1/auth/blacklist", headers=bearer(laptop["access_token"]))
    assert response.status_code == 200
    assert response.json() == {"success": True}
    for tokens in (phone, laptop):
        assert (await me(client, user.id, tokens["access_token"])).status_code == 401
        refused = await client.post("/v1/auth/token/refresh", json={"refresh_token": tokens["refresh_token"]})
        assert error_of(refused)["detail"] == "This refresh token is no longer valid."
    fresh = (await login(client, user.email)).json()["access_token"]
    assert (await me(client, user.id, fresh)).status_code == 200


async def test_blacklist_needs_a_token(client):
    response = await client.post("/v1/auth/blacklist")
    assert response.status_code == 401
    assert error_of(response)["source"] == {"parameter": "Authorization"}


async def test_expired_token_is_401(client, db):
    user = await make_account(db)
    token, _ = issue_token(TEST_SECRET, user.id, kind="access", lifetime=timedelta(seconds=-1))
    response = await me(client, user.id, token)
    assert response.status_code == 401
    assert error_of(response)["detail"] == "The token has expired."
    assert response.headers["www-authenticate"] == "JWT"


async def test_tampered_tokens_are_401(client, db):
    victim = await make_account(db, is_admin=True)
    attacker = await make_account(db)
    token = (await login(client, attacker.email)).json()["access_token"]
    header, payload, signature = token.split(".")
    forged_payload = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(f'"identity":{attacker.id}'.encode(),
                                                   f'"identity":{victim.id}'.encode())).decode()
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    other_secret, _ = issue_token("another-secret-of-sufficient-length-0123456789", victim.id, kind="access",
                                  lifetime=timedelta(hours=1))
    unsigned = jwt.encode({"identity": victim.id, "exp": 9999999999, "jti": "x", "type": "access"}, None,
                          algorithm="none")
    for forged in (f"{header}.{forged_payload}.{signature}", f"{header}.{payload}.{flipped}", other_secret, unsigned):
        response = await me(client, victim.id, forged)
        assert response.status_code == 401, forged
        assert error_of(response)["detail"] == "The token is invalid."


async def test_blocked_or_deleted_users_tokens_are_401(client, db):
    blocked = await make_account(db)
    deleted = await make_account(db)
    tokens = {u.id: (await login(client, u.email, **{"remember-me": True})).json() for u in (blocked, deleted)}
    await db.execute(update(User).where(User.id == blocked.id).values(is_blocked=True))
    await db.execute(update(User).where(User.id == deleted.id).values(deleted_at=datetime.now(timezone.utc)))
    await db.commit()
    for user_id, pair in tokens.items():
        assert (await me(client, user_id, pair["access_token"])).status_code == 401
        refused = await client.post("/v1/auth/token/refresh", json={"refresh_token": pair["refresh_token"]})
        assert error_of(refused)["detail"] == "This refresh token is no longer valid."


async def test_blocked_user_learns_it_only_with_the_right_password(client, db):
    user = await make_account(db, is_blocked=True)
    wrong = await login(client, user.email, "not the password")
    assert wrong.status_code == 401
    right = await login(client, user.email)
    assert right.status_code == 403
    assert error_of(right) == {"status": "403", "title": "Access forbidden",
                               "detail": "This account has been blocked; contact the site administrators.",
                               "source": {"pointer": ""}}


async def test_wrong_credentials_do_not_reveal_whether_the_email_exists(client, db):
    user = await make_account(db)
    wrong_password = await login(client, user.email, "not the password")
    unknown_email = await login(client, "nobody@example.com")
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json() == unknown_email.json() == {
        "errors": [{"status": "401", "title": "Unauthorized", "detail": "Wrong email or password.",
                    "source": {"pointer": ""}}],
        "jsonapi": {"version": "1.0"},
    }


@pytest.mark.parametrize("body, status, pointer", [
    ({"password": PASSWORD}, 422, "/email"),
    ({"email": "a@example.com"}, 422, "/password"),
    ({"email": "", "password": PASSWORD}, 422, "/email"),
    ({"email": 5, "password": PASSWORD}, 422, "/email"),
    ({"email": "a@example.com", "password": ["x"]}, 422, "/password"),
    ({"email": "a@example.com", "password": PASSWORD, "remember-me": "yes"}, 422, "/remember-me"),
    ({"email": "a@example.com", "password": PASSWORD, "include-in-response": 1}, 422, "/include-in-response"),
    (["a@example.com", PASSWORD], 400, ""),
])
async def test_bad_login_input_is_a_jsonapi_error(client, body, status, pointer):
    response = await client.post("/v1/auth/login", json=body)
    assert response.status_code == status
    assert error_of(response)["source"] == {"pointer": pointer}


async def test_malformed_or_foreign_login_bodies(client):
    malformed = await client.post("/v1/auth/login", content=b'{"email": ', headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400
    assert error_of(malformed)["title"] == "Malformed JSON"
    form = await client.post("/v1/auth/login", content=b"email=a&password=b",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert form.status_code == 415
    empty = await client.post("/v1/auth/login", headers={"Content-Type": "application/json"})
    assert empty.status_code == 400


# -- rate limiting ------------------------------------------------------------------------

@pytest.fixture
def limit_3(settings, monkeypatch):
    monkeypatch.setattr(settings, "login_rate_limit", 3)
    monkeypatch.setattr(settings, "login_rate_window_seconds", 60)


async def fail(client, email: str, times: int) -> None:
    for _ in range(times):
        assert (await login(client, email, "not the password")).status_code == 401


async def test_rate_limit_gives_429_with_retry_after(client, db, limit_3):
    user = await make_account(db)
    await fail(client, user.email, 3)
    response = await login(client, user.email, "not the password")
    assert response.status_code == 429
    assert 55 <= int(response.headers["retry-after"]) <= 60
    error = error_of(response)
    assert error["title"] == "Too many requests"
    assert error["detail"] == f"Too many failed logins; try again in {response.headers['retry-after']} seconds."
    assert error["source"] == {"pointer": ""}
    # while limited even the right password is refused, so guessing on is useless
    assert (await login(client, user.email)).status_code == 429


async def test_rate_limit_counts_per_email_across_addresses(client, other_client, db, limit_3):
    target = await make_account(db)
    bystander = await make_account(db)
    await fail(client, target.email, 3)
    assert (await login(other_client, target.email)).status_code == 429
    assert (await login(other_client, bystander.email)).status_code == 200


async def test_rate_limit_counts_per_address_across_emails(client, other_client, db, limit_3):
    user = await make_account(db)
    await fail(client, "one@example.com", 1)
    await fail(client, "two@example.com", 1)
    await fail(client, "three@example.com", 1)
    assert (await login(client, user.email)).status_code == 429
    assert (await login(other_client, user.email)).status_code == 200


async def test_successful_logins_neither_count_nor_reset_the_count(client, db, limit_3):
    user = await make_account(db)
    await fail(client, user.email, 2)
    for _ in range(3):
        assert (await login(client, user.email)).status_code == 200
    await fail(client, user.email, 1)
    assert (await login(client, user.email)).status_code == 429


async def test_the_window_slides(client, db, limit_3):
    user = await make_account(db)
    await fail(client, user.email, 3)
    assert (await login(client, user.email)).status_code == 429
    await db.execute(update(LoginAttempt).values(attempted_at=datetime.now(timezone.utc) - timedelta(seconds=61)))
    await db.commit()
    assert (await login(client, user.email)).status_code == 200


async def test_openapi_describes_the_auth_endpoints(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    login_body = paths["/v1/auth/login"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert set(login_body["properties"]) == {"email", "username", "password", "remember-me", "include-in-response"}
    for path in ("/auth/session", "/v1/auth/token/refresh", "/v1/auth/logout", "/v1/auth/blacklist"):
        assert "post" in paths[path]
    assert {"get", "post"} <= set(paths["/v1/users"])
    assert {"get", "patch", "delete"} <= set(paths["/v1/users/{id}"])
    user_attributes = paths["/v1/users"]["post"]["requestBody"]["content"][MEDIA_TYPE]["schema"]["properties"][
        "data"]["properties"]["attributes"]
    assert "password" in user_attributes["properties"] and "is-super-admin" not in user_attributes["properties"]
    assert "get" in paths["/v1/events/{event_id}/users-events-roles"]
