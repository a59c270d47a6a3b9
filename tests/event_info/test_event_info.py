"""Social links and the event copyright: organisers write, the public reads those of visible events."""

import pytest
from sqlalchemy import func, select

from openevent.event_info.models import EventCopyright, SocialLink

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule.http import delete, doc, error_of, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded, statements


async def count(db, model) -> int:
    return await db.scalar(select(func.count()).select_from(model))


async def test_social_links_crud_and_list(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    response = await post(client, "social-links", doc("social-link", {
        "name": "Mastodon", "link": "https://social.example/@conf", "identifier": "conf"}, event), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"] == {"deleted-at": None, "name": "Mastodon", "link": "https://social.example/@conf",
                                  "identifier": "conf"}
    response = await patch(client, f"/v1/social-links/{data['id']}",
                           doc("social-link", {"link": "http://social.example/@c2"}, id_=data["id"]), user)
    assert response.status_code == 200 and response.json()["data"]["attributes"]["link"] == "http://social.example/@c2"
    listed = await client.get(f"/v1/events/{event.identifier}/social-links")
    assert [s["id"] for s in listed.json()["data"]] == [data["id"]]
    assert (await delete(client, f"/v1/social-links/{data['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/social-links")).json()["data"] == []


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({"name": "X", "link": "javascript:alert(1)"}, "/data/attributes/link"),
    ({"name": "X", "link": "ftp://files.example"}, "/data/attributes/link"),
    ({"name": "X", "link": "example.com/page"}, "/data/attributes/link"),
    ({"name": "X", "link": ""}, "/data/attributes/link"),
    ({"name": "X", "link": None}, "/data/attributes/link"),
    ({"name": "X"}, "/data/attributes/link"),
    ({"link": "https://a.example"}, "/data/attributes/name"),
])
async def test_social_link_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "social-links", doc("social-link", attributes, event), user), 422) == pointer
    assert await count(db, SocialLink) == 0


async def test_copyright_one_per_event(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "organizer")
    body = doc("event-copyright", {"holder": "FOSSASIA", "holder-url": "https://fossasia.org", "licence": "CC BY 4.0",
                                   "licence-url": "https://creativecommons.org/licenses/by/4.0/", "year": 2027,
                                   "logo-url": None}, event)
    response = await post(client, "event-copyrights", body, user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"] == {"deleted-at": None, "holder": "FOSSASIA", "holder-url": "https://fossasia.org",
                                  "licence": "CC BY 4.0",
                                  "licence-url": "https://creativecommons.org/licenses/by/4.0/", "year": 2027,
                                  "logo-url": None}
    assert pointer_of(await post(client, "event-copyrights", body, user), 409) == "/data/relationships/event"
    assert await count(db, EventCopyright) == 1
    shown = await client.get(f"/v1/events/{event.identifier}/event-copyright")
    assert shown.json()["data"]["id"] == data["id"]
    assert (await delete(client, f"/v1/event-copyrights/{data['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/event-copyright")).json()["data"] is None
    assert (await post(client, "event-copyrights", body, user)).status_code == 201


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({"holder": "A", "year": 99}, "/data/attributes/year"),
    ({"holder": "A", "year": "2027a"}, "/data/attributes/year"),
    ({"holder": "A", "licence-url": "data:text/html,hi"}, "/data/attributes/licence-url"),
    ({"holder": "A", "holder-url": "nope"}, "/data/attributes/holder-url"),
    ({"holder": ""}, "/data/attributes/holder"),
    ({"licence": "MIT"}, "/data/attributes/holder"),
])
async def test_copyright_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "event-copyrights", doc("event-copyright", attributes, event), user),
                      422) == pointer
    assert await count(db, EventCopyright) == 0


@pytest.mark.parametrize(("collection", "type_", "attributes"), [
    ("social-links", "social-link", {"name": "X", "link": "https://x.example"}),
    ("event-copyrights", "event-copyright", {"holder": "H"}),
])
async def test_permission_table(client, db, collection, type_, attributes):
    event = await make_event(db)
    users = {"anonymous": None, "outsider": await make_user(db), "admin": await make_user(db, is_admin=True),
             "other owner": await make_member(db, await make_event(db), "owner")}
    for role in ("registrar", "moderator", "track_organizer", "coorganizer", "organizer", "owner"):
        users[role] = await make_member(db, event, role)
    allowed = {"admin", "coorganizer", "organizer", "owner"}
    for who, user in users.items():
        response = await post(client, collection, doc(type_, attributes, event), user)
        if who not in allowed:
            error_of(response, 401 if user is None else 403)
            continue
        assert response.status_code == 201, (who, response.text)
        row_id = response.json()["data"]["id"]
        assert (await patch(client, f"/v1/{collection}/{row_id}", doc(type_, {}, id_=row_id), user)).status_code == 200
        assert (await delete(client, f"/v1/{collection}/{row_id}", user)).status_code == 200


async def test_draft_event_hides_them(client, db):
    event = await make_event(db, state="draft")
    db.add_all([SocialLink(event_id=event.id, name="X", link="https://x.example"),
                EventCopyright(event_id=event.id, holder="H")])
    await db.commit()
    link_id = await db.scalar(select(SocialLink.id))
    assert (await client.get(f"/v1/social-links/{link_id}")).status_code == 404
    assert (await client.get(f"/v1/events/{event.id}/event-copyright")).status_code == 404
    team = auth_header(await make_member(db, event, "moderator"))
    assert (await client.get(f"/v1/social-links/{link_id}", headers=team)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/event-copyright", headers=team)).json()["data"]["attributes"][
        "holder"] == "H"


async def test_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    db.add_all([SocialLink(event_id=event.id, name=f"L{i}", link=f"https://l{i}.example") for i in range(60)])
    db.add(EventCopyright(event_id=event.id, holder="H"))
    await db.commit()
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/social-links", ("event",), base_cost=3)
    assert await statements(client, count_queries,
                            f"/v1/events/{event.id}?include=social-links,event-copyright") == 3
