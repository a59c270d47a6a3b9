"""Ticket writes: roles, price rules per type, sales windows in the event's timezone, stock, soft delete,
reordering, availability."""

from datetime import datetime, timezone

import pytest

from openevent.ticketing.models import Ticket

from ..factories import auth_header, make_member, make_user
from ..orders import factories as f

JSONAPI = "application/vnd.api+json"


def ticket_doc(attributes, event=None, id_=None):
    data = {"type": "ticket", "attributes": attributes}
    if id_ is not None:
        data["id"] = str(id_)
    if event is not None:
        data["relationships"] = {"event": {"data": {"type": "event", "id": str(event.id)}}}
    return {"data": data}


def base(**extra):
    values = {"name": "Standard", "type": "paid", "price": "25.00", "quantity": 50,
              "sales-starts-at": "2026-01-01T00:00:00Z", "sales-ends-at": "2027-01-01T00:00:00Z"}
    values.update(extra)
    return values


async def post(client, body, user=None):
    return await client.post("/v1/tickets", json=body, headers={"Content-Type": JSONAPI,
                                                                **(auth_header(user) if user else {})})


async def patch(client, ticket_id, attributes, user):
    return await client.patch(f"/v1/tickets/{ticket_id}", json=ticket_doc(attributes, id_=ticket_id),
                              headers={"Content-Type": JSONAPI, **auth_header(user)})


async def organiser_event(db, **fields):
    values = {"starts_at": datetime(2027, 5, 30, tzinfo=timezone.utc), "ends_at": datetime(2027, 6, 1, tzinfo=timezone.utc)}
    values.update(fields)
    event = await f.selling_event(db, **values)
    return event, await make_member(db, event, "coorganizer")


async def test_coorganizer_creates_a_ticket(client, db):
    event, user = await organiser_event(db)
    response = await post(client, ticket_doc(base(description="Entry", **{"max-order": 4}), event), user)
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["name"], attrs["type"], attrs["price"], attrs["quantity"], attrs["max-order"], attrs["position"]) == (
        "Standard", "paid", 25.0, 50, 4, 1)
    assert attrs["sales-starts-at"] == "2026-01-01T00:00:00+00:00"


@pytest.mark.parametrize("role,status", [("owner", 201), ("organizer", 201), ("coorganizer", 201),
                                         ("registrar", 403), ("track_organizer", 403), (None, 403)])
async def test_who_creates_tickets(client, db, role, status):
    event, _ = await organiser_event(db)
    user = await make_member(db, event, role) if role else await make_user(db)
    response = await post(client, ticket_doc(base(), event), user)
    assert response.status_code == status, response.text


async def test_anonymous_create_is_401(client, db):
    event = await f.selling_event(db)
    assert (await post(client, ticket_doc(base(), event))).status_code == 401


BAD_TICKETS = [
    (base(price=0), "/data/attributes/price"),
    (base(price=None), "/data/attributes/price"),
    (base(price=-1), "/data/attributes/price"),
    (base(type="free", price=5), "/data/attributes/price"),
    (base(type="ticket"), "/data/attributes/type"),
    (base(type="donation", **{"min-price": 10, "max-price": 5}), "/data/attributes/max-price"),
    (base(quantity=0), "/data/attributes/quantity"),
    (base(**{"min-order": 0}), "/data/attributes/min-order"),
    (base(**{"min-order": 5, "max-order": 2}), "/data/attributes/max-order"),
    (base(quantity=3, **{"max-order": 10}), "/data/attributes/max-order"),
    (base(**{"sales-ends-at": "2025-12-31T00:00:00Z"}), "/data/attributes/sales-ends-at"),
    (base(**{"sales-ends-at": "2030-01-01T00:00:00Z"}), "/data/attributes/sales-ends-at"),  # after the event
    (base(name="   "), "/data/attributes/name"),
]


@pytest.mark.parametrize("attributes,pointer", BAD_TICKETS)
async def test_bad_tickets_are_refused_with_a_pointer(client, db, attributes, pointer):
    event, user = await organiser_event(db)
    response = await post(client, ticket_doc(attributes, event), user)
    assert f.error_of(response, 422)["source"] == {"pointer": pointer}


async def test_paid_tickets_need_a_payment_method(client, db):
    event, user = await organiser_event(db, can_pay_by_bank=False)
    refused = await post(client, ticket_doc(base(), event), user)
    assert f.error_of(refused, 422)["source"] == {"pointer": "/data/attributes/type"}
    free = await post(client, ticket_doc(base(type="free", price=None), event), user)
    assert free.status_code == 201 and free.json()["data"]["attributes"]["price"] == 0.0


async def test_sales_times_without_offset_are_read_in_the_event_timezone(client, db):
    event, user = await organiser_event(db)  # Europe/Berlin
    response = await post(client, ticket_doc(base(**{"sales-starts-at": "2026-07-01T10:00:00",
                                                     "sales-ends-at": "2026-07-02T10:00:00"}), event), user)
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert attrs["sales-starts-at"] == "2026-07-01T08:00:00+00:00"  # CEST is UTC+2


async def test_names_are_unique_among_live_tickets(client, db):
    event, user = await organiser_event(db)
    await f.add(db, f.ticket(event, "Standard"))
    response = await post(client, ticket_doc(base(name="standard"), event), user)
    assert f.error_of(response, 409)["source"] == {"pointer": "/data/attributes/name"}


async def test_quantity_cannot_drop_below_what_is_sold(client, db):
    event, user = await organiser_event(db)
    ticket = await f.add(db, f.ticket(event, quantity=10, max_order=5))
    await f.held_order(db, event, ticket, 6)
    refused = await patch(client, ticket.id, {"quantity": 5}, user)
    error = f.error_of(refused, 409)
    assert (error["source"], error["detail"]) == ({"pointer": "/data/attributes/quantity"},
                                                  "6 units of this ticket are sold or reserved; 'quantity' cannot be lower.")
    assert (await patch(client, ticket.id, {"quantity": 6}, user)).status_code == 200


