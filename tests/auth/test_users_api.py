"""The user resource: registration, public and private views, changes, deletion, permissions."""

import pytest
from sqlalchemy import select

from openevent.auth.models import User

from ..factories import make_user
from .factories import JSONAPI, PASSWORD, error_of, headers_for, login, make_account

PUBLIC = {
    "avatar-url", "first-name", "last-name", "public-name", "is-profile-public", "original-image-url",
    "thumbnail-image-url", "small-image-url", "icon-image-url", "was-registered-with-order", "deleted-at",
}
PRIVATE = PUBLIC | {
    "email", "facebook-url", "twitter-url", "instagram-url", "google-plus-url", "is-super-admin", "is-admin",
    "is-sales-admin", "is-marketer", "is-verified", "is-blocked", "last-accessed-at", "created-at", "details",
    "language-prefrence", "contact", "billing-contact-name", "billing-phone", "billing-state", "billing-country",
    "billing-tax-info", "company", "billing-address", "billing-city", "billing-zip-code", "billing-additional-info",
}


def user_doc(user_id=None, **attributes) -> dict:
    data = {"type": "user", "attributes": attributes}
    if user_id is not None:
        data["id"] = str(user_id)
    return {"data": data}


async def register(client, **attributes):
    return await client.post("/v1/users", headers=JSONAPI, json=user_doc(**attributes))


# -- registration --------------------------------------------------------------------------

