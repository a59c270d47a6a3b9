"""Sponsors: organisers write, the public reads sponsors of visible events in position order."""

import pytest
from sqlalchemy import func, select

from openevent.sponsors.models import Sponsor

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule.http import delete, doc, error_of, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded


def sponsor(event, name="ACME", **fields) -> Sponsor:
    return Sponsor(event_id=event.id, name=name, **fields)


async def add(db, *rows):
    db.add_all(rows)
    await db.commit()
    return rows


async def count(db) -> int:
    return await db.scalar(select(func.count()).select_from(Sponsor))


async def test_organiser_creates_updates_and_deletes(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    body = doc("sponsor", {"name": "ACME", "description": "<b>Big</b><script>x</script>", "url": "https://acme.example",
                           "level": 2, "logo-url": "https://acme.example/logo.png", "type": "Gold", "position": 1},
               event)
    response = await post(client, "sponsors", body, user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"] == {"deleted-at": None, "name": "ACME", "description": "<b>Big</b>",
                                  "url": "https://acme.example", "level": 2,
                                  "logo-url": "https://acme.example/logo.png", "type": "Gold", "position": 1}
    response = await patch(client, f"/v1/sponsors/{data['id']}", doc("sponsor", {"level": 1, "url": ""},
                                                                     id_=data["id"]), user)
    assert response.status_code == 200, response.text
    assert (response.json()["data"]["attributes"]["level"], response.json()["data"]["attributes"]["url"]) == (1, None)
    public = await client.get(f"/v1/events/{event.identifier}/sponsors")
    assert [s["id"] for s in public.json()["data"]] == [data["id"]]
    assert (await delete(client, f"/v1/sponsors/{data['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/sponsors")).json()["data"] == []
    assert (await client.get(f"/v1/sponsors/{data['id']}")).status_code == 404


async def test_lists_in_position_order_and_hides_draft_events(client, db):
    event = await make_event(db)
    await add(db, sponsor(event, "C", position=2), sponsor(event, "A", position=0), sponsor(event, "B", position=1))
    names = [s["attributes"]["name"] for s in (await client.get(f"/v1/events/{event.id}/sponsors")).json()["data"]]
    assert names == ["A", "B", "C"]
    draft = await make_event(db, state="draft")
    (hidden,) = await add(db, sponsor(draft, "Hidden"))
    assert (await client.get(f"/v1/events/{draft.id}/sponsors")).status_code == 404
    assert (await client.get(f"/v1/sponsors/{hidden.id}")).status_code == 404
    team = await make_member(db, draft, "registrar")
    assert (await client.get(f"/v1/sponsors/{hidden.id}", headers=auth_header(team))).status_code == 200


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({"name": "A", "url": "javascript:alert(1)"}, "/data/attributes/url"),
    ({"name": "A", "logo-url": "/relative.png"}, "/data/attributes/logo-url"),
    ({"name": "A", "level": "gold"}, "/data/attributes/level"),
    ({"name": "A", "level": -1}, "/data/attributes/level"),
    ({"name": " "}, "/data/attributes/name"),
    ({"url": "https://a.example"}, "/data/attributes/name"),
    ({"name": "A", "colour": "red"}, "/data/attributes/colour"),
])
async def test_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "sponsors", doc("sponsor", attributes, event), user), 422) == pointer
    assert await count(db) == 0


async def test_event_relationship_required_and_fixed(client, db):
    event, other = await make_event(db), await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "sponsors", doc("sponsor", {"name": "A"}), user), 422) == \
        "/data/relationships/event"
    (row,) = await add(db, sponsor(event))
    response = await patch(client, f"/v1/sponsors/{row.id}", doc("sponsor", {}, other, id_=row.id), user)
    assert pointer_of(response, 422) == "/data/relationships/event"
    response = await patch(client, f"/v1/sponsors/{row.id}/relationships/event",
                           {"data": {"type": "event", "id": str(other.id)}}, user)
    assert pointer_of(response, 422) == "/data"


async def test_permission_table(client, db):
    event = await make_event(db)
    users = {"anonymous": None, "outsider": await make_user(db), "admin": await make_user(db, is_admin=True),
             "other owner": await make_member(db, await make_event(db), "owner")}
    for role in ("registrar", "moderator", "track_organizer", "coorganizer", "organizer", "owner"):
        users[role] = await make_member(db, event, role)
    allowed = {"admin", "coorganizer", "organizer", "owner"}
    for who, user in users.items():
        (row,) = await add(db, sponsor(event, f"Of {who}"))
        refused = 401 if user is None else 403
        expect = (201, 200, 200) if who in allowed else (refused, refused, refused)
        got = ((await post(client, "sponsors", doc("sponsor", {"name": who}, event), user)).status_code,
               (await patch(client, f"/v1/sponsors/{row.id}", doc("sponsor", {"level": 1}, id_=row.id),
                            user)).status_code,
               (await delete(client, f"/v1/sponsors/{row.id}", user)).status_code)
        assert got == expect, who


async def test_reorder_sponsors(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "organizer")
    a, b = await add(db, sponsor(event, "A", position=0), sponsor(event, "B", position=1))
    (foreign,) = await add(db, sponsor(await make_event(db), "F"))
    response = await post(client, f"/v1/events/{event.id}/reorder-sponsors",
                          [{"sponsor": a.id, "position": 1}, {"sponsor": b.id, "position": 0}], user)
    assert response.status_code == 200, response.text
    names = [s["attributes"]["name"] for s in (await client.get(f"/v1/events/{event.id}/sponsors")).json()["data"]]
    assert names == ["B", "A"]
    response = await post(client, f"/v1/events/{event.id}/reorder-sponsors",
                          {"data": [{"sponsor": a.id, "position": 5}, {"sponsor": foreign.id, "position": 0}]}, user)
    assert pointer_of(response, 422) == "/data/1/sponsor"
    error_of(await post(client, f"/v1/events/{event.id}/reorder-sponsors", [],
                        await make_member(db, event, "track_organizer")), 403)


async def test_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    await add(db, *(sponsor(event, f"S{i}", position=i) for i in range(60)))
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/sponsors", ("event",), base_cost=3)
    url = f"/v1/events/{event.id}?include=sponsors"
    with count_queries() as counter:
        response = await client.get(url)
    assert response.status_code == 200 and len(response.json()["included"]) == 60
    assert counter.count == 2
