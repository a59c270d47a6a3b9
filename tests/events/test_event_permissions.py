"""Who may do what to events, as a table: (method, URL, body) x role -> expected status.

The team (one user per role) holds its role in three events of its own: a
published one (A), a draft (D) and a trashed one (T). A second team's draft (B)
must stay invisible to everyone but admins: 404, never 403.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

import pytest

from openevent.auth.models import User, UsersEventsRoles
from openevent.auth.roles import ensure_roles
from openevent.events.identifiers import insert_with_identifier
from openevent.events.models import Event
from openevent.jsonapi.resource import registry

from .helpers import error_of, event_doc, headers_for, ids, new_event_doc

ROLES = ["anonymous", "user", "attendee", "registrar", "track_organizer", "moderator", "coorganizer",
         "organizer", "owner", "admin", "super_admin"]
EVENT_ROLES = ["attendee", "registrar", "track_organizer", "moderator", "coorganizer", "organizer", "owner"]


def _user(db, **flags) -> User:
    user = User(email=f"{secrets.token_hex(6)}@example.com", password_hash="x", is_verified=True, **flags)
    db.add(user)
    return user


async def _event(db, name: str, **fields) -> Event:
    values = {"name": name, "state": "published", "timezone": "Europe/Berlin",
              "starts_at": datetime(2027, 3, 1, 9, tzinfo=timezone.utc),
              "ends_at": datetime(2027, 3, 3, 18, tzinfo=timezone.utc)}
    return await insert_with_identifier(db, Event(**{**values, **fields}))


async def build_world(db) -> dict:
    """Users of every role and the events A, D, T (their team's) and B (a stranger's), in one transaction.

    Several worlds can live in one database side by side (fresh users and events each time)."""
    world = {"anonymous": None, "user": _user(db), "admin": _user(db, is_admin=True),
             "super_admin": _user(db, is_super_admin=True), "stranger": _user(db)}
    world.update({role: _user(db) for role in EVENT_ROLES})
    await db.flush()
    world["A"] = await _event(db, "Published A")
    world["D"] = await _event(db, "Draft D", state="draft")
    world["T"] = await _event(db, "Trashed T", deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    world["B"] = await _event(db, "Secret draft B", state="draft")
    role_ids = await ensure_roles(db)
    rows = [UsersEventsRoles(user_id=world[role].id, event_id=world[key].id, role_id=role_ids[role])
            for role in EVENT_ROLES for key in ("A", "D", "T")]
    rows.append(UsersEventsRoles(user_id=world["stranger"].id, event_id=world["B"].id, role_id=role_ids["owner"]))
    db.add_all(rows)
    await db.commit()
    return world


def statuses(row: str) -> dict[str, int]:
    values = row.split()
    assert len(values) == len(ROLES)
    return dict(zip(ROLES, map(int, values)))


RENAME = lambda ev: event_doc(ev.id, name="Changed")  # noqa: E731
# method, path ({A} etc. are event ids), body, expected per role in ROLES order:
#                                                          anon user atnd regi trak modr coor orgn ownr admn supr
CASES = [
    ("GET", "/v1/events/{A}", None,                        "200  200  200  200  200  200  200  200  200  200  200"),
    ("GET", "/v1/events/{D}", None,                        "404  404  404  200  200  200  200  200  200  200  200"),
    ("GET", "/v1/events/{B}", None,                        "404  404  404  404  404  404  404  404  404  200  200"),
    ("GET", "/v1/events/{T}", None,                        "404  404  404  404  404  404  404  404  404  404  404"),
    ("GET", "/v1/events/{T}?get_trashed=true", None,       "404  404  404  200  200  200  200  200  200  200  200"),
    ("GET", "/v1/events/{B}?get_trashed=true", None,       "404  404  404  404  404  404  404  404  404  200  200"),
    ("GET", "/v1/events?withRole=true", None,              "401  200  200  200  200  200  200  200  200  200  200"),
    ("POST", "/v1/events", lambda ev: new_event_doc(),     "401  201  201  201  201  201  201  201  201  201  201"),
    ("PATCH", "/v1/events/{A}", RENAME,                    "401  403  403  403  403  403  200  200  200  200  200"),
    ("PATCH", "/v1/events/{D}", RENAME,                    "404  404  404  403  403  403  200  200  200  200  200"),
    ("PATCH", "/v1/events/{B}", RENAME,                    "404  404  404  404  404  404  404  404  404  200  200"),
    ("PATCH", "/v1/events/{D}", lambda ev: event_doc(ev.id, state="published"),
                                                           "404  404  404  403  403  403  200  200  200  200  200"),
    ("PATCH", "/v1/events/{A}", lambda ev: event_doc(ev.id, **{"is-featured": True}),
                                                           "401  403  403  403  403  403  403  403  403  200  200"),
    ("PATCH", "/v1/events/{T}?get_trashed=true", lambda ev: event_doc(ev.id, **{"deleted-at": None}),
                                                           "404  404  404  403  403  403  403  200  200  200  200"),
    ("DELETE", "/v1/events/{A}", None,                     "401  403  403  403  403  403  403  200  200  200  200"),
    ("DELETE", "/v1/events/{D}", None,                     "404  404  404  403  403  403  403  200  200  200  200"),
    ("DELETE", "/v1/events/{B}", None,                     "404  404  404  404  404  404  404  404  404  200  200"),
    ("DELETE", "/v1/events/{T}?permanent=true&get_trashed=true", None,
                                                           "404  404  404  403  403  403  403  403  200  403  200"),
    ("DELETE", "/v1/events/{B}?permanent=true&get_trashed=true", None,
                                                           "404  404  404  404  404  404  404  404  404  403  409"),
]


def _event_key(path: str) -> str | None:
    for key in ("A", "D", "T", "B"):
        if "{" + key + "}" in path:
            return key
    return None


async def request_as(client, world, role, method, path, body):
    key = _event_key(path)
    url = path.format(**{k: world[k].id for k in ("A", "D", "T", "B")})
    kwargs = {"headers": headers_for(world[role])}
    if body is not None:
        kwargs["json"] = body(world[key] if key else None)
    response = await client.request(method, url, **kwargs)
    if response.status_code >= 400:
        assert "Secret" not in error_of(response)["detail"]
    return response.status_code


@pytest.mark.parametrize(("method", "path", "body", "expected"), CASES,
                         ids=[f"{c[0]} {c[1]} #{i}" for i, c in enumerate(CASES)])
async def test_permission_table(client, db, method, path, body, expected):
    """Every role against one row of the table; writes get a fresh world per role."""
    world = await build_world(db)
    got = {}
    for role in ROLES:
        if method != "GET" and role != ROLES[0]:
            world = await build_world(db)
        got[role] = await request_as(client, world, role, method, path, body)
    assert got == statuses(expected)


async def test_other_teams_draft_never_listed_or_filterable(client, db):
    world = await build_world(db)
    b_filter = {"filter": f'[{{"name":"identifier","op":"eq","val":"{world["B"].identifier}"}}]'}
    for role in ROLES:
        headers = headers_for(world[role])
        sees_all = role in {"admin", "super_admin"}
        listed = await client.get("/v1/events?page[size]=0&get_trashed=true", headers=headers)
        assert listed.status_code == 200
        assert (str(world["B"].id) in ids(listed)) is sees_all, role
        by_name = await client.get("/v1/events", params={"filter[name]": "Secret draft B"}, headers=headers)
        assert by_name.json()["meta"]["count"] == (1 if sees_all else 0), role
        by_identifier = await client.get("/v1/events", params=b_filter, headers=headers)
        assert by_identifier.json()["meta"]["count"] == (1 if sees_all else 0), role


async def test_related_and_relationship_routes_of_other_teams_draft_are_404(client, db):
    rdef = registry.get("event")
    world = await build_world(db)
    for role in ROLES:
        if role in {"admin", "super_admin"}:
            continue  # admins see every event
        for rel in rdef.relationships:
            for url in (f"/v1/events/{world['B'].id}/{rel.name}",
                        f"/v1/events/{world['B'].id}/relationships/{rel.name}"):
                response = await client.get(url, headers=headers_for(world[role]))
                assert response.status_code == 404, (role, url, response.text)


#                                                          anon user atnd regi trak modr coor orgn ownr admn supr
ROLES_RELATIONSHIP = "401  403  403  200  200  200  200  200  200  200  200"


async def test_roles_relationship_is_private_to_the_team(client, db):
    world = await build_world(db)
    got_related, got_member = {}, {}
    for role in ROLES:
        response = await client.get(f"/v1/events/{world['A'].id}/roles", headers=headers_for(world[role]))
        got_related[role] = response.status_code
        document = await client.get(f"/v1/events/{world['A'].id}", headers=headers_for(world[role]))
        got_member[role] = "roles" in document.json()["data"].get("relationships", {})
    expected = statuses(ROLES_RELATIONSHIP)
    assert got_related == expected
    assert got_member == {role: status == 200 for role, status in expected.items()}


async def test_with_role_lists_exactly_the_callers_events(client, db):
    world = await build_world(db)
    team = [str(world[k].id) for k in ("A", "D")]
    expected = {"user": [], "admin": [], "super_admin": [],
                "attendee": [str(world["A"].id)]}  # attendees are not team: the draft stays hidden
    for role in ROLES[1:]:
        response = await client.get("/v1/events?withRole=true&page[size]=0", headers=headers_for(world[role]))
        assert ids(response) == expected.get(role, team), role
