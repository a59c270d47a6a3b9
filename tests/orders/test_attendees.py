"""Attendees: who sees them, who edits them when, search and filters, and the check-in hook."""

import json

import pytest

from openevent.orders import hooks
from openevent.orders.models import Attendee

from ..factories import auth_header, make_member, make_user
from . import factories as f

JSONAPI = "application/vnd.api+json"


async def world(client, db, quantity=2):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    ticket = await f.add(db, f.ticket(event, quantity=100))
    buyer = await make_user(db)
    response = await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": quantity}]})
    assert response.status_code == 201, response.text
    order = response.json()["data"]
    listed = await client.get(f"/v1/orders/{order['attributes']['identifier']}/attendees", headers=auth_header(buyer))
    return event, owner, ticket, buyer, order, [a["id"] for a in listed.json()["data"]]


async def patch_attendee(client, attendee_id, attributes, user=None):
    body = {"data": {"type": "attendee", "id": str(attendee_id), "attributes": attributes}}
    headers = {"Content-Type": JSONAPI, **(auth_header(user) if user else {})}
    return await client.patch(f"/v1/attendees/{attendee_id}", json=body, headers=headers)


async def test_buyer_names_the_attendees_while_the_order_is_open(client, db):
    _, _, _, buyer, _, ids = await world(client, db)
    response = await patch_attendee(client, ids[0], {"firstname": "Ada", "lastname": "Lovelace",
                                                     "email": " ada@example.com ", "price": 0}, buyer)
    assert response.status_code == 200, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["firstname"], attrs["lastname"], attrs["email"], attrs["price"]) == (
        "Ada", "Lovelace", "ada@example.com", 10.0)
    bad = await patch_attendee(client, ids[0], {"email": "not-an-email"}, buyer)
    assert f.error_of(bad, 422)["source"] == {"pointer": "/data/attributes/email"}


async def test_after_completion_only_registrars_edit_attendees(client, db):
    event, owner, _, buyer, order, ids = await world(client, db)
    body = {"data": {"type": "order", "id": order["id"], "attributes": {"status": "completed"}}}
    done = await client.patch(f"/v1/orders/{order['attributes']['identifier']}", json=body,
                              headers={"Content-Type": JSONAPI, **auth_header(owner)})
    assert done.status_code == 200, done.text
    refused = await patch_attendee(client, ids[0], {"firstname": "Late"}, buyer)
    assert f.error_of(refused, 409)["detail"].startswith("The order of this attendee is completed")
    registrar = await make_member(db, event, "registrar")
    allowed = await patch_attendee(client, ids[0], {"firstname": "Fixed"}, registrar)
    assert allowed.status_code == 200 and allowed.json()["data"]["attributes"]["firstname"] == "Fixed"


@pytest.mark.parametrize("who,status", [("buyer", 200), ("registrar", 200), ("coorganizer", 200), ("owner", 200),
                                        ("stranger", 404), ("moderator", 404), ("anonymous", 404)])
async def test_who_sees_an_attendee(client, db, who, status):
    event, owner, _, buyer, _, ids = await world(client, db)
    users = {"buyer": buyer, "owner": owner, "stranger": await make_user(db), "anonymous": None}
    user = users[who] if who in users else await make_member(db, event, who)
    response = await client.get(f"/v1/attendees/{ids[0]}", headers=auth_header(user) if user else {})
    assert response.status_code == status, response.text
    if status == 200:
        assert len(response.json()["data"]["attributes"]["secret"]) >= 32


async def test_event_attendee_list_shows_buyers_only_their_own(client, db):
    event, owner, ticket, buyer, _, ids = await world(client, db)
    other = await make_user(db)
    assert (await f.create_order(client, other, {"tickets": [{"id": ticket.id, "quantity": 1}]})).status_code == 201
    everyone = await client.get(f"/v1/events/{event.id}/attendees", headers=auth_header(owner))
    assert everyone.json()["meta"]["count"] == 3
    own = await client.get(f"/v1/events/{event.id}/attendees", headers=auth_header(buyer))
    assert [a["id"] for a in own.json()["data"]] == ids
    per_ticket = await client.get(f"/v1/tickets/{ticket.id}/attendees", headers=auth_header(owner))
    assert per_ticket.json()["meta"]["count"] == 3
    own_of_ticket = await client.get(f"/v1/tickets/{ticket.id}/attendees", headers=auth_header(buyer))
    assert [a["id"] for a in own_of_ticket.json()["data"]] == ids
    anonymous = await client.get(f"/v1/tickets/{ticket.id}/attendees")
    assert anonymous.json()["data"] == []


