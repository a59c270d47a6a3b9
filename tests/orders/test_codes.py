"""Access and discount codes: organiser writes, validation with pointers, and the one-code look-up."""

from datetime import timedelta

import pytest

from openevent.core.db import utcnow

from ..factories import auth_header, make_member, make_user
from . import factories as f

JSONAPI = "application/vnd.api+json"


def code_doc(type_, attributes, event=None, tickets=None, id_=None):
    data = {"type": type_, "attributes": attributes, "relationships": {}}
    if id_ is not None:
        data["id"] = str(id_)
    if event is not None:
        data["relationships"]["event"] = {"data": {"type": "event", "id": str(event.id)}}
    if tickets is not None:
        data["relationships"]["tickets"] = {"data": [{"type": "ticket", "id": str(t.id)} for t in tickets]}
    return {"data": data}


async def post(client, collection, body, user=None):
    return await client.post(f"/v1/{collection}", json=body,
                             headers={"Content-Type": JSONAPI, **(auth_header(user) if user else {})})


async def test_organiser_creates_lists_updates_and_deletes_a_discount_code(client, db):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "coorganizer")
    ticket = await f.add(db, f.ticket(event))
    response = await post(client, "discount-codes", code_doc("discount-code", {
        "code": "EARLY", "value": 15, "type": "percent", "tickets-number": 10, "used-for": "ticket"},
        event, [ticket]), owner)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["attributes"]["code"], data["attributes"]["value"], data["attributes"]["tickets-number"]) == (
        "EARLY", 15.0, 10)
    listed = await client.get(f"/v1/events/{event.id}/discount-codes?include=tickets", headers=auth_header(owner))
    assert [c["id"] for c in listed.json()["data"]] == [data["id"]]
    assert listed.json()["data"][0]["relationships"]["tickets"]["data"] == [{"type": "ticket", "id": str(ticket.id)}]
    patched = await client.patch(f"/v1/discount-codes/{data['id']}", json=code_doc(
        "discount-code", {"value": 20}, id_=data["id"]), headers={"Content-Type": JSONAPI, **auth_header(owner)})
    assert patched.json()["data"]["attributes"]["value"] == 20.0
    deleted = await client.delete(f"/v1/discount-codes/{data['id']}", headers=auth_header(owner))
    assert deleted.status_code == 200
    again = await post(client, "discount-codes", code_doc("discount-code", {"code": "EARLY", "value": 5,
                                                                            "type": "amount"}, event), owner)
    assert again.status_code == 201, again.text  # a deleted code frees its text


BAD_CODES = [
    ({"code": "X", "value": 101, "type": "percent"}, "/data/attributes/value"),
    ({"code": "X", "value": 0, "type": "amount"}, "/data/attributes/value"),
    ({"code": "X", "value": 5, "type": "gift"}, "/data/attributes/type"),
    ({"code": "has space", "value": 5, "type": "amount"}, "/data/attributes/code"),
    ({"code": "X", "value": 5, "type": "amount", "tickets-number": -1}, "/data/attributes/tickets-number"),
    ({"code": "X", "value": 5, "type": "amount", "min-quantity": 5, "max-quantity": 2}, "/data/attributes/max-quantity"),
    ({"code": "X", "value": 5, "type": "amount", "valid-from": "2027-01-02T00:00:00Z",
      "valid-till": "2027-01-01T00:00:00Z"}, "/data/attributes/valid-till"),
]


@pytest.mark.parametrize("attributes,pointer", BAD_CODES)
async def test_bad_discount_codes_are_refused_with_a_pointer(client, db, attributes, pointer):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    response = await post(client, "discount-codes", code_doc("discount-code", attributes, event), owner)
    assert f.error_of(response, 422)["source"] == {"pointer": pointer}


