"""No overselling under a rush: many simultaneous create-order requests through a real HTTP server.

The server is uvicorn on a free port in this process (same app, same database); requests go over
TCP with httpx, all fired at once. With locking on, exactly `quantity` units are sold (and exactly
the code quota is used). The canary disables locking and widens the race window after the stock
check (CheckoutSwitches): it must see the oversell, which proves the harness can detect the race
(pretix's concurrency tests do the same).
"""

from __future__ import annotations

import asyncio
import socket
from contextlib import asynccontextmanager

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from openevent.orders import checkout
from openevent.orders.availability import sold_and_reserved
from openevent.orders.models import Order, OrderTicket
from openevent.ticketing.models import Ticket

from ..factories import auth_header, make_user
from . import factories as f

BUYERS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@asynccontextmanager
async def live_server(app):
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off",
                            access_log=False)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(200):
        if server.started:
            break
        await asyncio.sleep(0.02)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=10)


@asynccontextmanager
async def switches(*, locking: bool, sleep_after_check: float = 0.0):
    saved = (checkout.SWITCHES.locking, checkout.SWITCHES.sleep_after_check)
    checkout.SWITCHES.locking, checkout.SWITCHES.sleep_after_check = locking, sleep_after_check
    try:
        yield
    finally:
        checkout.SWITCHES.locking, checkout.SWITCHES.sleep_after_check = saved


async def rush(base_url: str, buyers, body) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=len(buyers) + 5, max_keepalive_connections=len(buyers) + 5)
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as http:
        start = asyncio.Event()

        async def one(user):
            await start.wait()
            return await http.post("/v1/orders/create-order", json=body,
                                   headers={"Content-Type": "application/json", **auth_header(user)})

        tasks = [asyncio.create_task(one(u)) for u in buyers]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


@pytest.fixture
def postgres_only(backend):
    """The concurrency proof needs concurrent writers, which SQLite does not have (single writer)."""
    assert backend.database_url.startswith("postgresql")


async def _setup(db, *, quantity: int, code_quota: int | None = None):
    event = await f.selling_event(db)
    ticket = await f.add(db, f.ticket(event, "Early bird", quantity=quantity, max_order=10))
    code = None
    if code_quota is not None:
        code = await f.add(db, f.discount(event, "RUSH", value="50", tickets=[ticket], tickets_number=code_quota))
    buyers = [await make_user(db) for _ in range(BUYERS)]
    return event, ticket, code, buyers


async def _units_sold(db, ticket_id: int) -> int:
    await db.commit()  # end any read snapshot
    return (await sold_and_reserved(db, [ticket_id]))[ticket_id]


@pytest.mark.postgresql_only
async def test_rush_sells_exactly_the_quantity(app, db, postgres_only):
    event, ticket, _, buyers = await _setup(db, quantity=5)
    async with switches(locking=True, sleep_after_check=0.02), live_server(app) as url:
        responses = await rush(url, buyers, {"tickets": [{"id": ticket.id, "quantity": 1}]})
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] * 5 + [409] * (BUYERS - 5), [r.text for r in responses if r.status_code not in (201, 409)]
    for r in responses:
        if r.status_code == 409:
            error = r.json()["errors"][0]
            assert error["source"] == {"pointer": "/tickets/0/quantity"}
            assert error["code"] == "sold_out"
    assert await _units_sold(db, ticket.id) == 5
    orders = await db.scalar(select(func.count()).select_from(Order).where(Order.event_id == event.id))
    assert orders == 5  # no partial order left by the refused requests


@pytest.mark.postgresql_only
async def test_rush_of_multi_unit_orders_never_exceeds_the_quantity(app, db, postgres_only):
    _, ticket, _, buyers = await _setup(db, quantity=7)
    async with switches(locking=True, sleep_after_check=0.01), live_server(app) as url:
        responses = await rush(url, buyers, {"tickets": [{"id": ticket.id, "quantity": 2}]})
    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * (BUYERS - 3)
    assert await _units_sold(db, ticket.id) == 6


