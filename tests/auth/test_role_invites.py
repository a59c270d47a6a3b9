"""Role invites: create (who may invite whom), mail with a single-use hashed token, accept, resend, withdraw."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from openevent.auth.models import RoleInvite, UsersEventsRoles
from openevent.auth.onetime import digest
from openevent.auth.roles import ensure_roles
from openevent.core import signals
from openevent.core.db import utcnow
from openevent.mail.models import Mail

from ..factories import make_event, make_member, make_user
from .factories import error_of, headers_for


def invite_doc(event_id, email="new@example.com", role_name="coorganizer") -> dict:
    attributes = {"email": email}
    if role_name is not None:
        attributes["role-name"] = role_name
    return {"data": {"type": "role-invite", "attributes": attributes,
                     "relationships": {"event": {"data": {"type": "event", "id": str(event_id)}}}}}


async def invite(client, db, user, event, email="new@example.com", role_name="coorganizer"):
    return await client.post("/v1/role-invites", headers=headers_for(user), json=invite_doc(event.id, email, role_name))


async def token_mailed_to(db, email: str) -> str:
    mails = (await db.execute(select(Mail).where(Mail.recipient == email, Mail.kind == "role_invite")
                              .order_by(Mail.id))).scalars().all()
    assert mails, f"no invite mail to {email}"
    return re.search(r"token=([A-Za-z0-9_-]+)", mails[-1].body).group(1)


async def team_of(db, event) -> list[tuple[int, str]]:
    names = {v: k for k, v in (await ensure_roles(db)).items()}
    rows = (await db.execute(select(UsersEventsRoles).where(UsersEventsRoles.event_id == event.id)
                             .order_by(UsersEventsRoles.user_id, UsersEventsRoles.role_id))).scalars().all()
    return [(r.user_id, names[r.role_id]) for r in rows]


async def accept(client, user, token):
    return await client.post("/v1/role-invites/accept-invite", headers=headers_for(user), json={"data": {"token": token}})


@pytest.mark.parametrize("role, role_name, expected", [
    (None, "coorganizer", 401),
    ("stranger", "coorganizer", 403),
    ("coorganizer", "coorganizer", 403),
    ("track_organizer", "moderator", 403),
    ("organizer", "coorganizer", 201),
    ("organizer", "owner", 403),
    ("owner", "organizer", 201),
    ("owner", "owner", 201),
    ("admin", "owner", 201),
])
async def test_who_may_invite(client, db, role, role_name, expected):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    if role == "owner":
        actor = owner
    elif role == "stranger":
        actor = await make_user(db)
    elif role == "admin":
        actor = await make_user(db, is_admin=True)
    elif role is None:
        actor = None
    else:
        actor = await make_member(db, event, role)
    response = await invite(client, db, actor, event, role_name=role_name)
    assert response.status_code == expected, response.text
    count = len((await db.execute(select(RoleInvite))).scalars().all())
    assert count == (1 if expected == 201 else 0)


async def test_invite_document_never_shows_the_token_and_the_mail_carries_it(client, db, app):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await invite(client, db, owner, event, email=" New@Example.com ")
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["type"] == "role-invite"
    assert set(data["attributes"]) == {"email", "role-name", "status", "created-at", "expires-at", "accepted-at"}
    assert data["attributes"]["email"] == "new@example.com"
    assert data["attributes"]["role-name"] == "coorganizer"
    assert data["attributes"]["status"] == "pending"
    token = await token_mailed_to(db, "new@example.com")
    row = (await db.execute(select(RoleInvite))).scalar_one()
    assert row.token_hash == digest(token) and token not in response.text
    assert row.expires_at - row.created_at == timedelta(days=7)
    mail = (await db.execute(select(Mail))).scalar_one()
    assert mail.subject == f"Invitation to be Co-organizer at {event.name}"
    assert f"http://testserver/role-invites?token={token}" in mail.body


async def test_inviting_a_member_or_twice_is_a_conflict(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    member = await make_member(db, event, "moderator", email="mod@example.com")
    response = await invite(client, db, owner, event, email="mod@example.com", role_name="coorganizer")
    assert response.status_code == 409
    assert error_of(response) == {
        "status": "409", "title": "Conflict", "source": {"pointer": "/data/attributes/email"},
        "detail": "mod@example.com is already a member of this event's team (moderator); change their role instead."}
    assert (await invite(client, db, owner, event, email="x@example.com")).status_code == 201
    again = await invite(client, db, owner, event, email="x@example.com", role_name="organizer")
    assert again.status_code == 409
    assert error_of(again)["detail"].startswith("This email address already has a pending invite")
    assert member.id
    own = await invite(client, db, owner, event, email=owner.email, role_name="owner")
    assert own.status_code == 409


@pytest.mark.parametrize("doc, pointer", [
    ({"role_name": None}, "/data/attributes/role-name"),
    ({"role_name": "boss"}, "/data/attributes/role-name"),
    ({"email": "not-an-email"}, "/data/attributes/email"),
])
async def test_invalid_invites(client, db, doc, pointer):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    args = {"email": "a@example.com", "role_name": "organizer", **doc}
    response = await client.post("/v1/role-invites", headers=headers_for(owner),
                                 json=invite_doc(event.id, args["email"], args["role_name"]))
    assert response.status_code == 422
    assert error_of(response)["source"] == {"pointer": pointer}


async def test_accepting_creates_the_membership_once(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, state="draft")
    await invite(client, db, owner, event, email="new@example.com")
    token = await token_mailed_to(db, "new@example.com")
    invitee = await make_user(db, email="new@example.com")
    response = await accept(client, invitee, token)
    assert response.status_code == 201, response.text
    assert response.json()["data"]["type"] == "users-events-roles"
    assert await team_of(db, event) == [(owner.id, "owner"), (invitee.id, "coorganizer")]
    await db.refresh(invitee)
    assert invitee.is_verified is True
    status = (await db.execute(select(RoleInvite.status))).scalar_one()
    assert status == "accepted"
    again = await accept(client, invitee, token)
    assert again.status_code == 409
    assert error_of(again)["detail"] == "This invite has already been accepted."
    # the new coorganizer sees the draft event's team with users and roles
    team = await client.get(f"/v1/events/{event.id}/roles?include=user,role", headers=headers_for(invitee))
    assert team.status_code == 200
    assert sorted(i["type"] for i in team.json()["included"]) == ["role", "role", "user", "user"]


@pytest.mark.parametrize("case, status", [("anonymous", 401), ("other email", 403), ("unknown token", 404),
                                          ("expired", 410)])
async def test_refused_acceptances_change_nothing(client, db, case, status):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    await invite(client, db, owner, event, email="new@example.com")
    token = await token_mailed_to(db, "new@example.com")
    invitee = await make_user(db, email="new@example.com")
    if case == "anonymous":
        response = await client.post("/v1/role_invites/accept-invite", json={"data": {"token": token}})
    elif case == "other email":
        response = await accept(client, await make_user(db), token)
    elif case == "unknown token":
        response = await accept(client, invitee, token + "x")
    else:
        await db.execute(update(RoleInvite).values(expires_at=utcnow() - timedelta(seconds=1)))
        await db.commit()
        response = await accept(client, invitee, token)
    assert response.status_code == status
    assert error_of(response)["status"] == str(status)
    assert await team_of(db, event) == [(owner.id, "owner")]
    assert (await db.execute(select(RoleInvite.status))).scalar_one() == "pending"


async def test_owner_transfer_demotes_the_old_owner(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    successor = await make_user(db, email="next@example.com")
    assert (await invite(client, db, owner, event, email="next@example.com", role_name="owner")).status_code == 201
    response = await accept(client, successor, await token_mailed_to(db, "next@example.com"))
    assert response.status_code == 201
    assert await team_of(db, event) == [(owner.id, "organizer"), (successor.id, "owner")]


async def test_resend_replaces_the_token(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    created = await invite(client, db, owner, event, email="new@example.com")
    invite_id = created.json()["data"]["id"]
    first = await token_mailed_to(db, "new@example.com")
    coorganizer = await make_member(db, event, "coorganizer")
    denied = await client.post(f"/v1/role-invites/{invite_id}/resend-invite", headers=headers_for(coorganizer))
    assert denied.status_code == 403
    resent = await client.post(f"/v1/role-invites/{invite_id}/resend-invite", headers=headers_for(owner))
    assert resent.status_code == 200 and resent.json() == {"success": True}
    second = await token_mailed_to(db, "new@example.com")
    assert second != first
    invitee = await make_user(db, email="new@example.com")
    assert (await accept(client, invitee, first)).status_code == 404
    assert (await accept(client, invitee, second)).status_code == 201


async def test_event_role_invites_list_and_withdraw(client, db, app, count_queries):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    for i in range(7):
        await invite(client, db, owner, event, email=f"p{i}@example.com")
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)  # the mails are sent: count only the reads
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            listed = await client.get(f"/v1/events/{event.id}/role-invites?page[size]={size}&include=role,event",
                                      headers=headers_for(owner))
        assert listed.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert listed.json()["meta"]["count"] == 7
    stranger = await make_user(db)
    hidden = await client.get(f"/v1/events/{event.id}/role-invites", headers=headers_for(stranger))
    assert hidden.status_code in (403, 404)
    invite_id = listed.json()["data"][0]["id"]
    deleted = await client.delete(f"/v1/role-invites/{invite_id}", headers=headers_for(owner))
    assert deleted.status_code == 200
    assert (await client.get(f"/v1/role-invites/{invite_id}", headers=headers_for(owner))).status_code == 404


async def test_accepting_emits_team_changed(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    await invite(client, db, owner, event, email="new@example.com")
    invitee = await make_user(db, email="new@example.com")
    with signals.captured("team.changed") as seen:
        await accept(client, invitee, await token_mailed_to(db, "new@example.com"))
        await signals.drain()
    assert seen == [("team.changed", {"event_id": event.id, "user_id": invitee.id})]


async def test_two_simultaneous_acceptances_make_one_membership(client, db):
    import asyncio

    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    await invite(client, db, owner, event, email="race@example.com")
    token = await token_mailed_to(db, "race@example.com")
    invitee = await make_user(db, email="race@example.com")
    responses = await asyncio.gather(*(accept(client, invitee, token) for _ in range(4)))
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert await team_of(db, event) == [(owner.id, "owner"), (invitee.id, "coorganizer")]


async def test_invite_email_for_a_valid_token_only(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    await invite(client, db, owner, event, email="who@example.com")
    token = await token_mailed_to(db, "who@example.com")
    for path in ("/v1/role_invites/user", "/v1/role-invites/user"):
        found = await client.post(path, json={"data": {"token": token}})
        assert (found.status_code, found.json()) == (200, {"email": "who@example.com"})
    assert (await client.post("/v1/role_invites/user", json={"data": {"token": "nope"}})).status_code == 404
    missing = await client.post("/v1/role_invites/user", json={"data": {}})
    assert missing.status_code == 422 and error_of(missing)["source"] == {"pointer": "/data/token"}


@pytest.mark.parametrize("role, expected", [("coorganizer", 403), ("organizer", 200), ("moderator", 404)])
async def test_who_may_withdraw_an_invite(client, db, role, expected):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    invite_id = (await invite(client, db, owner, event)).json()["data"]["id"]
    member = await make_member(db, event, role)
    response = await client.delete(f"/v1/role-invites/{invite_id}", headers=headers_for(member))
    assert response.status_code == expected
    remaining = (await db.execute(select(RoleInvite.id))).scalars().all()
    assert remaining == ([] if expected == 200 else [int(invite_id)])


async def test_invites_cannot_be_changed(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    invite_id = (await invite(client, db, owner, event)).json()["data"]["id"]
    other = await make_event(db, owner=owner)
    patched = await client.patch(f"/v1/role-invites/{invite_id}/relationships/event", headers=headers_for(owner),
                                 json={"data": {"type": "event", "id": str(other.id)}})
    assert patched.status_code == 405
    assert (await client.patch(f"/v1/role-invites/{invite_id}", headers=headers_for(owner), json={
        "data": {"type": "role-invite", "id": invite_id, "attributes": {}}})).status_code == 405
    assert (await db.execute(select(RoleInvite.event_id))).scalar_one() == event.id
