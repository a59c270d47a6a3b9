"""Exhibitors: co-organizers manage them; the public sees accepted exhibitors of visible events."""

import pytest
from sqlalchemy import func, select

from openevent.exhibitors.models import Exhibitor

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule import factories as f
from ..schedule.http import delete, doc, patch, pointer_of, post, to_many
from ..schedule.test_query_counts import assert_bounded


async def count(db) -> int:
    return await db.scalar(select(func.count()).select_from(Exhibitor).where(Exhibitor.deleted_at.is_(None)))


async def ids(client, path, user=None) -> list[str]:
    response = await client.get(path, headers=auth_header(user) if user else {})
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["data"]]


async def test_organiser_creates_reads_updates_deletes(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    talk = await f.add(db, f.session(event))
    attributes = {"name": "ACME", "status": "accepted", "description": "<b>Booth</b><script>x</script>",
                  "url": "https://acme.example", "position": 2, "logo-url": "https://acme.example/l.png",
                  "contact-email": " sales@acme.example ", "enable-video-room": True,
                  "social-links": [{"name": "Mastodon", "link": "https://m.example/@acme"}]}
    response = await post(client, "exhibitors", doc("exhibitor", attributes, event,
                                                    relationships={"sessions": to_many("session", [talk])}), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    attrs = data["attributes"]
    assert (attrs["name"], attrs["status"], attrs["description"], attrs["contact-email"], attrs["position"],
            attrs["enable-video-room"], attrs["social-links"], attrs["banner-url"]) == \
        ("ACME", "accepted", "<b>Booth</b>", "sales@acme.example", 2, True,
         [{"name": "Mastodon", "link": "https://m.example/@acme"}], None)
    assert await ids(client, f"/v1/events/{event.identifier}/exhibitors") == [data["id"]]
    assert await ids(client, f"/v1/sessions/{talk.id}/exhibitors") == [data["id"]]
    assert await ids(client, f"/v1/exhibitors/{data['id']}/sessions") == [str(talk.id)]
    response = await patch(client, f"/v1/exhibitors/{data['id']}", doc("exhibitor", {"status": "pending"},
                           id_=data["id"], relationships={"sessions": to_many("session", [])}), user)
    assert response.status_code == 200, response.text
    assert await ids(client, f"/v1/events/{event.id}/exhibitors") == []  # pending: team only
    assert await ids(client, f"/v1/events/{event.id}/exhibitors", user) == [data["id"]]
    assert await ids(client, f"/v1/exhibitors/{data['id']}/sessions", user) == []
    assert (await delete(client, f"/v1/exhibitors/{data['id']}", user)).status_code == 200
    assert await ids(client, f"/v1/events/{event.id}/exhibitors", user) == []
    assert (await client.get(f"/v1/exhibitors/{data['id']}", headers=auth_header(user))).status_code == 404


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({}, "/data/attributes/name"),
    ({"name": "A", "status": "rejected"}, "/data/attributes/status"),
    ({"name": "A", "url": "javascript:alert(1)"}, "/data/attributes/url"),
    ({"name": "A", "contact-email": "not-an-email"}, "/data/attributes/contact-email"),
    ({"name": "A", "position": -1}, "/data/attributes/position"),
    ({"name": "A", "social-links": [{"name": "x", "link": "ftp://x"}]}, "/data/attributes/social-links"),
    ({"name": "A", "social-links": ["x"]}, "/data/attributes/social-links"),
    ({"name": "A", "social-links": [{"name": "x", "link": 5}]}, "/data/attributes/social-links"),
    ({"name": "A", "social-links": {"name": "x"}}, "/data/attributes/social-links"),
    ({"name": "A", "enable-video-room": "yes"}, "/data/attributes/enable-video-room"),
    ({"name": "A", "booth": 3}, "/data/attributes/booth"),
])
async def test_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "exhibitors", doc("exhibitor", attributes, event), user), 422) == pointer
    assert await count(db) == 0


async def test_sessions_must_belong_to_the_event(client, db):
    event, other = await make_event(db), await make_event(db)
    user = await make_member(db, event, "owner")
    own, foreign = await f.add(db, f.session(event), f.session(other))
    body = doc("exhibitor", {"name": "A"}, event, relationships={"sessions": to_many("session", [own, foreign])})
    assert pointer_of(await post(client, "exhibitors", body, user), 422) == "/data/relationships/sessions/data/1"
    assert await count(db) == 0
    assert pointer_of(await post(client, "exhibitors", doc("exhibitor", {"name": "A"}), user), 422) == \
        "/data/relationships/event"


async def test_permission_table(client, db):
    event = await make_event(db)
    users = {"anonymous": None, "outsider": await make_user(db), "admin": await make_user(db, is_admin=True),
             "other owner": await make_member(db, await make_event(db), "owner")}
    for role in ("registrar", "moderator", "track_organizer", "coorganizer", "organizer", "owner"):
        users[role] = await make_member(db, event, role)
    allowed = {"admin", "coorganizer", "organizer", "owner"}
    for who, user in users.items():
        row = await f.add(db, Exhibitor(event_id=event.id, name=who, status="accepted"))
        refused = 401 if user is None else 403
        expect = (201, 200, 200) if who in allowed else (refused,) * 3
        got = ((await post(client, "exhibitors", doc("exhibitor", {"name": who}, event), user)).status_code,
               (await patch(client, f"/v1/exhibitors/{row.id}", doc("exhibitor", {"position": 1}, id_=row.id),
                            user)).status_code,
               (await delete(client, f"/v1/exhibitors/{row.id}", user)).status_code)
        assert got == expect, who


async def test_reorder_exhibitors(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "organizer")
    a, b = await f.add(db, Exhibitor(event_id=event.id, name="A", status="accepted", position=0),
                       Exhibitor(event_id=event.id, name="B", status="accepted", position=1))
    response = await post(client, f"/v1/events/{event.id}/reorder-exhibitors",
                          [{"exhibitor": a.id, "position": 1}, {"exhibitor": b.id, "position": 0}], user)
    assert response.status_code == 200, response.text
    assert await ids(client, f"/v1/events/{event.id}/exhibitors") == [str(b.id), str(a.id)]


async def test_draft_event_exhibitors_are_hidden(client, db):
    draft = await make_event(db, state="draft")
    row = await f.add(db, Exhibitor(event_id=draft.id, name="A", status="accepted"))
    assert (await client.get(f"/v1/exhibitors/{row.id}")).status_code == 404
    team = await make_member(db, draft, "registrar")
    assert (await client.get(f"/v1/exhibitors/{row.id}", headers=auth_header(team))).status_code == 200


async def test_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    talks = [f.session(event, f"T{i}", minutes=i) for i in range(6)]
    await f.add(db, *talks)
    await f.add(db, *(Exhibitor(event_id=event.id, name=f"E{i}", status="accepted", position=i,
                                sessions=[talks[i % 6]]) for i in range(60)))
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/exhibitors", ("event", "sessions"),
                         base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/sessions/{talks[0].id}/exhibitors", ("sessions",),
                         base_cost=3)