async def test_delete_is_refused_while_orders_hold_the_ticket(client, db):
    event, user = await organiser_event(db)
    ticket = await f.add(db, f.ticket(event))
    order = await f.held_order(db, event, ticket, 1, status="initializing")
    refused = await client.delete(f"/v1/tickets/{ticket.id}", headers=auth_header(user))
    assert f.error_of(refused, 409)["detail"].startswith(f"Orders hold 1 units of ticket {ticket.id}")
    order.status = "cancelled"
    await db.commit()
    deleted = await client.delete(f"/v1/tickets/{ticket.id}", headers=auth_header(user))
    assert deleted.status_code == 200, deleted.text
    assert (await client.get(f"/v1/tickets/{ticket.id}")).status_code == 404


async def test_ticket_cannot_move_to_another_event(client, db):
    event, user = await organiser_event(db)
    other = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event))
    body = ticket_doc({"name": "Moved"}, other, ticket.id)
    response = await client.patch(f"/v1/tickets/{ticket.id}", json=body,
                                  headers={"Content-Type": JSONAPI, **auth_header(user)})
    assert f.error_of(response, 422)["source"] == {"pointer": "/data/relationships/event"}


async def test_reorder_sets_many_positions_in_one_request(client, db):
    event, user = await organiser_event(db)
    a, b, c = await f.add(db, f.ticket(event, "A", position=1), f.ticket(event, "B", position=2),
                          f.ticket(event, "C", position=3))
    response = await client.post(f"/v1/events/{event.id}/reorder-tickets", json={"data": [
        {"id": str(c.id), "position": 0}, {"id": str(a.id), "position": 1}, {"id": str(b.id), "position": 2}]},
        headers={"Content-Type": JSONAPI, **auth_header(user)})
    assert response.status_code == 200, response.text
    assert [t["attributes"]["name"] for t in response.json()["data"]] == ["C", "A", "B"]
    listed = await client.get(f"/v1/events/{event.id}/tickets")
    assert [t["attributes"]["name"] for t in listed.json()["data"]] == ["C", "A", "B"]
    bad = await client.post(f"/v1/events/{event.id}/reorder-tickets", json={"data": [
        {"id": str(a.id), "position": 0}, {"id": "999999", "position": 1}]},
        headers={"Content-Type": JSONAPI, **auth_header(user)})
    assert f.error_of(bad, 422)["source"] == {"pointer": "/data/1/id"}
    stranger = await client.post(f"/v1/events/{event.id}/reorder-tickets", json={"data": [
        {"id": str(a.id), "position": 5}]}, headers={"Content-Type": JSONAPI, **auth_header(await make_user(db))})
    assert stranger.status_code == 403
    assert (await db.get(Ticket, a.id, populate_existing=True)).position == 1


async def test_availability_counts_holds_and_hides_hidden_tickets(client, db):
    event, user = await organiser_event(db)
    public = await f.add(db, f.ticket(event, "Public", quantity=10, position=1))
    hidden = await f.add(db, f.ticket(event, "Hidden", quantity=3, is_hidden=True, position=2))
    await f.held_order(db, event, public, 4, status="placed")
    await f.held_order(db, event, public, 2, status="pending")
    await f.held_order(db, event, public, 3, status="cancelled")
    await f.held_order(db, event, hidden, 3, status="completed")
    anonymous = await client.get(f"/v1/events/{event.id}/tickets/availability")
    assert anonymous.json() == [{"id": public.id, "name": "Public", "quantity": 10, "available": 4}]
    team = await client.get(f"/v1/events/{event.identifier}/tickets/availability", headers=auth_header(user))
    assert [t["available"] for t in team.json()] == [4, 0]


async def test_query_count_of_event_tickets_does_not_grow_with_page_size(client, db, count_queries):
    event, user = await organiser_event(db)
    await f.add(db, *[f.ticket(event, f"T{i}", position=i) for i in range(60)])
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(
                f"/v1/events/{event.id}/tickets?page[size]={size}&include=event,discount-codes,access-codes",
                headers=auth_header(user))
        assert response.status_code == 200 and len(response.json()["data"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1]


async def test_ticket_codes_are_listed_to_the_team_only(client, db):
    event, user = await organiser_event(db)
    ticket = await f.add(db, f.ticket(event))
    await f.add(db, f.discount(event, "T", tickets=[ticket]))
    team = await client.get(f"/v1/tickets/{ticket.id}/discount-codes", headers=auth_header(user))
    assert [c["attributes"]["code"] for c in team.json()["data"]] == ["T"]
    public = await client.get(f"/v1/tickets/{ticket.id}/discount-codes")
    assert public.json()["data"] == []


@pytest.mark.parametrize("role,patch_status,delete_status", [
    ("owner", 200, 200), ("organizer", 200, 200), ("coorganizer", 200, 200),
    ("registrar", 403, 403), ("track_organizer", 403, 403), ("moderator", 403, 403), (None, 403, 403),
])
async def test_who_changes_and_deletes_tickets(client, db, role, patch_status, delete_status):
    event, _ = await organiser_event(db)
    ticket = await f.add(db, f.ticket(event))
    user = await make_member(db, event, role) if role else await make_user(db)
    assert (await patch(client, ticket.id, {"description": "new"}, user)).status_code == patch_status
    deleted = await client.delete(f"/v1/tickets/{ticket.id}", headers=auth_header(user))
    assert deleted.status_code == delete_status
