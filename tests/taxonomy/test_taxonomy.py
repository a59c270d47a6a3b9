"""Event taxonomy: admins manage types, topics, sub-topics and locations; everyone reads them;
events carry event-type, event-topic and event-sub-topic."""

import pytest
from sqlalchemy import func, select

from openevent.taxonomy.models import EventLocation, EventSubTopic, EventTaxonomy, EventTopic, EventType

from ..factories import make_event, make_member, make_user
from ..schedule.http import delete, doc, error_of, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded

RESOURCES = [("event-type", "event-types", EventType), ("event-topic", "event-topics", EventTopic),
             ("event-location", "event-locations", EventLocation)]


async def add(db, *rows):
    db.add_all(rows)
    await db.commit()
    return rows


async def count(db, model) -> int:
    return await db.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(("type_", "collection", "model"), RESOURCES)
async def test_admin_creates_reads_updates_deletes(client, db, type_, collection, model):
    admin = await make_user(db, is_admin=True)
    response = await post(client, collection, doc(type_, {"name": "Science & Technology"}), admin)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["type"], data["attributes"]["name"], data["attributes"]["slug"]) == \
        (type_, "Science & Technology", "science-technology")
    listed = await client.get(f"/v1/{collection}")
    assert [row["id"] for row in listed.json()["data"]] == [data["id"]]
    response = await patch(client, f"/v1/{collection}/{data['id']}",
                           doc(type_, {"name": "Science", "slug": "sci"}, id_=data["id"]), admin)
    assert response.status_code == 200, response.text
    detail = (await client.get(f"/v1/{collection}/{data['id']}")).json()["data"]["attributes"]
    assert (detail["name"], detail["slug"]) == ("Science", "sci")
    assert (await delete(client, f"/v1/{collection}/{data['id']}", admin)).status_code == 200
    assert (await client.get(f"/v1/{collection}/{data['id']}")).status_code == 404
    assert await count(db, model) == 0


async def test_topic_with_sub_topics(client, db):
    admin = await make_user(db, is_admin=True)
    topic = (await post(client, "event-topics", doc("event-topic", {
        "name": "Music", "system-image-url": "https://img.example/music.png"}), admin)).json()["data"]
    assert topic["attributes"]["system-image-url"] == "https://img.example/music.png"
    topic_link = {"event-topic": {"data": {"type": "event-topic", "id": topic["id"]}}}
    response = await post(client, "event-sub-topics", doc("event-sub-topic", {"name": "Jazz"},
                                                           relationships=topic_link), admin)
    assert response.status_code == 201, response.text
    sub = response.json()["data"]
    subs = (await client.get(f"/v1/event-topics/{topic['id']}/event-sub-topics")).json()["data"]
    assert [(s["id"], s["attributes"]["slug"]) for s in subs] == [(sub["id"], "jazz")]
    parent = (await client.get(f"/v1/event-sub-topics/{sub['id']}/event-topic")).json()["data"]
    assert parent["id"] == topic["id"]
    # the same slug under another topic is fine, twice under one topic is a conflict
    other = (await post(client, "event-topics", doc("event-topic", {"name": "Film"}), admin)).json()["data"]
    other_link = {"event-topic": {"data": {"type": "event-topic", "id": other["id"]}}}
    assert (await post(client, "event-sub-topics", doc("event-sub-topic", {"name": "Jazz"},
                                                       relationships=other_link), admin)).status_code == 201
    assert pointer_of(await post(client, "event-sub-topics", doc("event-sub-topic", {"name": "JAZZ"},
                                                                 relationships=topic_link), admin), 409) \
        == "/data/attributes/name"
    # moving a sub-topic; deleting a topic deletes its sub-topics
    response = await patch(client, f"/v1/event-sub-topics/{sub['id']}/relationships/event-topic",
                           {"data": {"type": "event-topic", "id": other["id"]}}, admin)
    assert pointer_of(response, 409) == "/data/attributes/slug"  # Film already has a jazz
    assert (await delete(client, f"/v1/event-topics/{topic['id']}", admin)).status_code == 200
    assert await count(db, EventSubTopic) == 1


@pytest.mark.parametrize(("path", "body", "pointer", "status"), [
    ("event-types", doc("event-type", {}), "/data/attributes/name", 422),
    ("event-types", doc("event-type", {"name": " "}), "/data/attributes/name", 422),
    ("event-types", doc("event-type", {"name": "A", "slug": "Not A Slug"}), "/data/attributes/slug", 422),
    ("event-types", doc("event-type", {"name": "!!!"}), "/data/attributes/slug", 422),
    ("event-types", doc("event-type", {"name": "A", "colour": "red"}), "/data/attributes/colour", 422),
    ("event-topics", doc("event-topic", {"name": "A", "system-image-url": "javascript:x"}),
     "/data/attributes/system-image-url", 422),
    ("event-sub-topics", doc("event-sub-topic", {"name": "A"}), "/data/relationships/event-topic", 422),
    ("event-sub-topics", doc("event-sub-topic", {"name": "A"}, relationships={
        "event-topic": {"data": {"type": "event-topic", "id": "999999"}}}), "/data/relationships/event-topic", 404),
    ("event-locations", doc("event-location", {"name": "A" * 256}), "/data/attributes/name", 422),
])
async def test_bad_input(client, db, path, body, pointer, status):
    admin = await make_user(db, is_admin=True)
    assert pointer_of(await post(client, path, body, admin), status) == pointer
    assert await count(db, EventType) + await count(db, EventSubTopic) + await count(db, EventLocation) == 0


