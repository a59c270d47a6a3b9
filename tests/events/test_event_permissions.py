"""Who may do what to events, as a table: (method, URL, body) x role -> expected status.

The team (one user per role) holds its role in three events of its own: a
published one (A), a draft (D) and a trashed one (T). A second team's draft (B)
must stay invisible to everyone but admins: 404, never 403.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from openevent.auth.roles import grant_event_role
from openevent.jsonapi.resource import registry

from ..factories import make_event, make_user
from .helpers import error_of, event_doc, headers_for, ids, new_event_doc

ROLES = ["anonymous", "user", "attendee", "registrar", "track_organizer", "moderator", "coorganizer",
         "organizer", "owner", "admin", "super_admin"]
EVENT_ROLES = ["attendee", "registrar", "track_organizer", "moderator", "coorganizer", "organizer", "owner"]


async def build_world(db) -> dict:
    world = {"anonymous": None, "user": await make_user(db, is_verified=True),
             "admin": await make_user(db, is_verified=True, is_admin=True),
             "super_admin": await make_user(db, is_verified=True, is_super_admin=True)}
    stranger = await make_user(db, is_verified=True)
    world["A"] = await make_event(db, name="Published A")
    world["D"] = await make_event(db, name="Draft D", state="draft")
    world["T"] = await make_event(db, name="Trashed T", deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    world["B"] = await make_event(db, owner=stranger, name="Secret draft B", state="draft")
    for role in EVENT_ROLES:
        world[role] = user = await make_user(db, is_verified=True)
        for key in ("A", "D", "T"):
            await grant_event_role(db, user_id=user.id, event_id=world[key].id, role=role)
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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "expected"), CASES,
                         ids=[f"{c[0]} {c[1]} #{i}" for i, c in enumerate(CASES)])
async def test_permission_table(client, db, method, path, body, expected, role):
    world = await build_world(db)
    key = _event_key(path)
    event = world[key] if key else None
    url = path.format(**{k: world[k].id for k in ("A", "D", "T", "B")})
    kwargs = {"headers": headers_for(world[role])}
    if body is not None:
        kwargs["json"] = body(event)
    response = await client.request(method, url, **kwargs)
    want = statuses(expected)[role]
    assert response.status_code == want, response.text
    if want >= 400:
        error = error_of(response)
        assert "Secret" not in error["detail"]


@pytest.mark.parametrize("role", ROLES)
async def test_other_teams_draft_never_listed_or_filterable(client, db, role):
    world = await build_world(db)
    headers = headers_for(world[role])
    listed = await client.get("/v1/events?page[size]=0&get_trashed=true", headers=headers)
    assert listed.status_code == 200
    sees_all = role in {"admin", "super_admin"}
    assert (str(world["B"].id) in ids(listed)) is sees_all
    by_name = await client.get("/v1/events", params={"filter[name]": "Secret draft B"}, headers=headers)
    assert by_name.json()["meta"]["count"] == (1 if sees_all else 0)
    by_identifier = await client.get(
        "/v1/events", params={"filter": f'[{{"name":"identifier","op":"eq","val":"{world["B"].identifier}"}}]'},
        headers=headers)
    assert by_identifier.json()["meta"]["count"] == (1 if sees_all else 0)


@pytest.mark.parametrize("role", ROLES)
async def test_related_and_relationship_routes_of_other_teams_draft_are_404(client, db, role):
    if role in {"admin", "super_admin"}:
        pytest.skip("admins see every event")
    rdef = registry.get("event")
    if not rdef.relationships:
        pytest.skip("no related resource type is registered yet")
    world = await build_world(db)
    headers = headers_for(world[role])
    for rel in rdef.relationships:
        for url in (f"/v1/events/{world['B'].id}/{rel.name}", f"/v1/events/{world['B'].id}/relationships/{rel.name}"):
            response = await client.get(url, headers=headers)
            assert response.status_code == 404, (url, response.text)


#                                                          anon user atnd regi trak modr coor orgn ownr admn supr
ROLES_RELATIONSHIP = "403  403  403  200  200  200  200  200  200  200  200"


@pytest.mark.parametrize("role", ROLES)
async def test_roles_relationship_is_private_to_the_team(client, db, role):
    if "users-events-roles" not in registry.by_type:
        pytest.skip("users-events-roles is not registered yet")
    world = await build_world(db)
    response = await client.get(f"/v1/events/{world['A'].id}/roles", headers=headers_for(world[role]))
    assert response.status_code == statuses(ROLES_RELATIONSHIP)[role], response.text
    document = await client.get(f"/v1/events/{world['A'].id}", headers=headers_for(world[role]))
    relationships = document.json()["data"].get("relationships", {})
    assert ("roles" in relationships) is (statuses(ROLES_RELATIONSHIP)[role] == 200)


@pytest.mark.parametrize("role", ROLES)
async def test_with_role_lists_exactly_the_callers_events(client, db, role):
    if role == "anonymous":
        pytest.skip("anonymous is 401 (see the table)")
    world = await build_world(db)
    response = await client.get("/v1/events?withRole=true&page[size]=0", headers=headers_for(world[role]))
    expected = {"user": [], "admin": [], "super_admin": []}.get(role, [str(world[k].id) for k in ("A", "D")])
    if role == "attendee":
        expected = [str(world["A"].id)]  # attendees are not team: the draft stays hidden
    assert ids(response) == expected
