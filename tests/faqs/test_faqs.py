"""FAQs: organisers write an event's FAQ types and FAQs, the public reads those of visible events."""

import pytest
from sqlalchemy import func, select

from openevent.faqs.models import Faq, FaqType

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule.http import delete, doc, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded


async def add(db, *rows):
    db.add_all(rows)
    await db.commit()
    return rows


async def count(db, model=Faq) -> int:
    return await db.scalar(select(func.count()).select_from(model).where(model.deleted_at.is_(None)))


def type_link(faq_type) -> dict:
    return {"faq-type": {"data": None if faq_type is None else {"type": "faq-type", "id": str(faq_type)}}}


async def test_organiser_creates_reads_updates_deletes(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    response = await post(client, "faq-types", doc("faq-type", {"name": "Travel"}, event), user)
    assert response.status_code == 201, response.text
    faq_type = response.json()["data"]
    body = doc("faq", {"question": "Where <i>is</i> it?", "answer": "<p>In <a href=\"https://map.example\">Berlin"
                       "</a></p><script>x()</script>"}, event, relationships=type_link(faq_type["id"]))
    response = await post(client, "faqs", body, user)
    assert response.status_code == 201, response.text
    faq = response.json()["data"]
    assert faq["attributes"] == {"deleted-at": None, "question": "Where <i>is</i> it?",
                                 "answer": '<p>In <a href="https://map.example" rel="noopener noreferrer nofollow">'
                                           'Berlin</a></p>'}
    public = (await client.get(f"/v1/events/{event.identifier}/faqs?include=faq-type")).json()
    assert [f["id"] for f in public["data"]] == [faq["id"]]
    assert public["data"][0]["relationships"]["faq-type"]["data"] == {"type": "faq-type", "id": faq_type["id"]}
    assert [t["id"] for t in (await client.get(f"/v1/events/{event.id}/faq-types")).json()["data"]] == \
        [faq_type["id"]]
    assert [f["id"] for f in (await client.get(f"/v1/faq-types/{faq_type['id']}/faqs")).json()["data"]] == \
        [faq["id"]]
    response = await patch(client, f"/v1/faqs/{faq['id']}",
                           doc("faq", {"answer": "Alexanderplatz"}, id_=faq["id"], relationships=type_link(None)),
                           user)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["answer"] == "Alexanderplatz"
    assert (await client.get(f"/v1/faqs/{faq['id']}/faq-type")).json()["data"] is None
    response = await patch(client, f"/v1/faqs/{faq['id']}/relationships/faq-type",
                           {"data": {"type": "faq-type", "id": faq_type["id"]}}, user)
    assert response.status_code == 204, response.text
    assert (await client.get(f"/v1/faqs/{faq['id']}/faq-type")).json()["data"]["id"] == faq_type["id"]
    assert (await delete(client, f"/v1/faq-types/{faq_type['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/faqs/{faq['id']}/faq-type")).json()["data"] is None
    assert (await delete(client, f"/v1/faqs/{faq['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/faqs")).json()["data"] == []
    assert (await client.get(f"/v1/faqs/{faq['id']}")).status_code == 404


async def test_draft_event_faqs_are_hidden(client, db):
    draft = await make_event(db, state="draft")
    (faq,) = await add(db, Faq(event_id=draft.id, question="Q", answer="A"))
    assert (await client.get(f"/v1/events/{draft.id}/faqs")).status_code == 404
    assert (await client.get(f"/v1/faqs/{faq.id}")).status_code == 404
    team = await make_member(db, draft, "registrar")
    assert (await client.get(f"/v1/faqs/{faq.id}", headers=auth_header(team))).status_code == 200


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({"question": "Q"}, "/data/attributes/answer"),
    ({"answer": "A"}, "/data/attributes/question"),
    ({"question": " ", "answer": "A"}, "/data/attributes/question"),
    ({"question": "Q", "answer": "<script>x</script>"}, "/data/attributes/answer"),
    ({"question": "Q", "answer": 5}, "/data/attributes/answer"),
    ({"question": "Q", "answer": "A", "rank": 1}, "/data/attributes/rank"),
])
async def test_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "faqs", doc("faq", attributes, event), user), 422) == pointer
    assert await count(db) == 0


async def test_faq_type_must_belong_to_the_event(client, db):
    event, other = await make_event(db), await make_event(db)
    user = await make_member(db, event, "owner")
    (foreign,) = await add(db, FaqType(event_id=other.id, name="Other"))
    for link in (foreign.id, 999999, "abc"):
        response = await post(client, "faqs", doc("faq", {"question": "Q", "answer": "A"}, event,
                                                   relationships=type_link(link)), user)
        assert pointer_of(response, 422).startswith("/data/relationships/faq-type"), link
    assert await count(db) == 0
    assert pointer_of(await post(client, "faq-types", doc("faq-type", {"name": "T"}), user), 422) == \
        "/data/relationships/event"


@pytest.mark.parametrize(("type_", "collection", "model", "attributes"), [
    ("faq", "faqs", Faq, {"question": "Q", "answer": "A"}),
    ("faq-type", "faq-types", FaqType, {"name": "N"}),
])
async def test_permission_table(client, db, type_, collection, model, attributes):
    event = await make_event(db)
    users = {"anonymous": None, "outsider": await make_user(db), "admin": await make_user(db, is_admin=True),
             "other owner": await make_member(db, await make_event(db), "owner")}
    for role in ("registrar", "moderator", "track_organizer", "coorganizer", "organizer", "owner"):
        users[role] = await make_member(db, event, role)
    allowed = {"admin", "coorganizer", "organizer", "owner"}
    for who, user in users.items():
        (row,) = await add(db, model(event_id=event.id, **attributes))
        refused = 401 if user is None else 403
        expect = (201, 200, 200) if who in allowed else (refused, refused, refused)
        got = ((await post(client, collection, doc(type_, attributes, event), user)).status_code,
               (await patch(client, f"/v1/{collection}/{row.id}", doc(type_, attributes, id_=row.id),
                            user)).status_code,
               (await delete(client, f"/v1/{collection}/{row.id}", user)).status_code)
        assert got == expect, who


async def test_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    types = await add(db, *(FaqType(event_id=event.id, name=f"T{i}") for i in range(60)))
    await add(db, *(Faq(event_id=event.id, question=f"Q{i}", answer="A", faq_type_id=types[i].id)
                    for i in range(60)))
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/faqs", ("event", "faq-type"), base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/faq-types", ("event", "faqs"), base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/faq-types/{types[0].id}/faqs", ("event",), base_cost=3)