async def test_duplicate_slug_is_a_conflict(client, db):
    admin = await make_user(db, is_admin=True)
    assert (await post(client, "event-types", doc("event-type", {"name": "Conference"}), admin)).status_code == 201
    assert pointer_of(await post(client, "event-types", doc("event-type", {"name": "conference"}), admin), 409) \
        == "/data/attributes/name"
    assert pointer_of(await post(client, "event-types", doc("event-type", {"name": "Other", "slug": "conference"}),
                                 admin), 409) == "/data/attributes/slug"
    assert await count(db, EventType) == 1


@pytest.mark.parametrize(("type_", "collection", "model"), RESOURCES)
async def test_permission_table(client, db, type_, collection, model):
    event = await make_event(db)
    users = {"anonymous": None, "user": await make_user(db), "admin": await make_user(db, is_admin=True),
             "event owner": await make_member(db, event, "owner")}
    for who, user in users.items():
        (row,) = await add(db, model(name=f"Of {who}", slug=f"of-{who.replace(' ', '-')}"))
        refused = 401 if user is None else 403
        expect = (201, 200, 200) if who == "admin" else (refused, refused, refused)
        got = ((await post(client, collection, doc(type_, {"name": f"New {who}"}), user)).status_code,
               (await patch(client, f"/v1/{collection}/{row.id}", doc(type_, {"name": "X"}, id_=row.id),
                            user)).status_code,
               (await delete(client, f"/v1/{collection}/{row.id}", user)).status_code)
        assert got == expect, who
        assert (await client.get(f"/v1/{collection}/{row.id}")).status_code == (404 if who == "admin" else 200)


async def test_event_reads_its_classification(client, db):
    event = await make_event(db)
    draft = await make_event(db, state="draft")
    (kind, topic) = await add(db, EventType(name="Conference", slug="conference"),
                              EventTopic(name="Science", slug="science"))
    (sub,) = await add(db, EventSubTopic(name="Physics", slug="physics", event_topic_id=topic.id))
    await add(db, EventTaxonomy(event_id=event.id, event_type_id=kind.id, event_topic_id=topic.id,
                                event_sub_topic_id=sub.id),
              EventTaxonomy(event_id=draft.id, event_type_id=kind.id))
    body = (await client.get(f"/v1/events/{event.identifier}?include=event-type,event-topic,event-sub-topic")).json()
    rels = body["data"]["relationships"]
    assert [rels[n]["data"]["id"] for n in ("event-type", "event-topic", "event-sub-topic")] == \
        [str(kind.id), str(topic.id), str(sub.id)]
    assert sorted(i["type"] for i in body["included"]) == ["event-sub-topic", "event-topic", "event-type"]
    assert (await client.get(f"/v1/events/{event.id}/event-type")).json()["data"]["attributes"]["slug"] == \
        "conference"
    assert (await client.get(f"/v1/events/{draft.id}/event-type")).status_code == 404
    plain = await make_event(db)
    assert (await client.get(f"/v1/events/{plain.id}/event-topic")).json()["data"] is None
    # deleting the type clears it on the event
    admin = await make_user(db, is_admin=True)
    assert (await delete(client, f"/v1/event-types/{kind.id}", admin)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/event-type")).json()["data"] is None
    assert (await client.get(f"/v1/events/{event.id}/event-topic")).json()["data"]["id"] == str(topic.id)


async def test_bounded_queries(client, db, count_queries):
    topic = EventTopic(name="T", slug="t")
    await add(db, topic, *(EventType(name=f"T{i}", slug=f"t{i}") for i in range(60)),
              *(EventLocation(name=f"L{i}", slug=f"l{i}") for i in range(60)))
    await add(db, *(EventSubTopic(name=f"S{i}", slug=f"s{i}", event_topic_id=topic.id) for i in range(60)))
    await add(db, *(EventTopic(name=f"T{i}", slug=f"x{i}") for i in range(60)))
    await assert_bounded(client, count_queries, "/v1/event-types", (), base_cost=2)
    await assert_bounded(client, count_queries, "/v1/event-locations", (), base_cost=2)
    await assert_bounded(client, count_queries, "/v1/event-topics", ("event-sub-topics",), base_cost=2)
    await assert_bounded(client, count_queries, f"/v1/event-topics/{topic.id}/event-sub-topics", ("event-topic",),
                         base_cost=3)
    events = [await make_event(db) for _ in range(6)]
    await add(db, *(EventTaxonomy(event_id=e.id, event_topic_id=topic.id) for e in events))
    await assert_bounded(client, count_queries, "/v1/events", ("event-type", "event-topic", "event-sub-topic"),
                         base_cost=2)