async def test_code_texts_are_unique_per_event_and_tickets_must_be_the_events(client, db):
    event = await f.selling_event(db)
    other = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    foreign = await f.add(db, f.ticket(other, "Foreign"))
    await f.add(db, f.discount(event, "TAKEN"))
    dup = await post(client, "discount-codes", code_doc("discount-code", {"code": "TAKEN", "value": 1,
                                                                          "type": "amount"}, event), owner)
    assert f.error_of(dup, 409)["source"] == {"pointer": "/data/attributes/code"}
    wrong = await post(client, "discount-codes", code_doc("discount-code", {"code": "NEW", "value": 1, "type": "amount"},
                                                          event, [foreign]), owner)
    error = f.error_of(wrong, 422)
    assert (error["source"], error["detail"]) == ({"pointer": "/data/relationships/tickets/data/0"},
                                                  f"Ticket {foreign.id} is not a ticket of this event.")


async def test_access_codes_only_unlock_hidden_tickets(client, db):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    public = await f.add(db, f.ticket(event, "Public"))
    hidden = await f.add(db, f.ticket(event, "Hidden", is_hidden=True))
    refused = await post(client, "access-codes", code_doc("access-code", {"code": "VIP"}, event, [public]), owner)
    assert f.error_of(refused, 422)["source"] == {"pointer": "/data/relationships/tickets/data/0"}
    created = await post(client, "access-codes", code_doc("access-code", {"code": "VIP", "tickets-number": 5},
                                                          event, [hidden]), owner)
    assert created.status_code == 201, created.text


@pytest.mark.parametrize("role,status", [("owner", 201), ("organizer", 201), ("coorganizer", 201),
                                         ("registrar", 403), ("track_organizer", 403), (None, 403)])
async def test_who_creates_codes(client, db, role, status):
    event = await f.selling_event(db)
    user = await make_member(db, event, role) if role else await make_user(db)
    response = await post(client, "discount-codes", code_doc("discount-code", {"code": "R", "value": 1,
                                                                               "type": "amount"}, event), user)
    assert response.status_code == status, response.text


async def test_codes_are_private_to_the_organisers(client, db):
    event = await f.selling_event(db)
    code = await f.add(db, f.discount(event, "SECRET"))
    buyer = await make_user(db)
    assert (await client.get(f"/v1/discount-codes/{code.id}", headers=auth_header(buyer))).status_code == 404
    listed = await client.get(f"/v1/events/{event.id}/discount-codes", headers=auth_header(buyer))
    assert listed.json()["data"] == []


async def test_lookup_reveals_one_valid_code_and_the_same_404_otherwise(client, db):
    event = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event))
    now = utcnow()
    await f.add(db, f.discount(event, "GOOD", value="10", tickets=[ticket], tickets_number=5),
                f.discount(event, "OLD", valid_till=now - timedelta(days=1)),
                f.discount(event, "SOON", valid_from=now + timedelta(days=1)),
                f.discount(event, "OFF", is_active=False),
                f.discount(event, "GONE", tickets_number=1))
    buyer = await make_user(db)
    assert (await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": 1}],
                                                  "discount-code": "GONE"})).status_code == 201
    good = await client.get(f"/v1/events/{event.identifier}/discount-codes/GOOD", headers=auth_header(buyer))
    assert good.status_code == 200, good.text
    data = good.json()["data"]
    assert data["attributes"] == {"code": "GOOD", "value": 10.0, "type": "percent", "valid-from": None,
                                  "valid-till": None, "min-quantity": 1, "max-quantity": None}
    assert data["relationships"]["tickets"]["data"] == [{"type": "ticket", "id": str(ticket.id)}]
    answers = set()
    for code in ("OLD", "SOON", "OFF", "GONE", "NOPE"):
        response = await client.get(f"/v1/events/{event.id}/discount-codes/{code}", headers=auth_header(buyer))
        assert response.status_code == 404
        answers.add(response.json()["errors"][0]["detail"].replace(code, "?"))
    assert len(answers) == 1
    anonymous = await client.get(f"/v1/events/{event.id}/discount-codes/GOOD")
    assert anonymous.status_code == 401