async def test_filter_and_search_attendees_by_name_email_and_order(client, db):
    event, owner, ticket, buyer, order, ids = await world(client, db)
    await patch_attendee(client, ids[0], {"firstname": "Grace", "lastname": "Hopper", "email": "grace@navy.mil"}, buyer)
    await patch_attendee(client, ids[1], {"firstname": "Alan", "lastname": "Turing", "email": "alan@bletchley.uk"}, buyer)
    headers = auth_header(owner)
    by_email = await client.get(f"/v1/events/{event.id}/attendees", headers=headers,
                                params={"filter": json.dumps([{"name": "email", "op": "ilike", "val": "%navy%"}])})
    assert [a["id"] for a in by_email.json()["data"]] == [ids[0]]
    by_order = await client.get(f"/v1/events/{event.id}/attendees", headers=headers, params={"filter": json.dumps(
        [{"name": "order", "op": "has", "val": {"name": "identifier", "op": "eq",
                                                "val": order["attributes"]["identifier"]}}])})
    assert by_order.json()["meta"]["count"] == 2
    for q, expected in (("hopper", [ids[0]]), ("GRACE HOP", [ids[0]]), ("bletchley", [ids[1]]),
                        (order["attributes"]["identifier"], ids), ("nobody", [])):
        found = await client.get(f"/v1/events/{event.id}/attendees/search", params={"q": q}, headers=headers)
        assert [a["id"] for a in found.json()["data"]] == expected, q
    refused = await client.get(f"/v1/events/{event.id}/attendees/search", params={"q": "x"}, headers=auth_header(buyer))
    assert refused.status_code == 403
    empty = await client.get(f"/v1/events/{event.id}/attendees/search", headers=headers)
    assert f.error_of(empty, 400)["source"] == {"parameter": "q"}


async def test_checkin_members_need_the_checkin_hook(client, db):
    event, owner, _, _, _, ids = await world(client, db)
    refused = await patch_attendee(client, ids[0], {"is-checked-in": True, "checkin-times": "2027-03-01T09:00:00Z"},
                                   owner)
    if hooks.ATTENDEE_PATCH_HOOKS.get("is-checked-in") is None:
        assert f.error_of(refused, 422)["source"]["pointer"] in ("/data/attributes/is-checked-in",
                                                                 "/data/attributes/checkin-times")
    echo = await patch_attendee(client, ids[0], {"is-checked-in": False, "firstname": "Echo"}, owner)
    assert echo.status_code == 200, echo.text  # an echo of the stored check-in state is not a change


async def test_a_registered_hook_receives_the_checkin_members(client, db):
    event, owner, _, _, _, ids = await world(client, db)
    calls = []
    saved = dict(hooks.ATTENDEE_PATCH_HOOKS)

    async def fake_checkin(db_, ctx, attendee, values):
        calls.append((attendee.id, values))
        attendee.is_checked_in = values.get("is-checked-in", attendee.is_checked_in)

    hooks.ATTENDEE_PATCH_HOOKS.clear()
    try:
        hooks.register_attendee_patch_hook(["is-checked-in", "checkin-times"], fake_checkin)
        response = await patch_attendee(client, ids[0], {"is-checked-in": True, "checkin-times": "a"}, owner)
        assert response.status_code == 200, response.text
        assert calls == [(int(ids[0]), {"is-checked-in": True, "checkin-times": "a"})]
        assert response.json()["data"]["attributes"]["is-checked-in"] is True
        unclaimed = await patch_attendee(client, ids[0], {"is-registered": True}, owner)
        assert f.error_of(unclaimed, 422)["source"] == {"pointer": "/data/attributes/is-registered"}
    finally:
        hooks.ATTENDEE_PATCH_HOOKS.clear()
        hooks.ATTENDEE_PATCH_HOOKS.update(saved)
    assert (await db.get(Attendee, int(ids[0]), populate_existing=True)).is_checked_in is True


async def test_attendees_are_not_posted_or_deleted_directly(client, db):
    _, owner, _, _, _, ids = await world(client, db)
    delete = await client.delete(f"/v1/attendees/{ids[0]}", headers=auth_header(owner))
    assert delete.status_code == 405


async def test_query_count_of_event_attendees_does_not_grow_with_page_size(client, db, count_queries):
    event, owner, ticket, buyer, _, _ = await world(client, db, quantity=10)
    for _ in range(6):
        response = await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": 10}]})
        assert response.status_code == 201, response.text
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(
                f"/v1/events/{event.id}/attendees?page[size]={size}&include=order,ticket,event",
                headers=auth_header(owner))
        assert response.status_code == 200 and len(response.json()["data"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1]
