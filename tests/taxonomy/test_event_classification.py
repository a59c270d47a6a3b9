"""Events are classified through their event-type, event-topic and event-sub-topic relationships,
sent with POST/PATCH /v1/events (as the wizard does) or at /v1/events/{id}/relationships/..."""

from sqlalchemy import select

from openevent.taxonomy.models import EventSubTopic, EventTaxonomy, EventTopic, EventType

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule.http import doc, error_of, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded


def link(type_, row) -> dict:
    return {"data": None if row is None else {"type": type_, "id": str(getattr(row, "id", row))}}


async def taxonomy_of(db, event_id) -> tuple:
    row = await db.scalar(select(EventTaxonomy).where(EventTaxonomy.event_id == event_id)
                          .execution_options(populate_existing=True))
    return None if row is None else (row.event_type_id, row.event_topic_id, row.event_sub_topic_id)


async def setup(db):
    kind, topic, other_topic = EventType(name="Conference", slug="conference"), EventTopic(name="Science",
                                                                                           slug="science"), \
        EventTopic(name="Music", slug="music")
    db.add_all([kind, topic, other_topic])
    await db.flush()
    sub, other_sub = EventSubTopic(name="Physics", slug="physics", event_topic_id=topic.id), \
        EventSubTopic(name="Jazz", slug="jazz", event_topic_id=other_topic.id)
    db.add_all([sub, other_sub])
    await db.commit()
    return kind, topic, sub, other_topic, other_sub


async def test_wizard_creates_and_updates_a_classified_event(client, db):
    kind, topic, sub, other_topic, other_sub = await setup(db)
    user = await make_user(db)
    body = doc("event", {"name": "Conf", "starts-at": "2027-05-01T09:00:00Z", "ends-at": "2027-05-02T18:00:00Z"},
               relationships={"event-type": link("event-type", kind), "event-topic": link("event-topic", topic),
                              "event-sub-topic": link("event-sub-topic", sub)})
    response = await post(client, "events?include=event-type,event-topic,event-sub-topic", body, user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert [data["relationships"][n]["data"]["id"] for n in ("event-type", "event-topic", "event-sub-topic")] == \
        [str(kind.id), str(topic.id), str(sub.id)]
    event_id = int(data["id"])
    assert await taxonomy_of(db, event_id) == (kind.id, topic.id, sub.id)
    # another topic clears the sub-topic of the old one
    response = await patch(client, f"/v1/events/{event_id}", doc("event", {}, id_=event_id, relationships={
        "event-topic": link("event-topic", other_topic), "event-type": link("event-type", None)}), user)
    assert response.status_code == 200, response.text
    assert await taxonomy_of(db, event_id) == (None, other_topic.id, None)
    # a sub-topic brings its topic
    response = await patch(client, f"/v1/events/{event_id}/relationships/event-sub-topic",
                           link("event-sub-topic", sub), user)
    assert response.status_code == 204, response.text
    assert await taxonomy_of(db, event_id) == (None, topic.id, sub.id)
    read = (await client.get(f"/v1/events/{event_id}/event-sub-topic", headers=auth_header(user))).json()["data"]
    assert read["attributes"]["name"] == "Physics"


async def test_unknown_entries_and_permissions(client, db):
    kind, *_ = await setup(db)
    event = await make_event(db)
    owner = await make_member(db, event, "owner")
    response = await patch(client, f"/v1/events/{event.id}", doc("event", {"name": "Renamed"}, id_=event.id,
                           relationships={"event-type": link("event-type", 999999)}), owner)
    assert pointer_of(response, 404) == "/data/relationships/event-type"
    assert (await client.get(f"/v1/events/{event.id}")).json()["data"]["attributes"]["name"] != "Renamed"
    response = await patch(client, f"/v1/events/{event.id}", doc("event", {}, id_=event.id, relationships={
        "event-topic": {"data": {"type": "event-type", "id": str(kind.id)}}}), owner)
    assert pointer_of(response, 409) == "/data/relationships/event-topic/data/type"
    for who, status in (("registrar", 403), ("outsider", 403), ("anonymous", 401)):
        user = None if who == "anonymous" else (await make_member(db, event, who) if who == "registrar"
                                                 else await make_user(db))
        error_of(await patch(client, f"/v1/events/{event.id}/relationships/event-type", link("event-type", kind),
                             user), status)
    assert await taxonomy_of(db, event.id) is None
    assert (await db.execute(select(EventTaxonomy))).first() is None


async def test_events_of_a_type_topic_or_sub_topic_are_the_public_listing(client, db, count_queries):
    kind, topic, sub, *_ = await setup(db)
    owner = await make_user(db)
    public = [await make_event(db) for _ in range(3)]
    draft = await make_event(db, state="draft", owner=owner)
    private = await make_event(db, privacy="private")
    db.add_all(EventTaxonomy(event_id=e.id, event_type_id=kind.id, event_topic_id=topic.id,
                             event_sub_topic_id=sub.id) for e in (*public, draft, private))
    await db.commit()
    expected = [str(e.id) for e in public]
    for path in (f"/v1/event-types/{kind.id}/events", f"/v1/event-topics/{topic.id}/events",
                 f"/v1/event-sub-topics/{sub.id}/events"):
        assert [e["id"] for e in (await client.get(path)).json()["data"]] == expected, path
        mine = (await client.get(path, headers=auth_header(owner))).json()["data"]
        assert sorted(int(e["id"]) for e in mine) == sorted([*map(int, expected), draft.id]), path
    assert (await client.get("/v1/event-types/999999/events")).status_code == 404
    # the explore page filters events by type and topic
    flt = '[{"name":"event-type","op":"has","val":{"name":"slug","op":"eq","val":"conference"}}]'
    listed = (await client.get("/v1/events", params={"filter": flt})).json()["data"]
    assert sorted(e["id"] for e in listed) == sorted(expected)
    await assert_bounded(client, count_queries, f"/v1/event-topics/{topic.id}/events",
                         ("event-type", "event-sub-topic"), base_cost=3)
