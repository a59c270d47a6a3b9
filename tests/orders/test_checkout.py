"""create-order and calculate-amount: server-side amounts, codes, taxes and every refusal with a pointer."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from openevent.core.db import utcnow
from openevent.orders.models import Attendee, Order, OrderTicket, Tax

from ..factories import auth_header, make_member, make_user
from . import factories as f


async def count_rows(db, model) -> int:
    await db.commit()
    return await db.scalar(select(func.count()).select_from(model))


async def test_create_order_prices_on_the_server_and_creates_one_attendee_per_unit(client, db):
    event = await f.selling_event(db)
    standard = await f.add(db, f.ticket(event, "Standard", price="12.50", quantity=10))
    buyer = await make_user(db)
    body = {"tickets": [{"id": str(standard.id), "quantity": 3, "price": "0.01"}], "amount": 1}
    response = await f.create_order(client, buyer, body)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    attrs = data["attributes"]
    assert (attrs["amount"], attrs["status"], attrs["payment-mode"]) == (37.5, "initializing", None)
    assert len(attrs["identifier"]) == 32 and int(attrs["identifier"], 16) >= 0
    created = attrs["created-at"]
    order = await db.get(Order, int(data["id"]))
    assert order.expires_at - order.created_at == timedelta(minutes=15)
    assert order.user_id == buyer.id and created.startswith(str(order.created_at.date()))
    attendees = (await db.execute(select(Attendee).where(Attendee.order_id == order.id))).scalars().all()
    assert [(a.ticket_id, a.price) for a in attendees] == [(standard.id, Decimal("12.50"))] * 3
    assert len({a.secret for a in attendees}) == 3 and all(len(a.secret) >= 32 for a in attendees)
    line = (await db.execute(select(OrderTicket))).scalars().one()
    assert (line.quantity, line.price) == (3, Decimal("12.50"))
    availability = await client.get(f"/v1/events/{event.id}/tickets/availability")
    assert availability.json() == [{"id": standard.id, "name": "Standard", "quantity": 10, "available": 7}]


async def test_calculate_amount_is_public_and_reserves_nothing(client, db):
    event = await f.selling_event(db)
    paid = await f.add(db, f.ticket(event, "Paid", price="20.00", quantity=5))
    gift = await f.add(db, f.ticket(event, "Gift", type_="donation", price="0", min_price=Decimal("5"),
                                    max_price=Decimal("50"), quantity=5))
    response = await f.calculate(client, {"tickets": [{"id": paid.id, "quantity": 2},
                                                      {"id": gift.id, "quantity": 1, "price": 7.5}]})
    assert response.status_code == 200, response.text
    summary = response.json()
    assert (summary["sub-total"], summary["discount"], summary["amount"], summary["tax"]) == (
        "47.50", "0.00", "47.50", None)
    assert [(t["id"], t["quantity"], t["price"], t["sub-total"]) for t in summary["tickets"]] == [
        (paid.id, 2, "20.00", "40.00"), (gift.id, 1, "7.50", "7.50")]
    assert await count_rows(db, Order) == 0


async def test_free_order_costs_nothing_and_is_marked_free(client, db):
    event = await f.selling_event(db)
    free = await f.add(db, f.ticket(event, "Community", type_="free", price="0"))
    response = await f.create_order(client, await make_user(db), {"tickets": [{"id": free.id, "quantity": 2,
                                                                              "price": 99}]})
    assert response.status_code == 201, response.text
    assert (response.json()["data"]["attributes"]["amount"],
            response.json()["data"]["attributes"]["payment-mode"]) == (0.0, "free")


@pytest.mark.parametrize("kind,value,expected_amount,expected_discount", [
    ("percent", "25", 45.0, 15.0),   # 3 x 20 = 60, 25 % off
    ("amount", "5", 45.0, 15.0),     # 5 off each of 3 units
    ("amount", "50", 0.0, 60.0),     # capped at the unit price
])
async def test_discount_codes_take_value_off_each_unit(client, db, kind, value, expected_amount, expected_discount):
    event = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event, price="20.00"))
    await f.add(db, f.discount(event, "SPRING", value=value, type_=kind, tickets=[ticket]))
    response = await f.create_order(client, await make_user(db), {"tickets": [{"id": ticket.id, "quantity": 3}],
                                                                 "discount-code": "SPRING"})
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["amount"], attrs["discount-amount"]) == (expected_amount, expected_discount)
    assert attrs["discount-code-id"] is not None


async def test_discount_applies_only_to_the_codes_tickets(client, db):
    event = await f.selling_event(db)
    a = await f.add(db, f.ticket(event, "A", price="10.00"))
    b = await f.add(db, f.ticket(event, "B", price="30.00"))
    code = await f.add(db, f.discount(event, "HALF", value="50", tickets=[b]))
    body = {"tickets": [{"id": a.id, "quantity": 1}, {"id": b.id, "quantity": 2}], "discount-code": code.id}
    summary = (await f.calculate(client, body)).json()
    assert (summary["sub-total"], summary["discount"], summary["amount"]) == ("70.00", "30.00", "40.00")
    assert [t["discount"] for t in summary["tickets"]] == [None, {"code": "HALF", "amount": "30.00", "units": 2}]


@pytest.mark.parametrize("included,expected_amount,expected_tax", [(False, 110.0, 10.0), (True, 100.0, 9.09)])
async def test_taxes_when_the_event_has_them(client, db, included, expected_amount, expected_tax):
    event = await f.selling_event(db, is_tax_enabled=True)
    ticket = await f.add(db, f.ticket(event, price="50.00"))
    await f.add(db, Tax(event_id=event.id, name="VAT", rate=Decimal("10"), is_tax_included_in_price=included))
    response = await f.create_order(client, await make_user(db), {"tickets": [{"id": ticket.id, "quantity": 2}]})
    attrs = response.json()["data"]["attributes"]
    assert (attrs["amount"], attrs["tax-amount"]) == (expected_amount, expected_tax)


async def test_access_code_unlocks_the_hidden_ticket_it_lists(client, db):
    event = await f.selling_event(db)
    hidden = await f.add(db, f.ticket(event, "Backstage", is_hidden=True, price="100.00"))
    other_hidden = await f.add(db, f.ticket(event, "Crew", is_hidden=True))
    await f.add(db, f.access(event, "VIP", tickets=[hidden]))
    buyer = await make_user(db)
    refused = await f.create_order(client, buyer, {"tickets": [{"id": hidden.id, "quantity": 1}]})
    error = f.error_of(refused, 422)
    assert error["source"] == {"pointer": "/tickets/0/id"} and "does not exist" in error["detail"]
    wrong = await f.create_order(client, buyer, {"tickets": [{"id": other_hidden.id, "quantity": 1}],
                                                 "access-code": "VIP"})
    assert f.error_of(wrong, 422)["detail"] == f"The access code 'VIP' does not unlock ticket {other_hidden.id}."
    response = await f.create_order(client, buyer, {"tickets": [{"id": hidden.id, "quantity": 2}],
                                                    "access-code": "VIP"})
    assert response.status_code == 201, response.text
    assert response.json()["data"]["attributes"]["amount"] == 200.0


async def bad_input_world(db):
    event = await f.selling_event(db)
    other_event = await f.selling_event(db)
    now = utcnow()
    tickets = {
        "ok": f.ticket(event, "OK", quantity=5, max_order=4, min_order=1),
        "pair": f.ticket(event, "Pair", min_order=2, max_order=4),
        "later": f.ticket(event, "Later", sales_starts_at=now + timedelta(days=1)),
        "over": f.ticket(event, "Over", sales_starts_at=now - timedelta(days=3), sales_ends_at=now - timedelta(days=1)),
        "hidden": f.ticket(event, "Hidden", is_hidden=True),
        "gift": f.ticket(event, "Gift", type_="donation", price="0", min_price=Decimal("5"), max_price=Decimal("10")),
        "foreign": f.ticket(other_event, "Foreign"),
        "gone": f.ticket(event, "Gone", deleted_at=now),
    }
    await f.add(db, *tickets.values())
    await f.add(db, f.discount(event, "OLD", valid_till=now - timedelta(days=1)),
                f.discount(event, "USED", tickets_number=1), f.discount(event, "OFF", is_active=False),
                f.discount(event, "THEIRS", tickets=[]))
    await f.held_order(db, event, tickets["ok"], 4)
    return event, tickets


BAD_INPUTS = [
    # (name, body builder, status, pointer, words in the detail)
    ("zero quantity", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 0}]}, 422, "/tickets/0/quantity", "at least 1"),
    ("negative quantity", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": -3}]}, 422, "/tickets/0/quantity",
     "at least 1"),
    ("huge quantity", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 10**12}]}, 422, "/tickets/0/quantity",
     "at most 1000"),
    ("text quantity", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": "many"}]}, 422, "/tickets/0/quantity",
     "must be an integer"),
    ("unknown ticket", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1}, {"id": 999999, "quantity": 1}]},
     422, "/tickets/1/id", "Ticket 999999 does not exist"),
    ("ticket id beyond 32 bits", lambda t: {"tickets": [{"id": 2**40, "quantity": 1}]}, 422, "/tickets/0/id",
     "does not exist"),
    ("code id beyond 32 bits", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1}],
                                          "discount-code": "99999999999"}, 422, "/discount-code", "does not exist"),
    ("deleted ticket", lambda t: {"tickets": [{"id": t["gone"].id, "quantity": 1}]}, 422, "/tickets/0/id",
     "does not exist"),
    ("other event's ticket", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1},
                                                    {"id": t["foreign"].id, "quantity": 1}]},
     422, "/tickets/1/id", "another event"),
    ("sales not started", lambda t: {"tickets": [{"id": t["later"].id, "quantity": 1}]}, 422, "/tickets/0/id",
     "not on sale yet"),
    ("sales ended", lambda t: {"tickets": [{"id": t["over"].id, "quantity": 1}]}, 422, "/tickets/0/id",
     "no longer on sale"),
    ("hidden without code", lambda t: {"tickets": [{"id": t["hidden"].id, "quantity": 1}]}, 422, "/tickets/0/id",
     "does not exist"),
    ("max-order exceeded", lambda t: {"tickets": [{"id": t["pair"].id, "quantity": 5}]}, 422, "/tickets/0/quantity",
     "at most 4 at a time"),
    ("min-order not met", lambda t: {"tickets": [{"id": t["pair"].id, "quantity": 1}]}, 422, "/tickets/0/quantity",
     "at least 2 at a time"),
    ("sold out", lambda t: {"tickets": [{"id": t["pair"].id, "quantity": 2}, {"id": t["ok"].id, "quantity": 2}]},
     409, "/tickets/1/quantity", "Only 1 of ticket"),
    ("donation too small", lambda t: {"tickets": [{"id": t["gift"].id, "quantity": 1, "price": 1}]}, 422,
     "/tickets/0/price", "between 5.00 and 10.00"),
    ("donation without price", lambda t: {"tickets": [{"id": t["gift"].id, "quantity": 1}]}, 422,
     "/tickets/0/price", "donation"),
    ("duplicate lines", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1}, {"id": t["ok"].id, "quantity": 1}]},
     422, "/tickets/1/id", "listed twice"),
    ("no tickets", lambda t: {"tickets": []}, 422, "/tickets", "non-empty list"),
    ("expired code", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1}], "discount-code": "OLD"}, 422,
     "/discount-code", "'OLD' has expired"),
    ("inactive code", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1}], "discount-code": "OFF"}, 422,
     "/discount-code", "'OFF' is not active"),
    ("unknown code", lambda t: {"tickets": [{"id": t["ok"].id, "quantity": 1}], "discount-code": "NOPE"}, 422,
     "/discount-code", "does not exist"),
    ("code quota too small", lambda t: {"tickets": [{"id": t["pair"].id, "quantity": 2}], "discount-code": "USED"},
     409, "/discount-code", "'USED' can be used for 1 tickets only"),
]


@pytest.mark.parametrize("name,build,status,pointer,words", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
async def test_bad_input_names_the_offender_and_leaves_nothing(client, db, name, build, status, pointer, words):
    _, tickets = await bad_input_world(db)
    orders_before = await count_rows(db, Order)
    response = await f.create_order(client, await make_user(db), build(tickets))
    error = f.error_of(response, status)
    assert error["source"] == {"pointer": pointer}
    assert words in error["detail"]
    assert await count_rows(db, Order) == orders_before
    assert await count_rows(db, Attendee) == 0


async def test_used_up_code_is_refused_at_checkout(client, db):
    event = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event))
    await f.add(db, f.discount(event, "ONCE", tickets_number=1))
    buyer = await make_user(db)
    first = await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": 1}], "discount-code": "ONCE"})
    assert first.status_code == 201, first.text
    second = await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": 1}],
                                                  "discount-code": "ONCE"})
    error = f.error_of(second, 409)
    assert (error["source"], error["detail"], error["code"]) == (
        {"pointer": "/discount-code"}, "The discount code 'ONCE' has been used up.", "code_exhausted")


async def test_expired_holds_free_their_stock(client, db):
    event = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event, quantity=2))
    await f.held_order(db, event, ticket, 2, status="initializing", minutes=-1)  # lapsed a minute ago
    availability = await client.get(f"/v1/events/{event.id}/tickets/availability")
    assert availability.json()[0]["available"] == 2
    response = await f.create_order(client, await make_user(db), {"tickets": [{"id": ticket.id, "quantity": 2}]})
    assert response.status_code == 201, response.text


async def test_create_order_needs_a_login_and_a_json_object(client, db):
    event = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event))
    anonymous = await client.post("/v1/orders/create-order", json={"tickets": [{"id": ticket.id, "quantity": 1}]})
    assert f.error_of(anonymous, 401)["detail"] == "Log in to order tickets."
    broken = await f.create_order(client, await make_user(db), ["not", "an", "object"])
    assert f.error_of(broken, 400)["source"] == {"pointer": ""}


async def test_draft_event_tickets_are_not_sold_to_the_public(client, db):
    event = await f.selling_event(db, state="draft")
    ticket = await f.add(db, f.ticket(event))
    response = await f.create_order(client, await make_user(db), {"tickets": [{"id": ticket.id, "quantity": 1}]})
    assert f.error_of(response, 422)["source"] == {"pointer": "/tickets/0/id"}


async def test_huge_ids_in_urls_and_linkage_are_not_found(client, db):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    assert (await client.get("/v1/orders/99999999999", headers=auth_header(owner))).status_code == 404
    body = {"data": {"type": "discount-code", "attributes": {"code": "BIG", "value": 1, "type": "amount"},
                     "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}},
                                       "tickets": {"data": [{"type": "ticket", "id": "99999999999"}]}}}}
    response = await client.post("/v1/discount-codes", json=body,
                                 headers={"Content-Type": "application/vnd.api+json", **auth_header(owner)})
    assert f.error_of(response, 422)["source"]["pointer"].startswith("/data/relationships/tickets/data/0")


ODD_BODIES = [
    {"tickets": [{"id": 1, "quantity": 1.5}]},
    {"tickets": [{"id": 1.0, "quantity": 1}]},
    {"tickets": [{"id": None, "quantity": 1}]},
    {"tickets": [{"id": [], "quantity": 1}]},
    {"tickets": [{"id": 1, "quantity": 1, "price": "NaN"}]},
    {"tickets": [{"id": 1, "quantity": 1, "price": "1e400"}]},
    {"tickets": [{"id": 1, "quantity": 1, "price": True}]},
    {"tickets": [{"id": 1, "quantity": 1}], "discount-code": {"x": 1}},
    {"tickets": [{"id": 1, "quantity": 1}], "discount-code": "a\x00b"},
    {"tickets": [{"id": 1, "quantity": 1}], "access-code": "z" * 5000},
    {"tickets": "all"},
    {"tickets": [1, 2]},
    {"data": {"attributes": ["x"]}},
    {"data": {"type": "order", "attributes": {"tickets": [{"id": 1, "quantity": 1}]}}},
    {},
]


@pytest.mark.parametrize("body", ODD_BODIES)
async def test_odd_bodies_are_client_errors(client, db, body):
    event = await f.selling_event(db)
    await f.add(db, f.ticket(event))
    buyer = await make_user(db)
    for response in (await f.create_order(client, buyer, body), await f.calculate(client, body)):
        assert response.status_code < 500, response.text
        assert response.status_code in (201, 200) or response.json()["errors"][0]["source"]


async def test_odd_url_values_are_client_errors(client, db):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    for url in (f"/v1/events/{event.id}/discount-codes/a%00b", f"/v1/events/{event.id}/access-codes/{'x' * 300}",
                f"/v1/events/{event.id}/attendees/search?q=a%00b", "/v1/orders/a%00b"):
        response = await client.get(url, headers=auth_header(owner))
        assert 400 <= response.status_code < 500, (url, response.text)
