"""Bounded queries: every list of the orders domain costs the same number of SQL statements at page
sizes 5 and 50, with includes."""

import pytest
from sqlalchemy import update

from openevent.orders.models import Attendee

from ..factories import auth_header, make_member
from . import factories as f


@pytest.fixture
async def big(client, db):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    ticket = await f.add(db, f.ticket(event, quantity=1000, max_order=100, price="3.00"))
    response = await f.create_order(client, owner, {"tickets": [{"id": ticket.id, "quantity": 60}]})
    assert response.status_code == 201, response.text
    identifier = response.json()["data"]["attributes"]["identifier"]
    await db.execute(update(Attendee).values(email="guest@example.com"))
    await db.commit()
    for _ in range(59):
        await f.held_order(db, event, ticket, 1, user=owner)
    await f.add(db, *[f.discount(event, f"D{i}", tickets=[ticket]) for i in range(60)])
    await f.add(db, *[f.access(event, f"A{i}", tickets=[ticket]) for i in range(60)])
    return {"event": event, "owner": owner, "ticket": ticket, "order": identifier}


LISTS = [
    ("/v1/orders", "event,tickets,user,attendees"),
    ("/v1/events/{event}/orders", "tickets,event,discount-code"),
    ("/v1/users/{owner}/orders", "event,attendees"),
    ("/v1/events/{event}/attendees", "order,ticket,event,user"),
    ("/v1/orders/{order}/attendees", "ticket,order"),
    ("/v1/tickets/{ticket}/attendees", "order,event"),
    ("/v1/users/{owner}/attendees", "ticket"),
    ("/v1/events/{event}/attendees/search?q=guest", "order"),
    ("/v1/events/{event}/discount-codes", "tickets,event"),
    ("/v1/events/{event}/access-codes", "tickets,event"),
]


@pytest.mark.parametrize("template,include", LISTS, ids=[t for t, _ in LISTS])
async def test_list_query_count_does_not_grow_with_page_size(client, count_queries, big, template, include):
    url = template.format(event=big["event"].id, owner=big["owner"].id, ticket=big["ticket"].id, order=big["order"])
    separator = "&" if "?" in url else "?"
    counts = []
    for size in (5, 50):
        with count_queries() as counter:
            response = await client.get(f"{url}{separator}page[size]={size}&include={include}",
                                        headers=auth_header(big["owner"]))
        assert response.status_code == 200, response.text
        counts.append((counter.count, len(response.json()["data"])))
    assert [n for _, n in counts] == [5, 50]
    assert counts[0][0] == counts[1][0]
