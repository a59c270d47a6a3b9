"""Ticket tags: co-organizers tag their event's tickets; the public reads tags of visible events."""

import pytest
from sqlalchemy import func, select

from openevent.ticket_tags.models import TicketTag, ticket_tagging

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule import factories as f
from ..schedule.http import delete, doc, patch, pointer_of, post, to_many
from ..schedule.test_query_counts import assert_bounded


async def count(db) -> int:
    return await db.scalar(select(func.count()).select_from(TicketTag).where(TicketTag.deleted_at.is_(None)))


async def ids(client, path, user=None) -> list[str]:
    response = await client.get(path, headers=auth_header(user) if user else {})
    assert response.status_code == 200, response.text
    return [row["id"] for row in response.json()["data"]]


async def test_organiser_creates_reads_updates_deletes(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    a, b, c = await f.add(db, f.ticket(event, "A"), f.ticket(event, "B"), f.ticket(event, "C"))
    response = await post(client, "ticket-tags", doc("ticket-tag", {"name": " Early "}, event,
                                                     relationships={"tickets": to_many("ticket", [a, b])}), user)
    assert response.status_code == 201, response.text
    tag = response.json()["data"]
    assert tag["attributes"] == {"deleted-at": None, "name": "Early"}
    assert await ids(client, f"/v1/ticket-tags/{tag['id']}/tickets") == [str(a.id), str(b.id)]
    assert await ids(client, f"/v1/tickets/{a.id}/ticket-tags") == [tag["id"]]
    assert await ids(client, f"/v1/events/{event.identifier}/ticket-tags") == [tag["id"]]
    response = await patch(client, f"/v1/ticket-tags/{tag['id']}", doc("ticket-tag", {"name": "Late"}, id_=tag["id"],
                           relationships={"tickets": to_many("ticket", [c])}), user)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["name"] == "Late"
    assert await ids(client, f"/v1/ticket-tags/{tag['id']}/tickets") == [str(c.id)]
    path = f"/v1/ticket-tags/{tag['id']}/relationships/tickets"
    assert (await post(client, path, to_many("ticket", [a, c]), user)).status_code == 204
    assert await ids(client, f"/v1/ticket-tags/{tag['id']}/tickets") == [str(a.id), str(c.id)]
    assert (await delete_body(client, path, to_many("ticket", [c]), user)).status_code == 204
    assert await ids(client, f"/v1/ticket-tags/{tag['id']}/tickets") == [str(a.id)]
    assert (await delete(client, f"/v1/ticket-tags/{tag['id']}", user)).status_code == 200
    assert await ids(client, f"/v1/events/{event.id}/ticket-tags") == []
    assert await ids(client, f"/v1/tickets/{a.id}/ticket-tags") == []
    assert (await client.get(f"/v1/ticket-tags/{tag['id']}")).status_code == 404


async def delete_body(client, path, body, user):
    from ..schedule.http import headers
    return await client.request("DELETE", path, json=body, headers=headers(user))


async def test_tickets_must_belong_to_the_event(client, db):
    event, other = await make_event(db), await make_event(db)
    user = await make_member(db, event, "owner")
    own = await f.add(db, f.ticket(event))
    foreign = await f.add(db, f.ticket(other))
    body = doc("ticket-tag", {"name": "T"}, event, relationships={"tickets": to_many("ticket", [own, foreign])})
    assert pointer_of(await post(client, "ticket-tags", body, user), 422) == "/data/relationships/tickets/data/1"
    assert await count(db) == 0
    tag = await f.add(db, TicketTag(event_id=event.id, name="T"))
    response = await patch(client, f"/v1/ticket-tags/{tag.id}/relationships/tickets", to_many("ticket", [foreign]),
                           user)
    assert pointer_of(response, 422) == "/data/0"
    assert await db.scalar(select(func.count()).select_from(ticket_tagging)) == 0


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({}, "/data/attributes/name"),
    ({"name": " "}, "/data/attributes/name"),
    ({"name": 3}, "/data/attributes/name"),
    ({"name": "A", "color": "red"}, "/data/attributes/color"),
])
async def test_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "ticket-tags", doc("ticket-tag", attributes, event), user), 422) == pointer
    assert pointer_of(await post(client, "ticket-tags", doc("ticket-tag", {"name": "A"}), user), 422) == \
        "/data/relationships/event"
    assert await count(db) == 0


async def test_permission_table(client, db):
    event = await make_event(db)
    ticket = await f.add(db, f.ticket(event))
    users = {"anonymous": None, "outsider": await make_user(db), "admin": await make_user(db, is_admin=True),
             "other owner": await make_member(db, await make_event(db), "owner")}
    for role in ("registrar", "moderator", "track_organizer", "coorganizer", "organizer", "owner"):
        users[role] = await make_member(db, event, role)
    allowed = {"admin", "coorganizer", "organizer", "owner"}
    for who, user in users.items():
        tag = await f.add(db, TicketTag(event_id=event.id, name=who))
        refused = 401 if user is None else 403
        expect = (201, 200, 204, 200) if who in allowed else (refused,) * 4
        got = ((await post(client, "ticket-tags", doc("ticket-tag", {"name": who}, event), user)).status_code,
               (await patch(client, f"/v1/ticket-tags/{tag.id}", doc("ticket-tag", {"name": "X"}, id_=tag.id),
                            user)).status_code,
               (await patch(client, f"/v1/ticket-tags/{tag.id}/relationships/tickets", to_many("ticket", [ticket]),
                            user)).status_code,
               (await delete(client, f"/v1/ticket-tags/{tag.id}", user)).status_code)
        assert got == expect, who


async def test_draft_event_tags_are_hidden(client, db):
    draft = await make_event(db, state="draft")
    tag = await f.add(db, TicketTag(event_id=draft.id, name="T"))
    assert (await client.get(f"/v1/ticket-tags/{tag.id}")).status_code == 404
    assert (await client.get(f"/v1/events/{draft.id}/ticket-tags")).status_code == 404
    team = await make_member(db, draft, "registrar")
    assert (await client.get(f"/v1/ticket-tags/{tag.id}", headers=auth_header(team))).status_code == 200


async def test_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    tickets = [f.ticket(event, f"T{i}", position=i) for i in range(60)]
    await f.add(db, *tickets)
    tags = [TicketTag(event_id=event.id, name=f"Tag {i}", tickets=[tickets[i], tickets[(i + 1) % 60]])
            for i in range(60)]
    await f.add(db, *tags)
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/ticket-tags", ("event", "tickets"),
                         base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/tickets/{tickets[0].id}/ticket-tags", ("tickets",),
                         base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/tickets", ("ticket-tags",), base_cost=3)
