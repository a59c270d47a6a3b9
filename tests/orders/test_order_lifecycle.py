"""The server-owned order status machine, buyer edits, expiry, and who sees which orders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from openevent.core.db import utcnow
from openevent.orders.models import Order
from openevent.orders.service import expire_orders
from openevent.tasks.periodic import PERIODIC_JOBS

from ..factories import auth_header, make_member, make_user
from . import factories as f

JSONAPI = "application/vnd.api+json"


async def bought(client, db, *, price="10.00", type_="paid", quantity=2, stock=5):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    ticket = await f.add(db, f.ticket(event, price=price, type_=type_, quantity=stock))
    buyer = await make_user(db)
    response = await f.create_order(client, buyer, {"tickets": [{"id": ticket.id, "quantity": quantity}]})
    assert response.status_code == 201, response.text
    return event, owner, ticket, buyer, response.json()["data"]


async def patch_order(client, identifier, order_id, attributes, user=None):
    body = {"data": {"type": "order", "id": str(order_id), "attributes": attributes}}
    headers = {"Content-Type": JSONAPI, **(auth_header(user) if user else {})}
    return await client.patch(f"/v1/orders/{identifier}", json=body, headers=headers)


async def available(client, event) -> int:
    return (await client.get(f"/v1/events/{event.id}/tickets/availability")).json()[0]["available"]


async def test_buyer_reads_the_order_by_identifier_with_its_attendees_tickets_and_event(client, db):
    event, _, ticket, buyer, data = await bought(client, db)
    identifier = data["attributes"]["identifier"]
    response = await client.get(f"/v1/orders/{identifier}?include=attendees,tickets,event", headers=auth_header(buyer))
    assert response.status_code == 200, response.text
    doc = response.json()
    assert doc["data"]["id"] == data["id"]
    assert sorted((r["type"], r["id"]) for r in doc["included"] if r["type"] != "attendee") == sorted(
        [("ticket", str(ticket.id)), ("event", str(event.id))])
    assert len(doc["data"]["relationships"]["attendees"]["data"]) == 2
    for path, count in (("attendees", 2), ("tickets", 1)):
        related = await client.get(f"/v1/orders/{identifier}/{path}", headers=auth_header(buyer))
        assert related.status_code == 200 and related.json()["meta"]["count"] == count
    related_event = await client.get(f"/v1/orders/{identifier}/event", headers=auth_header(buyer))
    assert related_event.json()["data"]["id"] == str(event.id)


async def test_strangers_and_anonymous_callers_do_not_see_the_order(client, db):
    _, _, _, _, data = await bought(client, db)
    identifier = data["attributes"]["identifier"]
    assert (await client.get(f"/v1/orders/{identifier}", headers=auth_header(await make_user(db)))).status_code == 404
    assert (await client.get(f"/v1/orders/{identifier}")).status_code == 404


async def test_buyer_cancel_frees_the_tickets_at_once(client, db):
    event, _, _, buyer, data = await bought(client, db)
    assert await available(client, event) == 3
    response = await patch_order(client, data["attributes"]["identifier"], data["id"],
                                 {"status": "cancelled", "cancel-note": "changed plans"}, buyer)
    assert response.status_code == 200, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["status"], attrs["cancel-note"]) == ("cancelled", "changed plans")
    assert attrs["cancelled-at"] is not None
    assert await available(client, event) == 5
    again = await patch_order(client, data["attributes"]["identifier"], data["id"], {"status": "pending"}, buyer)
    assert f.error_of(again, 409)["source"] == {"pointer": "/data/attributes/status"}


async def test_buyer_fills_billing_but_cannot_set_amounts_or_complete_a_paid_order(client, db):
    _, _, _, buyer, data = await bought(client, db)
    identifier = data["attributes"]["identifier"]
    response = await patch_order(client, identifier, data["id"], {
        "amount": 0.01, "transaction-id": "fake", "is-billing-enabled": True, "company": "ACME", "city": "Berlin",
        "payment-mode": "bank"}, buyer)
    assert response.status_code == 200, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["amount"], attrs["transaction-id"], attrs["company"], attrs["city"], attrs["payment-mode"]) == (
        20.0, None, "ACME", "Berlin", "bank")
    for status in ("completed", "placed", "expired"):
        refused = await patch_order(client, identifier, data["id"], {"status": status}, buyer)
        error = f.error_of(refused, 422)
        assert error["source"] == {"pointer": "/data/attributes/status"}
    bogus = await patch_order(client, identifier, data["id"], {"payment-mode": "gold"}, buyer)
    assert f.error_of(bogus, 422)["source"] == {"pointer": "/data/attributes/payment-mode"}


async def test_buyer_completes_a_free_order(client, db):
    _, _, _, buyer, data = await bought(client, db, price="0", type_="free")
    response = await patch_order(client, data["attributes"]["identifier"], data["id"], {"status": "completed"}, buyer)
    assert response.status_code == 200, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["status"], attrs["expires-at"]) == ("completed", None)
    assert attrs["completed-at"] is not None


async def test_pending_extends_the_hold_by_thirty_minutes(client, db):
    _, _, _, buyer, data = await bought(client, db)
    before = utcnow()
    response = await patch_order(client, data["attributes"]["identifier"], data["id"],
                                 {"status": "pending", "payment-mode": "bank"}, buyer)
    assert response.status_code == 200, response.text
    order = await db.get(Order, int(data["id"]), populate_existing=True)
    assert timedelta(minutes=44) < order.expires_at - before < timedelta(minutes=46)


@pytest.mark.parametrize("role", ["owner", "organizer", "coorganizer", "registrar"])
async def test_organisers_and_registrars_place_and_complete_orders(client, db, role):
    event, _, _, buyer, data = await bought(client, db)
    manager = await make_member(db, event, role)
    identifier = data["attributes"]["identifier"]
    placed = await patch_order(client, identifier, data["id"], {"status": "placed"}, manager)
    assert placed.status_code == 200, placed.text
    assert placed.json()["data"]["attributes"]["expires-at"] is None
    completed = await patch_order(client, identifier, data["id"], {"status": "completed"}, manager)
    attrs = completed.json()["data"]["attributes"]
    assert (attrs["status"], attrs["completed-at"] is not None) == ("completed", True)
    # paid and completed: final for everybody here (refunds go through the payment provider)
    refused = await patch_order(client, identifier, data["id"], {"status": "cancelled"}, manager)
    assert f.error_of(refused, 422)["source"] == {"pointer": "/data/attributes/status"}
    edit = await patch_order(client, identifier, data["id"], {"company": "Late"}, buyer)
    assert f.error_of(edit, 409)["detail"].endswith("only the organisers can change it now.")


@pytest.mark.parametrize("role", ["track_organizer", "moderator"])
async def test_other_team_roles_do_not_manage_orders(client, db, role):
    event, _, _, _, data = await bought(client, db)
    member = await make_member(db, event, role)
    response = await patch_order(client, data["attributes"]["identifier"], data["id"], {"status": "placed"}, member)
    assert response.status_code == 404


async def test_a_lapsed_order_cannot_be_revived_and_the_job_expires_it(client, db):
    event, owner, _, buyer, data = await bought(client, db)
    order = await db.get(Order, int(data["id"]))
    order.expires_at = utcnow() - timedelta(seconds=1)
    await db.commit()
    assert await available(client, event) == 5  # free before the job runs
    for user in (buyer, owner):
        response = await patch_order(client, data["attributes"]["identifier"], data["id"], {"status": "placed"}, user)
        error = f.error_of(response, 409)
        assert error["code"] == "order_expired"
    assert "orders.expire" in PERIODIC_JOBS
    assert await expire_orders(db) == 1
    assert await expire_orders(db) == 0
    status = await db.scalar(select(Order.status).where(Order.id == int(data["id"])))
    assert status == "expired"


async def test_lists_per_event_and_per_user(client, db):
    event, owner, ticket, buyer, data = await bought(client, db)
    other_buyer = await make_user(db)
    second = await f.create_order(client, other_buyer, {"tickets": [{"id": ticket.id, "quantity": 1}]})
    assert second.status_code == 201
    organiser_view = await client.get(f"/v1/events/{event.id}/orders", headers=auth_header(owner))
    assert organiser_view.json()["meta"]["count"] == 2
    buyer_view = await client.get(f"/v1/events/{event.id}/orders", headers=auth_header(buyer))
    assert [o["id"] for o in buyer_view.json()["data"]] == [data["id"]]
    mine = await client.get(f"/v1/users/{buyer.id}/orders", headers=auth_header(buyer))
    assert [o["id"] for o in mine.json()["data"]] == [data["id"]]
    theirs = await client.get(f"/v1/users/{buyer.id}/orders", headers=auth_header(other_buyer))
    assert theirs.status_code == 403
    flat = await client.get("/v1/orders", headers=auth_header(other_buyer))
    assert [o["id"] for o in flat.json()["data"]] == [second.json()["data"]["id"]]


async def test_orders_cannot_be_posted_or_deleted_directly(client, db):
    _, owner, _, _, data = await bought(client, db)
    post = await client.post("/v1/orders", json={"data": {"type": "order", "attributes": {}}},
                             headers={"Content-Type": JSONAPI, **auth_header(owner)})
    assert post.status_code == 405
    delete = await client.delete(f"/v1/orders/{data['attributes']['identifier']}", headers=auth_header(owner))
    assert delete.status_code == 405


async def test_event_with_orders_cannot_be_deleted_permanently(client, db):
    event, owner, _, _, _ = await bought(client, db)
    trashed = await client.delete(f"/v1/events/{event.id}", headers=auth_header(owner))
    assert trashed.status_code == 200, trashed.text
    permanent = await client.delete(f"/v1/events/{event.id}?permanent=true&get_trashed=true", headers=auth_header(owner))
    assert permanent.status_code == 409, permanent.text
    assert "orders" in permanent.json()["errors"][0]["detail"]


async def test_query_count_of_event_orders_does_not_grow_with_page_size(client, db, count_queries):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    ticket = await f.add(db, f.ticket(event, quantity=1000, price="5.00"))
    for _ in range(60):
        await f.held_order(db, event, ticket, 1, user=owner)
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(f"/v1/events/{event.id}/orders?page[size]={size}&include=tickets,event,user",
                                        headers=auth_header(owner))
        assert response.status_code == 200 and len(response.json()["data"]) == size
        counts.append(counter.count)
    assert counts[0] == counts[1]
    assert Decimal(response.json()["data"][0]["attributes"]["amount"]) == Decimal("5")


async def test_the_periodic_runner_expires_lapsed_orders(app, client, db):
    from openevent.tasks.periodic import run_periodic

    _, _, _, _, data = await bought(client, db)
    order = await db.get(Order, int(data["id"]))
    order.expires_at = utcnow() - timedelta(minutes=1)
    await db.commit()
    results = await run_periodic(app.state.sessionmaker, app.state.settings)
    assert results["orders.expire"] == 1
    assert await db.scalar(select(Order.status).where(Order.id == order.id).execution_options(
        populate_existing=True)) == "expired"