@pytest.mark.postgresql_only
async def test_canary_without_locking_the_race_is_seen(app, db, postgres_only):
    """If this fails, the harness cannot see a race and the tests above prove nothing."""
    oversold = 0
    for _attempt in range(3):
        _, ticket, _, buyers = await _setup(db, quantity=5)
        async with switches(locking=False, sleep_after_check=0.3), live_server(app) as url:
            await rush(url, buyers, {"tickets": [{"id": ticket.id, "quantity": 1}]})
        oversold = await _units_sold(db, ticket.id)
        if oversold > 5:
            break
    assert oversold > 5


@pytest.mark.postgresql_only
async def test_rush_uses_a_discount_code_exactly_its_quota(app, db, postgres_only):
    event, ticket, code, buyers = await _setup(db, quantity=1000, code_quota=3)
    body = {"tickets": [{"id": ticket.id, "quantity": 1}], "discount-code": "RUSH"}
    async with switches(locking=True, sleep_after_check=0.02), live_server(app) as url:
        responses = await rush(url, buyers, body)
    assert sorted(r.status_code for r in responses) == [201] * 3 + [409] * (BUYERS - 3)
    for r in responses:
        if r.status_code == 201:
            assert r.json()["data"]["attributes"]["amount"] == 5.0
        else:
            error = r.json()["errors"][0]
            assert (error["code"], error["source"]) == ("code_exhausted", {"pointer": "/discount-code"})
    used = await db.scalar(select(func.coalesce(func.sum(OrderTicket.discounted_quantity), 0))
                           .join(Order, Order.id == OrderTicket.order_id).where(Order.discount_code_id == code.id))
    assert used == 3


@pytest.mark.postgresql_only
async def test_canary_without_locking_the_code_quota_race_is_seen(app, db, postgres_only):
    used = 0
    for _attempt in range(3):
        _, ticket, code, buyers = await _setup(db, quantity=1000, code_quota=3)
        body = {"tickets": [{"id": ticket.id, "quantity": 1}], "discount-code": "RUSH"}
        async with switches(locking=False, sleep_after_check=0.3), live_server(app) as url:
            await rush(url, buyers, body)
        await db.commit()
        used = await db.scalar(select(func.coalesce(func.sum(OrderTicket.discounted_quantity), 0))
                               .join(Order, Order.id == OrderTicket.order_id).where(Order.discount_code_id == code.id))
        if used > 3:
            break
    assert used > 3


async def test_rush_on_sqlite_is_serialised_too(app, db, backend):
    """The same rush on whichever backend runs: never more than the quantity (SQLite: one writer)."""
    _, ticket, _, buyers = await _setup(db, quantity=4)
    async with switches(locking=True), live_server(app) as url:
        responses = await rush(url, buyers[:12], {"tickets": [{"id": ticket.id, "quantity": 1}]})
    assert sorted(r.status_code for r in responses) == [201] * 4 + [409] * 8, [r.text for r in responses]
    assert await _units_sold(db, ticket.id) == 4


@pytest.mark.postgresql_only
async def test_a_lock_that_cannot_be_had_in_time_is_a_503_and_reserves_nothing(app, db, postgres_only):
    event, ticket, _, buyers = await _setup(db, quantity=5)
    saved = checkout.SWITCHES.lock_timeout_ms
    checkout.SWITCHES.lock_timeout_ms = 200
    async with app.state.engine.connect() as blocker:
        transaction = await blocker.begin()
        await blocker.execute(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())
        try:
            async with live_server(app) as url:
                responses = await rush(url, buyers[:1], {"tickets": [{"id": ticket.id, "quantity": 1}]})
        finally:
            checkout.SWITCHES.lock_timeout_ms = saved
            await transaction.rollback()
    response = responses[0]
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
    error = response.json()["errors"][0]
    assert (error["code"], error["title"]) == ("lock_timeout", "Checkout busy")
    assert "nothing was reserved" in error["detail"]
    assert await _units_sold(db, ticket.id) == 0
    orders = await db.scalar(select(func.count()).select_from(Order).where(Order.event_id == event.id))
    assert orders == 0
