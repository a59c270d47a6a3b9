"""Roles (admin-managed, public read) and event team memberships (users-events-roles)."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import update

from openevent.auth.models import UsersEventsRoles
from openevent.auth.roles import ensure_roles, grant_event_role
from openevent.events.models import Event

from ..factories import make_event, make_member, make_user
from .factories import error_of, headers_for

def role_doc(role_id=None, **attributes) -> dict:
    data = {"type": "role", "attributes": attributes}
    if role_id is not None:
        data["id"] = str(role_id)
    return {"data": data}


async def test_anyone_lists_and_reads_roles(client, db):
    ids = await ensure_roles(db)
    await db.commit()
    response = await client.get("/v1/roles?page[size]=0")
    assert response.status_code == 200
    assert [(r["attributes"]["name"], r["attributes"]["title-name"]) for r in response.json()["data"]] == [
        ("owner", "Owner"), ("organizer", "Organizer"), ("coorganizer", "Co-organizer"),
        ("track_organizer", "Track Organizer"), ("moderator", "Moderator"), ("registrar", "Registrar"),
        ("attendee", "Attendee")]
    detail = await client.get(f"/v1/roles/{ids['organizer']}")
    assert detail.json()["data"] == {"type": "role", "id": str(ids["organizer"]),
                                     "attributes": {"name": "organizer", "title-name": "Organizer"},
                                     "links": {"self": f"/v1/roles/{ids['organizer']}"}}


@pytest.mark.parametrize("actor, expected", [("anonymous", 401), ("user", 403), ("admin", 201)])
async def test_only_admins_create_roles(client, db, actor, expected):
    users = {"anonymous": None, "user": await make_user(db), "admin": await make_user(db, is_admin=True)}
    response = await client.post("/v1/roles", headers=headers_for(users[actor]),
                                 json=role_doc(name="volunteer", **{"title-name": "Volunteer"}))
    assert response.status_code == expected


async def test_role_names_are_unique(client, db):
    await ensure_roles(db)
    admin = await make_user(db, is_admin=True)
    response = await client.post("/v1/roles", headers=headers_for(admin), json=role_doc(name="owner"))
    assert response.status_code == 409
    assert error_of(response) == {"status": "409", "title": "Conflict", "detail": "A role named 'owner' already exists.",
                                  "source": {"pointer": "/data/attributes/name"}}


async def test_built_in_roles_keep_their_names_and_cannot_be_deleted(client, db):
    ids = await ensure_roles(db)
    admin = await make_user(db, is_admin=True)
    renamed = await client.patch(f"/v1/roles/{ids['owner']}", headers=headers_for(admin),
                                 json=role_doc(ids["owner"], name="boss"))
    assert renamed.status_code == 422
    assert error_of(renamed)["source"] == {"pointer": "/data/attributes/name"}
    retitled = await client.patch(f"/v1/roles/{ids['owner']}", headers=headers_for(admin),
                                  json=role_doc(ids["owner"], name="owner", **{"title-name": "Event owner"}))
    assert retitled.status_code == 200
    assert retitled.json()["data"]["attributes"] == {"name": "owner", "title-name": "Event owner"}
    deleted = await client.delete(f"/v1/roles/{ids['owner']}", headers=headers_for(admin))
    assert deleted.status_code == 403
    assert error_of(deleted)["detail"] == "The built-in role 'owner' cannot be deleted."


async def test_custom_roles_can_be_deleted_unless_in_use(client, db):
    await ensure_roles(db)
    admin = await make_user(db, is_admin=True)
    created = await client.post("/v1/roles", headers=headers_for(admin), json=role_doc(name="volunteer"))
    role_id = int(created.json()["data"]["id"])
    event = await make_event(db, owner=admin)
    db.add(UsersEventsRoles(user_id=admin.id, event_id=event.id, role_id=role_id))
    await db.commit()
    in_use = await client.delete(f"/v1/roles/{role_id}", headers=headers_for(admin))
    assert in_use.status_code == 409
    assert error_of(in_use)["detail"] == "The role 'volunteer' is held by team members; remove them first."
    other = await client.post("/v1/roles", headers=headers_for(admin), json=role_doc(name="helper"))
    assert (await client.delete(f"/v1/roles/{other.json()['data']['id']}", headers=headers_for(admin))).status_code == 200


# -- users-events-roles ----------------------------------------------------------------------

async def team(db):
    owner = await make_user(db, email="owner@example.com")
    event = await make_event(db, owner=owner)
    coorganizer = await make_member(db, event, "coorganizer", email="co@example.com")
    track_organizer = await make_member(db, event, "track_organizer", email="track@example.com")
    other_owner = await make_user(db, email="elsewhere@example.com")
    other_event = await make_event(db, owner=other_owner)
    return event, other_event, {"owner": owner, "coorganizer": coorganizer, "track_organizer": track_organizer,
                                "other_owner": other_owner, "admin": await make_user(db, is_admin=True)}


@pytest.mark.parametrize("actor, expected, rows", [
    ("anonymous", 401, None),
    ("track_organizer", 403, None),
    ("other_owner", 403, None),
    ("coorganizer", 200, 3),
    ("owner", 200, 3),
    ("admin", 200, 3),
])
async def test_an_events_team_is_readable_by_coorganizers_and_admins(client, db, actor, expected, rows):
    event, _, people = await team(db)
    response = await client.get(f"/v1/events/{event.id}/users-events-roles",
                                headers=headers_for(people.get(actor)))
    assert response.status_code == expected
    if rows is not None:
        assert response.json()["meta"] == {"count": rows}
    by_identifier = await client.get(f"/v1/events/{event.identifier}/users-events-roles",
                                     headers=headers_for(people.get(actor)))
    assert by_identifier.status_code == expected


async def test_the_flat_list_shows_only_teams_the_caller_manages(client, db):
    event, other_event, people = await team(db)
    mine = await client.get("/v1/users-events-roles?include=role,user,event", headers=headers_for(people["coorganizer"]))
    assert mine.status_code == 200
    body = mine.json()
    assert body["meta"] == {"count": 3}
    assert {r["relationships"]["event"]["data"]["id"] for r in body["data"]} == {str(event.id)}
    roles = sorted(i["attributes"]["name"] for i in body["included"] if i["type"] == "role")
    assert roles == ["coorganizer", "owner", "track_organizer"]
    users = [i for i in body["included"] if i["type"] == "user"]
    others = [u for u in users if u["id"] != str(people["coorganizer"].id)]
    assert others and all("email" not in u["attributes"] for u in others)  # team members' emails stay private
    assert "owner@example.com" not in mine.text
    # a track organizer sees only their own membership (so that they can leave the team)
    own = (await client.get("/v1/users-events-roles", headers=headers_for(people["track_organizer"]))).json()
    assert own["meta"] == {"count": 1}
    assert own["data"][0]["relationships"]["user"]["links"]["related"].endswith("/user")
    assert (await client.get("/v1/users-events-roles", headers=headers_for(people["admin"]))).json()[
        "meta"] == {"count": 4}
    assert (await client.get("/v1/users-events-roles")).json()["meta"] == {"count": 0}


async def test_another_events_membership_is_404(client, db):
    _, other_event, people = await team(db)
    row = await grant_event_role(db, user_id=people["other_owner"].id, event_id=other_event.id, role="organizer")
    await db.commit()
    response = await client.get(f"/v1/users-events-roles/{row.id}", headers=headers_for(people["owner"]))
    assert response.status_code == 404
    related = await client.get(f"/v1/users-events-roles/{row.id}/user", headers=headers_for(people["owner"]))
    assert related.status_code == 404


async def test_filtering_team_rows_by_a_members_email_is_refused(client, db):
    _, _, people = await team(db)
    response = await client.get(
        '/v1/users-events-roles?filter=[{"name":"user","op":"has","val":{"name":"email","op":"eq",'
        '"val":"track@example.com"}}]', headers=headers_for(people["coorganizer"]))
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": "filter"}
    sort = await client.get("/v1/users-events-roles?sort=user.email", headers=headers_for(people["coorganizer"]))
    assert sort.status_code == 400


async def test_team_rows_of_a_deleted_event_disappear(client, db):
    event, _, people = await team(db)
    await db.execute(update(Event).where(Event.id == event.id).values(deleted_at=datetime.now(timezone.utc)))
    await db.commit()
    response = await client.get("/v1/users-events-roles", headers=headers_for(people["owner"]))
    assert response.json()["meta"] == {"count": 0}


async def test_team_rows_are_read_only_for_now(client, db):
    event, _, people = await team(db)
    response = await client.post("/v1/users-events-roles", headers=headers_for(people["owner"]),
                                 json={"data": {"type": "users-events-roles"}})
    assert response.status_code == 405
