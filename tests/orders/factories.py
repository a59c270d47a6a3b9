"""Rows for ticketing/orders tests: tickets, codes and orders (through the real service where it matters)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from openevent.core.db import utcnow
from openevent.orders.models import AccessCode, DiscountCode, Order, OrderTicket
from openevent.ticketing.models import Ticket

from ..factories import auth_header, make_event

JSONAPI = "application/vnd.api+json"


async def add(db, *rows):
    db.add_all(rows)
    await db.commit()
    return rows[0] if len(rows) == 1 else rows


async def selling_event(db, *, owner=None, **fields):
    """A published event in the future whose tickets are on sale now, which can take payments."""
    now = utcnow().replace(microsecond=0)
    values = {"starts_at": now + timedelta(days=30), "ends_at": now + timedelta(days=32),
              "timezone": "Europe/Berlin", "can_pay_by_bank": True}
    values.update(fields)
    return await make_event(db, owner=owner, **values)


def ticket(event, name: str = "Standard", *, price="10.00", type_: str = "paid", quantity: int = 100,
           **fields) -> Ticket:
    now = utcnow().replace(microsecond=0)
    values = {"sales_starts_at": now - timedelta(days=1), "sales_ends_at": event.ends_at - timedelta(hours=1),
              "min_order": 1, "max_order": 10, "position": 1}
    values.update(fields)
    return Ticket(event_id=event.id, name=name, type=type_, price=Decimal(price), quantity=quantity, **values)


def discount(event, code: str = "SAVE10", *, value="10", type_: str = "percent", tickets=(), **fields):
    values = {"is_active": True, "used_for": "ticket"}
    values.update(fields)
    row = DiscountCode(event_id=event.id, code=code, value=Decimal(value), type=type_, **values)
    row.tickets = list(tickets)
    return row


def access(event, code: str = "VIP", *, tickets=(), **fields):
    values = {"valid_from": utcnow() - timedelta(days=1), "is_active": True}
    values.update(fields)
    row = AccessCode(event_id=event.id, code=code, **values)
    row.tickets = list(tickets)
    return row


async def held_order(db, event, ticket_, quantity: int, *, status: str = "placed", user=None, minutes: int = 15):
    """An order holding `quantity` units of the ticket, written directly (no checkout)."""
    now = utcnow()
    order = Order(event_id=event.id, user_id=user.id if user else None, status=status,
                  amount=(ticket_.price or Decimal(0)) * quantity, created_at=now,
                  expires_at=now + timedelta(minutes=minutes) if status in ("initializing", "pending") else None)
    db.add(order)
    await db.flush()
    db.add(OrderTicket(order_id=order.id, ticket_id=ticket_.id, quantity=quantity, price=ticket_.price or 0))
    await db.commit()
    return order


def checkout_body(*lines, **extra):
    body = {"tickets": [{"id": t.id if hasattr(t, "id") else t, "quantity": q, **({"price": p} if p else {})}
                        for t, q, *rest in lines for p in [rest[0] if rest else None]]}
    body.update(extra)
    return body


async def create_order(client, user, body):
    headers = {"Content-Type": "application/json", **auth_header(user)}
    return await client.post("/v1/orders/create-order", json=body, headers=headers)


async def calculate(client, body, user=None):
    headers = {"Content-Type": "application/json", **(auth_header(user) if user else {})}
    return await client.post("/v1/orders/calculate-amount", json=body, headers=headers)


def error_of(response, status):
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["status"] == str(status), errors
    return errors[0]