async def test_access_code_lookup_shows_the_hidden_tickets_it_unlocks(client, db):
    event = await f.selling_event(db)
    hidden = await f.add(db, f.ticket(event, "Backstage", is_hidden=True))
    await f.add(db, f.access(event, "CREW", tickets=[hidden]))
    buyer = await make_user(db)
    response = await client.get(f"/v1/events/{event.id}/access-codes/CREW", headers=auth_header(buyer))
    assert response.status_code == 200, response.text
    assert [t["attributes"]["name"] for t in response.json()["included"]] == ["Backstage"]
    public_list = await client.get(f"/v1/events/{event.id}/tickets", headers=auth_header(buyer))
    assert public_list.json()["data"] == []


async def test_buyers_see_the_hidden_ticket_they_bought(client, db):
    event = await f.selling_event(db)
    hidden = await f.add(db, f.ticket(event, "Backstage", is_hidden=True))
    await f.add(db, f.access(event, "CREW", tickets=[hidden]))
    buyer = await make_user(db)
    response = await f.create_order(client, buyer, {"tickets": [{"id": hidden.id, "quantity": 1}],
                                                    "access-code": "CREW"})
    identifier = response.json()["data"]["attributes"]["identifier"]
    tickets = await client.get(f"/v1/orders/{identifier}/tickets", headers=auth_header(buyer))
    assert [t["attributes"]["name"] for t in tickets.json()["data"]] == ["Backstage"]
    stranger = await client.get(f"/v1/tickets/{hidden.id}", headers=auth_header(await make_user(db)))
    assert stranger.status_code == 404


async def test_delete_unused_discount_codes_keeps_the_used_ones(client, db):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    ticket = await f.add(db, f.ticket(event))
    await f.add(db, f.discount(event, "USED"), f.discount(event, "IDLE"), f.discount(event, "IDLE2"))
    buyer = await make_user(db)
    assert (await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": 1}],
                                                  "discount-code": "USED"})).status_code == 201
    refused = await client.delete(f"/v1/events/{event.id}/discount-codes/delete-unused", headers=auth_header(buyer))
    assert refused.status_code == 403
    response = await client.delete(f"/v1/events/{event.id}/discount-codes/delete-unused", headers=auth_header(owner))
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["deleted"] == 2
    listed = await client.get(f"/v1/events/{event.id}/discount-codes", headers=auth_header(owner))
    assert [c["attributes"]["code"] for c in listed.json()["data"]] == ["USED"]


async def test_access_code_quota_is_enforced(client, db):
    event = await f.selling_event(db)
    hidden = await f.add(db, f.ticket(event, "Backstage", is_hidden=True))
    await f.add(db, f.access(event, "TWO", tickets=[hidden], tickets_number=2))
    buyer = await make_user(db)
    body = {"tickets": [{"id": hidden.id, "quantity": 2}], "access-code": "TWO"}
    assert (await f.create_order(client, buyer, body)).status_code == 201
    again = await f.create_order(client, buyer, {**body, "tickets": [{"id": hidden.id, "quantity": 1}]})
    error = f.error_of(again, 409)
    assert (error["source"], error["detail"]) == ({"pointer": "/access-code"},
                                                  "The access code 'TWO' has been used up.")


async def test_guessing_codes_is_rate_limited_per_user(client, db):
    event = await f.selling_event(db)
    await f.add(db, f.discount(event, "REAL"))
    guesser = await make_user(db)
    for i in range(20):
        response = await client.get(f"/v1/events/{event.id}/discount-codes/GUESS{i}", headers=auth_header(guesser))
        assert response.status_code == 404
    blocked = await client.get(f"/v1/events/{event.id}/discount-codes/REAL", headers=auth_header(guesser))
    error = f.error_of(blocked, 429)
    assert int(blocked.headers["Retry-After"]) > 0 and "Too many unknown codes" in error["detail"]
    other = await client.get(f"/v1/events/{event.id}/discount-codes/REAL", headers=auth_header(await make_user(db)))
    assert other.status_code == 200
