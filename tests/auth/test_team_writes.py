"""Event team writes (users-events-roles): change a member's role, remove a member; the owner row is fixed."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openevent.auth.models import UsersEventsRoles
from openevent.auth.roles import ensure_roles

from ..factories import make_event, make_member, make_user
from .factories import error_of, headers_for


async def row_of(db, user, event) -> UsersEventsRoles:
    return (await db.execute(select(UsersEventsRoles).where(UsersEventsRoles.user_id == user.id,
                                                            UsersEventsRoles.event_id == event.id))).scalar_one()


def role_patch(row_id, role_id) -> dict:
    return {"data": {"type": "users-events-roles", "id": str(row_id),
                     "relationships": {"role": {"data": {"type": "role", "id": str(role_id)}}}}}


@pytest.mark.parametrize("actor, expected", [
    ("anonymous", 404), ("stranger", 404), ("moderator", 403), ("coorganizer", 403), ("organizer", 200),
    ("owner", 200), ("admin", 200),
])
async def test_who_may_change_roles(client, db, actor, expected):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    member = await make_member(db, event, "moderator")
    actors = {"anonymous": None, "stranger": await make_user(db), "owner": owner,
              "admin": await make_user(db, is_admin=True)}
    user = actors[actor] if actor in actors else await make_member(db, event, actor)
    if actor == "moderator":
        user = member
    ids = await ensure_roles(db)
    row = await row_of(db, member, event)
    response = await client.patch(f"/v1/users-events-roles/{row.id}", headers=headers_for(user),
                                  json=role_patch(row.id, ids["registrar"]))
    assert response.status_code == expected, response.text
    await db.refresh(row)
    assert row.role_id == (ids["registrar"] if expected == 200 else ids["moderator"])


async def test_owner_row_is_fixed_and_nobody_becomes_owner_directly(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    organizer = await make_member(db, event, "organizer")
    ids = await ensure_roles(db)
    owner_row = await row_of(db, owner, event)
    demote = await client.patch(f"/v1/users-events-roles/{owner_row.id}", headers=headers_for(organizer),
                                json=role_patch(owner_row.id, ids["moderator"]))
    assert demote.status_code == 403
    assert error_of(demote)["source"] == {"pointer": "/data/relationships/role"}
    removed = await client.delete(f"/v1/users-events-roles/{owner_row.id}", headers=headers_for(owner))
    assert removed.status_code == 403
    assert error_of(removed)["detail"] == "The owner cannot be removed from the team; hand over the ownership first."
    org_row = await row_of(db, organizer, event)
    promote = await client.patch(f"/v1/users-events-roles/{org_row.id}/relationships/role",
                                 headers=headers_for(owner), json={"data": {"type": "role", "id": str(ids["owner"])}})
    assert promote.status_code == 422
    assert error_of(promote)["source"] == {"pointer": "/data/relationships/role"}
    via_linkage = await client.patch(f"/v1/users-events-roles/{org_row.id}/relationships/role",
                                     headers=headers_for(owner),
                                     json={"data": {"type": "role", "id": str(ids["coorganizer"])}})
    assert via_linkage.status_code == 204
    await db.refresh(org_row)
    assert org_row.role_id == ids["coorganizer"]


async def test_remove_member_and_leave(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    a = await make_member(db, event, "coorganizer")
    b = await make_member(db, event, "registrar")
    row_a = await row_of(db, a, event)
    row_b = await row_of(db, b, event)
    by_coorganizer = await client.delete(f"/v1/users-events-roles/{row_b.id}", headers=headers_for(a))
    assert by_coorganizer.status_code == 403
    assert (await client.delete(f"/v1/users-events-roles/{row_b.id}", headers=headers_for(owner))).status_code == 200
    # a coorganizer may leave the team themself
    assert (await client.delete(f"/v1/users-events-roles/{row_a.id}", headers=headers_for(a))).status_code == 200
    remaining = (await db.execute(select(UsersEventsRoles.user_id).where(UsersEventsRoles.event_id == event.id)))
    assert list(remaining.scalars()) == [owner.id]


async def test_no_direct_create(client, db):
    admin = await make_user(db, is_admin=True)
    response = await client.post("/v1/users-events-roles", headers=headers_for(admin),
                                 json={"data": {"type": "users-events-roles"}})
    assert response.status_code == 405


async def test_event_roles_with_includes_cost_the_same_at_any_page_size(client, db, count_queries):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    for role in ("organizer", "coorganizer", "moderator", "registrar", "track_organizer", "coorganizer", "moderator"):
        await make_member(db, event, role)
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(f"/v1/events/{event.id}/roles?include=user,role&page[size]={size}",
                                        headers=headers_for(owner))
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1]
    body = response.json()
    assert body["meta"]["count"] == 8
    assert {i["type"] for i in body["included"]} == {"user", "role"}