async def test_registration_returns_the_private_view_and_never_the_password(client, db):
    response = await register(client, email=" New.User@Example.com", password=PASSWORD, **{"first-name": "Nia"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert response.headers["location"] == f"/v1/users/{data['id']}"
    assert set(data["attributes"]) == PRIVATE
    attributes = data["attributes"]
    assert attributes["email"] == "new.user@example.com"
    assert attributes["first-name"] == "Nia"
    assert (attributes["is-admin"], attributes["is-super-admin"], attributes["is-verified"]) == (False, False, False)
    stored = (await db.execute(select(User).where(User.id == int(data["id"])))).scalar_one()
    assert "password" not in response.text
    assert PASSWORD not in response.text and stored.password_hash not in response.text
    assert (await login(client, "new.user@example.com")).status_code == 200


@pytest.mark.parametrize("member", ["is-admin", "is-verified", "is-sales-admin", "is-marketer", "is-blocked"])
async def test_registrants_cannot_grant_themselves_flags(client, member):
    response = await register(client, email="sneaky@example.com", password=PASSWORD, **{member: True})
    assert response.status_code == 403
    assert error_of(response) == {"status": "403", "title": "Access forbidden",
                                  "detail": f"You are not allowed to change {member!r}.",
                                  "source": {"pointer": f"/data/attributes/{member}"}}


async def test_registration_accepts_default_flags_and_ignores_read_only_ones(client):
    response = await register(client, email="echo@example.com", password=PASSWORD, **{
        "is-admin": False, "is-verified": False, "is-super-admin": True, "created-at": "2020-01-01T00:00:00Z"})
    assert response.status_code == 201
    attributes = response.json()["data"]["attributes"]
    assert (attributes["is-admin"], attributes["is-super-admin"]) == (False, False)
    assert not attributes["created-at"].startswith("2020")


async def test_an_admin_may_create_a_verified_account(client, db):
    admin = await make_user(db, is_admin=True)
    response = await client.post("/v1/users", headers=headers_for(admin),
                                 json=user_doc(email="made@example.com", password=PASSWORD, **{"is-verified": True}))
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["is-verified"] is True


async def test_duplicate_email_is_409_at_the_email(client, db):
    await make_account(db, email="taken@example.com")
    response = await register(client, email="TAKEN@example.com", password=PASSWORD)
    assert response.status_code == 409
    assert error_of(response) == {"status": "409", "title": "Conflict",
                                  "detail": "An account with this email address already exists.",
                                  "source": {"pointer": "/data/attributes/email"}}


@pytest.mark.parametrize("attributes, pointer, detail", [
    ({"email": "x@example.com", "password": "short"}, "password", "The password must have at least 8 characters."),
    ({"email": "x@example.com"}, "password", "'password' is required."),
    ({"password": PASSWORD}, "email", "'email' is required."),
    ({"email": None, "password": PASSWORD}, "email", "'email' may not be null."),
    ({"email": "not-an-email", "password": PASSWORD}, "email", None),
    ({"email": "x@example.com", "password": 12345678}, "password", "'password' must be a string."),
    ({"email": "x@example.com", "password": PASSWORD, "first-name": 5}, "first-name", "'first-name' must be a string."),
    ({"email": "x@example.com", "password": PASSWORD, "is-profile-public": "yes"}, "is-profile-public", None),
    ({"email": "x@example.com", "password": PASSWORD, "is-profile-public": None}, "is-profile-public",
     "'is-profile-public' may not be null."),
    ({"email": "x@example.com", "password": PASSWORD, "avatar-url": "javascript:alert(1)"}, "avatar-url", None),
    ({"email": "x@example.com", "password": PASSWORD, "first-name": "x" * 256}, "first-name",
     "'first-name' may be at most 255 characters long."),
    ({"email": "x@example.com", "password": PASSWORD, "shoe-size": 44}, "shoe-size", "'user' has no attribute 'shoe-size'."),
])
async def test_invalid_registrations_are_422_at_the_attribute(client, attributes, pointer, detail):
    response = await register(client, **attributes)
    assert response.status_code == 422
    error = error_of(response)
    assert error["source"] == {"pointer": f"/data/attributes/{pointer}"}
    if detail:
        assert error["detail"] == detail


async def test_malformed_documents_are_400_not_500(client):
    malformed = await client.post("/v1/users", headers=JSONAPI, content=b'{"data": {"type": "user",')
    assert malformed.status_code == 400
    assert error_of(malformed)["title"] == "Malformed JSON"
    not_object = await client.post("/v1/users", headers=JSONAPI, json={"data": ["user"]})
    assert not_object.status_code == 400
    assert error_of(not_object)["source"] == {"pointer": "/data"}
    wrong_type = await client.post("/v1/users", headers=JSONAPI,
                                   json={"data": {"type": "event", "attributes": {"email": "a@example.com"}}})
    assert wrong_type.status_code == 409
    assert error_of(wrong_type)["source"] == {"pointer": "/data/type"}


# -- views -------------------------------------------------------------------------------

async def test_others_see_the_public_view_without_email(client, db):
    target = await make_user(db, email="private@example.com", first_name="Pia", is_admin=True, company="ACME")
    stranger = await make_user(db)
    for viewer in (None, stranger):
        response = await client.get(f"/v1/users/{target.id}", headers=headers_for(viewer))
        assert response.status_code == 200
        attributes = response.json()["data"]["attributes"]
        assert set(attributes) == PUBLIC
        assert attributes["first-name"] == "Pia"
        for secret in ("private@example.com", "ACME", "is-admin"):
            assert secret not in response.text


async def test_sparse_fieldsets_cannot_reveal_private_members(client, db):
    target = await make_user(db, email="private@example.com")
    response = await client.get(f"/v1/users/{target.id}?fields[user]=email,first-name")
    assert response.status_code == 200
    assert response.json()["data"]["attributes"] == {"first-name": None}
    assert (await client.get(f"/v1/users/{target.id}?fields[user]=password")).status_code == 400


async def test_self_and_admins_see_the_private_view(client, db):
    target = await make_user(db, email="me@example.com", company="ACME")
    admin = await make_user(db, is_admin=True)
    for viewer in (target, admin):
        response = await client.get(f"/v1/users/{target.id}", headers=headers_for(viewer))
        attributes = response.json()["data"]["attributes"]
        assert set(attributes) == PRIVATE
        assert (attributes["email"], attributes["company"]) == ("me@example.com", "ACME")


async def test_only_admins_list_users_and_may_filter_by_email(client, db):
    admin = await make_user(db, email="admin@example.com", is_admin=True)
    user = await make_user(db, email="user@example.com")
    assert (await client.get("/v1/users")).status_code == 401
    forbidden = await client.get("/v1/users", headers=headers_for(user))
    assert forbidden.status_code == 403
    assert error_of(forbidden)["detail"] == "You are not allowed to list this user."
    listing = await client.get("/v1/users", headers=headers_for(admin))
    assert listing.status_code == 200
    assert listing.json()["meta"] == {"count": 2}
    assert [d["attributes"]["email"] for d in listing.json()["data"]] == ["admin@example.com", "user@example.com"]
    found = await client.get('/v1/users?filter=[{"name":"email","op":"eq","val":"user@example.com"}]',
                             headers=headers_for(admin))
    assert [d["id"] for d in found.json()["data"]] == [str(user.id)]


async def test_private_members_are_not_sortable(client, db):
    admin = await make_user(db, is_admin=True)
    response = await client.get("/v1/users?sort=email", headers=headers_for(admin))
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": "sort"}


async def test_listing_users_costs_the_same_queries_for_5_and_50(client, db, count_queries):
    admin = await make_user(db, is_admin=True)
    db.add_all([User(email=f"bulk{i}@example.com", password_hash="x") for i in range(60)])
    await db.commit()
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(f"/v1/users?page[size]={size}", headers=headers_for(admin))
        assert response.status_code == 200
        assert len(response.json()["data"]) == size
        counts.append(counter.count)
    assert counts == [4, 4]  # the caller and their roles, the count, the page


# -- changes ---------------------------------------------------------------------------------

async def patch(client, actor, target, **attributes):
    return await client.patch(f"/v1/users/{target.id}", headers=headers_for(actor), json=user_doc(target.id, **attributes))


async def test_self_updates_the_profile_and_echoed_flags_are_fine(client, db):
    user = await make_user(db)
    response = await patch(client, user, user, **{"first-name": "Ren", "is-admin": False, "is-verified": False,
                                                  "is-super-admin": True, "twitter-url": "https://x.example/ren"})
    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert (attributes["first-name"], attributes["twitter-url"]) == ("Ren", "https://x.example/ren")
    assert (attributes["is-admin"], attributes["is-super-admin"]) == (False, False)


@pytest.mark.parametrize("member", ["is-admin", "is-verified", "is-blocked", "is-sales-admin", "is-marketer"])
async def test_users_cannot_escalate_themselves(client, db, member):
    user = await make_user(db)
    response = await patch(client, user, user, **{member: True})
    assert response.status_code == 403
    assert error_of(response)["source"] == {"pointer": f"/data/attributes/{member}"}
    stored = (await db.execute(select(User).where(User.id == user.id))).scalar_one()
    await db.refresh(stored)
    assert getattr(stored, member.replace("-", "_")) is False


async def test_only_a_super_admin_makes_admins(client, db):
    admin = await make_user(db, is_admin=True)
    root = await make_user(db, is_admin=True, is_super_admin=True)
    user = await make_user(db)
    denied = await patch(client, admin, user, **{"is-admin": True})
    assert denied.status_code == 403
    assert error_of(denied)["source"] == {"pointer": "/data/attributes/is-admin"}
    granted = await patch(client, root, user, **{"is-admin": True})
    assert granted.status_code == 200
    assert granted.json()["data"]["attributes"]["is-admin"] is True
    users = await client.get("/v1/users", headers=headers_for(user))  # the new admin's token now lists users
    assert users.status_code == 200


async def test_admins_verify_and_block_users(client, db):
    admin = await make_user(db, is_admin=True)
    user = await make_account(db)
    response = await patch(client, admin, user, **{"is-verified": True, "is-blocked": True, "is-marketer": True})
    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert (attributes["is-verified"], attributes["is-blocked"], attributes["is-marketer"]) == (True, True, True)
    assert (await login(client, user.email)).status_code == 403


async def test_admins_cannot_change_other_admins_but_super_admins_can(client, db):
    admin = await make_user(db, is_admin=True)
    other_admin = await make_user(db, is_admin=True)
    root = await make_user(db, is_admin=True, is_super_admin=True)
    denied = await patch(client, admin, other_admin, **{"is-blocked": True})
    assert denied.status_code == 403
    assert error_of(denied)["detail"] == "Only a super admin may change another admin's account."
    assert (await patch(client, root, other_admin, **{"first-name": "Olga"})).status_code == 200
    assert (await patch(client, admin, admin, **{"first-name": "Me"})).status_code == 200


async def test_a_new_email_is_normalised_and_unverified_even_when_echoed_verified(client, db):
    user = await make_user(db, email="old@example.com", is_verified=True)
    response = await patch(client, user, user, email=" New@Example.com", **{"is-verified": True})
    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert (attributes["email"], attributes["is-verified"]) == ("new@example.com", False)


async def test_changing_to_a_taken_email_is_409(client, db):
    await make_user(db, email="taken@example.com")
    user = await make_user(db)
    response = await patch(client, user, user, email="Taken@example.com")
    assert response.status_code == 409
    assert error_of(response)["source"] == {"pointer": "/data/attributes/email"}


async def test_password_change_by_self_ends_every_session(client, db):
    user = await make_account(db)
    token = (await login(client, user.email)).json()["access_token"]
    headers = {**JSONAPI, "Authorization": f"JWT {token}"}
    response = await client.patch(f"/v1/users/{user.id}", headers=headers,
                                  json=user_doc(user.id, password="a brand new secret"))
    assert response.status_code == 200
    assert "password" not in response.json()["data"]["attributes"]
    assert (await client.get(f"/v1/users/{user.id}", headers=headers)).status_code == 401
    assert (await login(client, user.email)).status_code == 401
    assert (await login(client, user.email, "a brand new secret")).status_code == 200


async def test_password_change_must_come_alone_and_be_long_enough(client, db):
    user = await make_user(db)
    mixed = await patch(client, user, user, password="a brand new secret", **{"first-name": "X"})
    assert mixed.status_code == 422
    assert error_of(mixed) == {"status": "422", "title": "Invalid attribute",
                               "detail": "Change the password in a PATCH of its own, without other attributes.",
                               "source": {"pointer": "/data/attributes/password"}}
    short = await patch(client, user, user, password="short")
    assert short.status_code == 422
    assert error_of(short)["detail"] == "The password must have at least 8 characters."


async def test_admins_cannot_set_other_peoples_passwords(client, db):
    root = await make_user(db, is_admin=True, is_super_admin=True)
    user = await make_user(db)
    response = await patch(client, root, user, password="chosen by the admin")
    assert response.status_code == 403
    assert error_of(response)["source"] == {"pointer": "/data/attributes/password"}


async def test_patch_needs_a_matching_id(client, db):
    user = await make_user(db)
    response = await client.patch(f"/v1/users/{user.id}", headers=headers_for(user),
                                  json=user_doc(user.id + 1, **{"first-name": "X"}))
    assert response.status_code == 409
    assert error_of(response)["source"] == {"pointer": "/data/id"}


# -- deletion ----------------------------------------------------------------------------------

async def test_self_deletion_is_soft_and_ends_the_sessions(client, db):
    user = await make_account(db, email="gone@example.com")
    token = (await login(client, user.email)).json()["access_token"]
    response = await client.delete(f"/v1/users/{user.id}", headers={"Authorization": f"JWT {token}"})
    assert response.status_code == 200
    assert response.json() == {"meta": {"message": "Object successfully deleted"}, "jsonapi": {"version": "1.0"}}
    assert (await client.get(f"/v1/users/{user.id}", headers={"Authorization": f"JWT {token}"})).status_code == 401
    assert (await client.get(f"/v1/users/{user.id}")).status_code == 404
    stored = (await db.execute(select(User).where(User.id == user.id))).scalar_one()
    assert stored.deleted_at is not None
    assert (await register(client, email="gone@example.com", password=PASSWORD)).status_code == 201


async def test_admins_see_deleted_users_with_get_trashed(client, db):
    admin = await make_user(db, is_admin=True)
    user = await make_user(db)
    assert (await client.delete(f"/v1/users/{user.id}", headers=headers_for(admin))).status_code == 200
    trashed = await client.get(f"/v1/users/{user.id}?get_trashed=true", headers=headers_for(admin))
    assert trashed.status_code == 200
    assert trashed.json()["data"]["attributes"]["deleted-at"] is not None
    assert (await client.get(f"/v1/users/{user.id}?get_trashed=true", headers=headers_for(user))).status_code == 401


async def test_permanent_deletion_is_refused(client, db):
    admin = await make_user(db, is_admin=True)
    user = await make_user(db)
    response = await client.delete(f"/v1/users/{user.id}?permanent=true", headers=headers_for(admin))
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": "permanent"}


# -- permission table ---------------------------------------------------------------------------

ACTORS = ("anonymous", "stranger", "self", "admin", "super_admin")
TABLE = [
    # method, url, attributes for PATCH, expected status per actor (anonymous, stranger, self, admin, super admin)
    ("GET", "/v1/users", None, (401, 403, 403, 200, 200)),
    ("GET", "/v1/users/{id}", None, (200, 200, 200, 200, 200)),
    ("PATCH", "/v1/users/{id}", {"first-name": "T"}, (401, 403, 200, 200, 200)),
    ("PATCH", "/v1/users/{id}", {"is-verified": True}, (401, 403, 403, 200, 200)),
    ("PATCH", "/v1/users/{id}", {"is-admin": True}, (401, 403, 403, 403, 200)),
    ("PATCH", "/v1/users/{id}", {"password": "new password 1"}, (401, 403, 200, 403, 403)),
    ("DELETE", "/v1/users/{id}", None, (401, 403, 200, 200, 200)),
    ("DELETE", "/v1/users/0", None, (404, 404, 404, 404, 404)),
]
CASES = [
    pytest.param(method, url, attributes, actor, statuses[i], id=f"{method} {url} {attributes or ''} as {actor}")
    for method, url, attributes, statuses in TABLE
    for i, actor in enumerate(ACTORS)
]


@pytest.mark.parametrize("method, url, attributes, actor, expected", CASES)
async def test_user_permissions(client, db, method, url, attributes, actor, expected):
    target = await make_user(db, email="target@example.com")
    actors = {
        "anonymous": None,
        "stranger": await make_user(db),
        "self": target,
        "admin": await make_user(db, is_admin=True),
        "super_admin": await make_user(db, is_admin=True, is_super_admin=True),
    }
    body = user_doc(target.id, **attributes) if attributes is not None else None
    response = await client.request(method, url.format(id=target.id), headers=headers_for(actors[actor]), json=body)
    assert response.status_code == expected, response.text
    if method == "GET" and url.endswith("{id}"):
        shown = set(response.json()["data"]["attributes"])
        assert shown == (PRIVATE if actor in ("self", "admin", "super_admin") else PUBLIC)
        assert ("target@example.com" in response.text) == (actor in ("self", "admin", "super_admin"))
