"""Checkout: pricing an order and creating it without ever overselling.

Request (plain JSON, as Open Event clients send it):
    {"tickets": [{"id": 1, "quantity": 2, "price": "15.00"?}, ...],
     "discount-code": <id or code text>?, "access-code": <id or code text>?, "amount": ignored}

Decisions:
- The server computes every amount: the unit price is the ticket's price (0 for free and
  free-registration tickets); only donation tickets take the client's `price`, which must lie in
  [min-price, max-price]. Client `amount`s are ignored.
- Discount codes take `value` off each discounted unit (amount, capped at the unit price) or
  `value` percent of it; they apply to the code's tickets (all of the event's tickets when the code
  lists none). Each discounted unit uses one unit of the code's quota (`tickets-number`).
- Access codes unlock hidden tickets they list; every unit of those tickets uses one unit of the
  code's quota. A hidden ticket without a valid access code listing it is refused.
- Taxes: when the event has tax enabled and a `taxes` row, `rate` percent is added on top of the
  discounted total (or, if included in prices, reported as the included share).
- Every error points into the request (`/tickets/<i>/<member>`, `/discount-code`, `/access-code`)
  and names the ticket or code; nothing is written unless the whole order is accepted.

No overselling: stock and code quotas are checked and reserved in one transaction that first
locks the rows that become less available — the ordered tickets (in id order), then the access
code, then the discount code — so concurrent checkouts of the same tickets queue up while
checkouts of other tickets run in parallel. PostgreSQL: `SELECT ... FOR UPDATE` with a
`lock_timeout`; SQLite: a write statement first, which takes the database's single write lock
(busy timeout). A lock that cannot be had in time is a 503 with Retry-After, never an oversell.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.core.db import utcnow
from openevent.core.signals import emit_after_commit
from openevent.events.models import Event, Setting
from openevent.jsonapi.errors import JsonApiError, unauthorized
from openevent.jsonapi.input import parse_id
from openevent.ticketing.models import Ticket

from .availability import access_code_used, discount_code_used, sold_and_reserved
from .models import AccessCode, Attendee, DiscountCode, Order, OrderTicket, Tax

CENT = Decimal("0.01")
MAX_LINES = 50
MAX_ID = 2**31 - 1  # ids are 32-bit integers; anything larger cannot exist
MAX_UNITS_PER_LINE = 1000
FREE_TYPES = ("free", "freeRegistration")
DONATION_TYPES = ("donation", "donationRegistration")


@dataclass
class CheckoutSwitches:
    """Test and diagnostics switches. `locking=False` exists only so the concurrency canary can
    prove the race is real; `sleep_after_check` widens the race window (seconds)."""

    locking: bool = os.environ.get("OPENEVENT_CHECKOUT_LOCKING", "1") != "0"
    sleep_after_check: float = float(os.environ.get("OPENEVENT_CHECKOUT_SLEEP_AFTER_CHECK", "0") or 0)
    lock_timeout_ms: int = int(os.environ.get("OPENEVENT_CHECKOUT_LOCK_TIMEOUT_MS", "5000") or 5000)


SWITCHES = CheckoutSwitches()
if not SWITCHES.locking:
    logging.getLogger("openevent.orders").warning(
        "OPENEVENT_CHECKOUT_LOCKING=0: checkout locking is OFF, tickets can be oversold (diagnostics only)")


def _error(status: int, detail: str, pointer: str, *, title: str | None = None, code: str | None = None):
    return JsonApiError(status, detail, pointer=pointer, title=title, code=code)


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# -- request parsing ---------------------------------------------------------------------------


@dataclass
class Line:
    index: int
    ticket_id: int
    quantity: int
    price: Decimal | None
    ticket: Ticket | None = None
    unit_price: Decimal = Decimal("0")
    discounted_quantity: int = 0
    unit_discount: Decimal = Decimal("0")

    @property
    def pointer(self) -> str:
        return f"/tickets/{self.index}"

    @property
    def subtotal(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def discount(self) -> Decimal:
        return self.unit_discount * self.discounted_quantity


@dataclass
class CheckoutRequest:
    lines: list[Line]
    discount_code: Any = None
    access_code: Any = None


def _int_member(value: Any, pointer: str, what: str) -> int:
    if isinstance(value, bool):
        raise _error(422, f"{what} must be an integer.", pointer)
    if isinstance(value, int):
        return value
    digits = value.strip().lstrip("-") if isinstance(value, str) else ""
    if digits.isascii() and digits.isdigit() and len(value.strip()) <= 18:
        return int(value.strip())
    raise _error(422, f"{what} must be an integer.", pointer)


def _code_member(body: dict, *names: str) -> tuple[str | None, Any]:
    for name in names:
        if name in body and body[name] not in (None, ""):
            return name, body[name]
    return None, None


def parse_checkout(body: Any) -> CheckoutRequest:
    if isinstance(body, dict) and isinstance(body.get("data"), dict) and "tickets" not in body:
        data = body["data"]
        attributes = data.get("attributes")
        body = attributes if isinstance(attributes, dict) else data  # tolerate a JSON:API-wrapped request
    if not isinstance(body, dict):
        raise _error(400, "The request body must be a JSON object with a 'tickets' list.", "")
    tickets = body.get("tickets")
    if not isinstance(tickets, list) or not tickets:
        raise _error(422, "'tickets' must be a non-empty list of {id, quantity} objects.", "/tickets")
    if len(tickets) > MAX_LINES:
        raise _error(422, f"An order may have at most {MAX_LINES} ticket lines.", "/tickets")
    lines: list[Line] = []
    seen: dict[int, int] = {}
    for i, item in enumerate(tickets):
        pointer = f"/tickets/{i}"
        if not isinstance(item, dict):
            raise _error(422, "Each ticket line must be an object with 'id' and 'quantity'.", pointer)
        if "id" not in item:
            raise _error(422, "The ticket line needs the ticket 'id'.", f"{pointer}/id")
        ticket_id = _int_member(item["id"], f"{pointer}/id", "The ticket id")
        if ticket_id <= 0 or ticket_id > MAX_ID:
            raise _error(422, f"Ticket {ticket_id} does not exist.", f"{pointer}/id")
        if ticket_id in seen:
            raise _error(422, f"Ticket {ticket_id} is listed twice (also at /tickets/{seen[ticket_id]}); "
                              "send one line per ticket with the total quantity.", f"{pointer}/id")
        seen[ticket_id] = i
        quantity = _int_member(item.get("quantity", 1), f"{pointer}/quantity", f"The quantity of ticket {ticket_id}")
        if quantity <= 0:
            raise _error(422, f"The quantity of ticket {ticket_id} must be at least 1 (got {quantity}).",
                         f"{pointer}/quantity")
        if quantity > MAX_UNITS_PER_LINE:
            raise _error(422, f"The quantity of ticket {ticket_id} may be at most {MAX_UNITS_PER_LINE}.",
                         f"{pointer}/quantity")
        price = None
        if item.get("price") is not None:
            raw = item["price"]
            if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
                raise _error(422, f"The price of ticket {ticket_id} must be a number.", f"{pointer}/price")
            try:
                price = Decimal(str(raw))
            except InvalidOperation:
                raise _error(422, f"The price of ticket {ticket_id} must be a number.", f"{pointer}/price") from None
            if not price.is_finite() or price < 0 or price > Decimal("9999999999"):
                raise _error(422, f"The price of ticket {ticket_id} must be a positive amount.", f"{pointer}/price")
        lines.append(Line(index=i, ticket_id=ticket_id, quantity=quantity, price=price))
    _, discount = _code_member(body, "discount-code", "discount_code", "discount-code-id")
    _, access = _code_member(body, "access-code", "access_code", "access-code-id")
    return CheckoutRequest(lines=lines, discount_code=discount, access_code=access)


# -- pricing and rules ---------------------------------------------------------------------------


@dataclass
class Priced:
    event: Event
    lines: list[Line]
    discount_code: DiscountCode | None = None
    access_code: AccessCode | None = None
    tax: Tax | None = None
    sub_total: Decimal = Decimal("0")
    discount: Decimal = Decimal("0")
    tax_amount: Decimal = Decimal("0")
    amount: Decimal = Decimal("0")
    access_units: int = 0
    discount_units: int = 0
    notes: dict = field(default_factory=dict)

    def summary(self) -> dict:
        tickets = []
        for line in self.lines:
            tickets.append({
                "id": line.ticket_id, "name": line.ticket.name, "quantity": line.quantity,
                "price": str(money(line.unit_price)), "sub-total": str(money(line.subtotal)),
                "discount": ({"code": self.discount_code.code, "amount": str(money(line.discount)),
                              "units": line.discounted_quantity} if line.discounted_quantity else None),
            })
        return {
            "tickets": tickets,
            "sub-total": str(money(self.sub_total)),
            "discount": str(money(self.discount)),
            "tax": ({"name": self.tax.name, "rate": str(self.tax.rate), "amount": str(money(self.tax_amount)),
                     "included": self.tax.is_tax_included_in_price} if self.tax is not None else None),
            "amount": str(money(self.amount)),
            "currency": self.event.payment_currency,
        }


def _code_lookup(model, event_id: int, value: Any):
    """A live code of the event by id (number) or by its text."""
    criteria = [model.event_id == event_id, model.deleted_at.is_(None)]
    base = select(model).options(selectinload(model.tickets)).execution_options(populate_existing=True)
    if isinstance(value, int) and not isinstance(value, bool):
        return base.where(model.id == value, *criteria) if 0 < value <= MAX_ID else None
    if isinstance(value, str):
        if "\x00" in value or len(value) > 255:
            return None
        number = parse_id(value, model)
        if number:  # digits may be an id or a code's text: the id wins
            return base.where((model.id == number) | (model.code == value), *criteria).order_by(
                (model.id == number).desc())
        return base.where(model.code == value, *criteria)
    return None


def _check_window(code, now: datetime, pointer: str, label: str) -> None:
    if not code.is_active:
        raise _error(422, f"The {label} {code.code!r} is not active.", pointer)
    if code.valid_from is not None and now < code.valid_from:
        raise _error(422, f"The {label} {code.code!r} is not valid yet.", pointer)
    if code.valid_till is not None and now > code.valid_till:
        raise _error(422, f"The {label} {code.code!r} has expired.", pointer)


async def _load_code(db: AsyncSession, model, event_id: int, value: Any, pointer: str, label: str):
    if value is None:
        return None
    stmt = _code_lookup(model, event_id, value)
    code = (await db.execute(stmt.limit(1))).scalars().first() if stmt is not None else None
    if code is None:
        raise _error(422, f"The {label} {value!r} does not exist for this event.", pointer)
    return code


async def price_order(db: AsyncSession, ctx: RequestContext, req: CheckoutRequest, *,
                      now: datetime | None = None) -> Priced:
    """Load and validate the tickets and codes and compute every amount (no writes).

    Stock is not checked here (create_order checks it under the lock)."""
    now = now or utcnow()
    ids = [line.ticket_id for line in req.lines]
    rows = (await db.execute(
        select(Ticket).where(Ticket.id.in_(ids)).options(joinedload(Ticket.event))
        .execution_options(populate_existing=True)
    )).scalars().all()
    by_id = {t.id: t for t in rows}
    event_id = None
    for line in req.lines:
        ticket = by_id.get(line.ticket_id)
        if ticket is None or ticket.deleted_at is not None:
            raise _error(422, f"Ticket {line.ticket_id} does not exist.", f"{line.pointer}/id")
        if event_id is None:
            event_id = ticket.event_id
        elif ticket.event_id != event_id:
            raise _error(422, f"Ticket {ticket.id} ({ticket.name!r}) belongs to another event than the first "
                              "ticket of the order; one order buys tickets of one event.", f"{line.pointer}/id")
        line.ticket = ticket
    event = await db.get(Event, event_id)
    actor = ctx.actor
    is_team = actor.is_staff or actor.has_event_role(event_id, TEAM_ROLES)
    if event is None or event.deleted_at is not None or (event.state != "published" and not is_team):
        first = req.lines[0]
        raise _error(422, f"Ticket {first.ticket_id} does not exist.", f"{first.pointer}/id")

    access = await _load_code(db, AccessCode, event.id, req.access_code, "/access-code", "access code")
    discount = await _load_code(db, DiscountCode, event.id, req.discount_code, "/discount-code", "discount code")
    if access is not None:
        _check_window(access, now, "/access-code", "access code")
    if discount is not None:
        _check_window(discount, now, "/discount-code", "discount code")
        if discount.used_for not in (None, "ticket"):
            raise _error(422, f"The discount code {discount.code!r} is not a ticket discount.", "/discount-code")
    access_ticket_ids = {t.id for t in access.tickets} if access is not None else set()
    discount_ticket_ids = {t.id for t in discount.tickets} if discount is not None else set()

    priced = Priced(event=event, lines=req.lines, discount_code=discount, access_code=access)
    for line in req.lines:
        ticket = line.ticket
        pointer = line.pointer
        label = f"Ticket {ticket.id} ({ticket.name!r})"
        if ticket.is_hidden and ticket.id not in access_ticket_ids:
            if access is None:
                raise _error(422, f"{label} does not exist.", f"{pointer}/id")
            raise _error(422, f"The access code {access.code!r} does not unlock ticket {ticket.id}.", f"{pointer}/id")
        if now < ticket.sales_starts_at:
            raise _error(422, f"{label} is not on sale yet (sales start {ticket.sales_starts_at.isoformat()}).",
                         f"{pointer}/id")
        if now > ticket.sales_ends_at:
            raise _error(422, f"{label} is no longer on sale (sales ended {ticket.sales_ends_at.isoformat()}).",
                         f"{pointer}/id")
        if ticket.min_order and line.quantity < ticket.min_order:
            raise _error(422, f"{label} must be bought at least {ticket.min_order} at a time.",
                         f"{pointer}/quantity")
        if ticket.max_order and line.quantity > ticket.max_order:
            raise _error(422, f"{label} may be bought at most {ticket.max_order} at a time.", f"{pointer}/quantity")
        if ticket.quantity is not None and line.quantity > ticket.quantity:
            raise _error(409, f"Only {ticket.quantity} of {label} exist.", f"{pointer}/quantity",
                         code="sold_out")
        line.unit_price = _unit_price(ticket, line, label)
        if ticket.id in access_ticket_ids:
            priced.access_units += line.quantity
        if discount is not None and (not discount_ticket_ids or ticket.id in discount_ticket_ids):
            line.discounted_quantity = line.quantity
            line.unit_discount = _unit_discount(discount, line.unit_price)
            priced.discount_units += line.quantity

    if access is not None:
        if not access_ticket_ids & set(ids):
            raise _error(422, f"The access code {access.code!r} does not apply to any ticket of this order.",
                         "/access-code")
        _check_code_quantity(access, priced.access_units, "/access-code", "access code")
    if discount is not None:
        if priced.discount_units == 0:
            raise _error(422, f"The discount code {discount.code!r} does not apply to any ticket of this order.",
                         "/discount-code")
        _check_code_quantity(discount, priced.discount_units, "/discount-code", "discount code")

    priced.sub_total = sum((line.subtotal for line in req.lines), Decimal("0"))
    priced.discount = sum((money(line.discount) for line in req.lines), Decimal("0"))
    net = max(priced.sub_total - priced.discount, Decimal("0"))
    if event.is_tax_enabled:
        priced.tax = (await db.execute(select(Tax).where(Tax.event_id == event.id))).scalars().first()
    if priced.tax is not None and priced.tax.rate:
        rate = priced.tax.rate / Decimal(100)
        if priced.tax.is_tax_included_in_price:
            priced.tax_amount = money(net - net / (1 + rate))
            priced.amount = money(net)
        else:
            priced.tax_amount = money(net * rate)
            priced.amount = money(net + priced.tax_amount)
    else:
        priced.amount = money(net)
    return priced


def _unit_price(ticket: Ticket, line: Line, label: str) -> Decimal:
    if ticket.type in FREE_TYPES:
        return Decimal("0")
    if ticket.type in DONATION_TYPES:
        low = ticket.min_price or Decimal("0")
        high = ticket.max_price
        if line.price is None:
            raise _error(422, f"{label} is a donation: send the 'price' you want to give "
                              f"(at least {money(low)}" + (f", at most {money(high)})." if high is not None else ")."),
                         f"{line.pointer}/price")
        if line.price < low or (high is not None and line.price > high):
            bounds = f"between {money(low)} and {money(high)}" if high is not None else f"at least {money(low)}"
            raise _error(422, f"The donation for {label} must be {bounds}.", f"{line.pointer}/price")
        return money(line.price)
    return money(ticket.price or Decimal("0"))


def _unit_discount(code: DiscountCode, unit_price: Decimal) -> Decimal:
    if code.type == "percent":
        return money(unit_price * min(code.value, Decimal(100)) / Decimal(100))
    return min(money(code.value), unit_price)


def _check_code_quantity(code, units: int, pointer: str, label: str) -> None:
    if code.min_quantity and units < code.min_quantity:
        raise _error(422, f"The {label} {code.code!r} needs at least {code.min_quantity} tickets in the order.",
                     pointer)
    if code.max_quantity and units > code.max_quantity:
        raise _error(422, f"The {label} {code.code!r} applies to at most {code.max_quantity} tickets per order.",
                     pointer)
    if code.tickets_number is not None and units > code.tickets_number:
        raise _error(409, f"The {label} {code.code!r} can be used for {code.tickets_number} tickets only.", pointer,
                     code="code_exhausted")


# -- creating the order under the lock --------------------------------------------------------------


class LockTimeout(JsonApiError):
    def __init__(self) -> None:
        super().__init__(503, "Too many people are buying these tickets right now; nothing was reserved. "
                              "Please try again in a moment.", title="Checkout busy", code="lock_timeout",
                         headers={"Retry-After": "1"})


def _is_lock_error(exc: DBAPIError) -> bool:
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None) or getattr(getattr(orig, "__cause__", None), "sqlstate", None)
    if sqlstate in ("55P03", "40P01", "57014"):  # lock_not_available, deadlock, statement timeout
        return True
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


async def lock_stock(db: AsyncSession, ticket_ids: list[int]) -> dict[int, int | None] | None:
    """Take the checkout lock of these tickets and return their current {id: quantity} (live tickets).

    PostgreSQL: the ticket rows FOR UPDATE, in id order. SQLite: the first write of a transaction
    takes the database's single write lock, held until commit. Every code path that makes stock or
    a code quota less available calls this once per transaction, before locking code rows, so
    concurrent checkouts cannot deadlock. With locking switched off (canary only) nothing is locked."""
    ids = sorted(set(ticket_ids))
    stmt = select(Ticket.id, Ticket.quantity).where(Ticket.id.in_(ids), Ticket.deleted_at.is_(None)).order_by(Ticket.id)
    if SWITCHES.locking:
        if db.bind.dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        else:
            await db.execute(update(Ticket).where(Ticket.id.in_(ids)).values(quantity=Ticket.quantity))
    return {row.id: row.quantity for row in await db.execute(stmt)}


_EXPIRY_CACHE: dict[str, Any] = {"minutes": None, "at": 0.0}
EXPIRY_CACHE_SECONDS = 30.0


async def order_expiry_minutes(db: AsyncSession, *, cached: bool = False) -> int:
    """The admin setting `order-expiry-time` (minutes an unpaid order holds its tickets).

    Checkout reads it through a 30-second per-process cache (one query less per order in a rush);
    a changed setting applies to new orders within 30 seconds."""
    now = time.monotonic()
    if cached and _EXPIRY_CACHE["minutes"] is not None and now - _EXPIRY_CACHE["at"] < EXPIRY_CACHE_SECONDS:
        return _EXPIRY_CACHE["minutes"]
    minutes = await db.scalar(select(Setting.order_expiry_time).where(Setting.id == 1))
    _EXPIRY_CACHE.update(minutes=int(minutes or 15), at=now)
    return _EXPIRY_CACHE["minutes"]


async def create_order(db: AsyncSession, ctx: RequestContext, req: CheckoutRequest) -> Order:
    """Validate, lock, check stock and quotas, and insert the order with one attendee per unit.

    Commits (which releases the locks) and returns the stored order. Raises JsonApiError (nothing
    written) on any refusal.

    Everything that does not need the lock (parsing, loading and validating tickets and codes,
    pricing, building the rows) happens first; the locked section is as short as possible: lock
    the ticket rows (re-reading their quantity), lock quota'd code rows (re-reading their quota),
    count what is taken, insert. On PostgreSQL the inserts are one statement.
    """
    if not ctx.actor.authenticated:
        raise unauthorized("Log in to order tickets.")
    now = utcnow()
    priced = await price_order(db, ctx, req, now=now)
    expiry = await order_expiry_minutes(db, cached=True)
    postgres = db.bind.dialect.name == "postgresql"
    order_id = None
    if postgres:
        # READ COMMITTED: every statement after the lock sees every order committed before it, so the
        # transaction that did the reads above can go on. One round trip: the order id and the lock
        # timeout of this transaction.
        order_id = await db.scalar(text(
            "SELECT nextval(pg_get_serial_sequence('orders', 'id')) "
            "FROM (SELECT set_config('lock_timeout', :timeout, true)) AS _lock_timeout"),
            {"timeout": f"{int(SWITCHES.lock_timeout_ms)}ms"})
    else:
        # SQLite: no read snapshot may be open when the write lock is taken
        await db.commit()
    rows = _order_rows(priced, ctx, now, expiry, order_id)
    try:
        await _check_stock_locked(db, priced, req)
        order_id = await _insert_order(db, rows, postgres)
        emit_after_commit(db, "order.changed", event_id=rows["order"]["event_id"], order_id=order_id,
                          status=rows["order"]["status"], previous_status=None)
        await db.commit()
    except DBAPIError as exc:
        await db.rollback()
        if _is_lock_error(exc):
            raise LockTimeout() from None
        raise
    except BaseException:
        await db.rollback()
        raise
    # the stored order, as inserted (no query needed to answer)
    order = Order(**{**rows["order"], "id": order_id})
    return order


async def _check_stock_locked(db: AsyncSession, priced: Priced, req: CheckoutRequest) -> None:
    ticket_ids = [line.ticket_id for line in req.lines]
    quantities = await lock_stock(db, ticket_ids)
    codes = []  # (row, units, used_fn, pointer, label, fresh quota)
    for code, model, units, used_fn, pointer, label in (
        (priced.access_code, AccessCode, priced.access_units, access_code_used, "/access-code", "access code"),
        (priced.discount_code, DiscountCode, priced.discount_units, discount_code_used, "/discount-code",
         "discount code"),
    ):
        if code is None:
            continue
        stmt = select(model.tickets_number, model.is_active, model.deleted_at).where(model.id == code.id)
        if SWITCHES.locking and db.bind.dialect.name == "postgresql" and code.tickets_number is not None:
            stmt = stmt.with_for_update()
        fresh = (await db.execute(stmt)).one()
        if fresh.deleted_at is not None or not fresh.is_active:
            raise _error(422, f"The {label} {code.code!r} is no longer valid.", pointer)
        if fresh.tickets_number is not None:
            codes.append((code, units, used_fn, pointer, label, fresh.tickets_number))

    now = utcnow()
    taken = await sold_and_reserved(db, ticket_ids, now)
    for line in req.lines:
        ticket = line.ticket
        if ticket.id not in quantities:  # deleted while we were pricing
            raise _error(422, f"Ticket {ticket.id} does not exist.", f"{line.pointer}/id")
        quantity = quantities[ticket.id]
        if quantity is None:
            continue
        left = max(quantity - taken.get(ticket.id, 0), 0)
        if line.quantity > left:
            detail = (f"Ticket {ticket.id} ({ticket.name!r}) is sold out." if left == 0 else
                      f"Only {left} of ticket {ticket.id} ({ticket.name!r}) are left; {line.quantity} were asked.")
            raise _error(409, detail, f"{line.pointer}/quantity", title="Not enough tickets", code="sold_out")
    for code, units, used_fn, pointer, label, quota in codes:
        left = max(quota - await used_fn(db, code.id, now), 0)
        if units > left:
            detail = (f"The {label} {code.code!r} has been used up." if left == 0 else
                      f"The {label} {code.code!r} can be used for {left} more tickets only; this order needs {units}.")
            raise _error(409, detail, pointer, title="Code used up", code="code_exhausted")
    if SWITCHES.sleep_after_check:
        await asyncio.sleep(SWITCHES.sleep_after_check)


def _order_rows(priced: Priced, ctx: RequestContext, now: datetime, expiry: int, order_id: int | None) -> dict:
    order = {
        "identifier": uuid.uuid4().hex, "event_id": priced.event.id, "user_id": ctx.actor.user_id,
        "status": "initializing", "amount": priced.amount, "discount_amount": priced.discount,
        "tax_amount": priced.tax_amount,
        "discount_code_id": priced.discount_code.id if priced.discount_code else None,
        "access_code_id": priced.access_code.id if priced.access_code else None,
        "payment_mode": "free" if priced.amount == 0 else None, "is_billing_enabled": False,
        "created_at": now, "expires_at": now + timedelta(minutes=expiry),
    }
    if order_id is not None:
        order["id"] = order_id
    lines = [{"ticket_id": line.ticket_id, "quantity": line.quantity, "price": money(line.unit_price),
              "discounted_quantity": line.discounted_quantity, "unit_discount": line.unit_discount}
             for line in priced.lines]
    access_ids = {t.id for t in priced.access_code.tickets} if priced.access_code else set()
    attendees = []
    for line in priced.lines:
        for unit in range(line.quantity):
            discounted = unit < line.discounted_quantity
            attendees.append({
                "event_id": priced.event.id, "ticket_id": line.ticket_id,
                "identifier": uuid.uuid4().hex, "secret": secrets.token_urlsafe(24), "created_at": now,
                "modified_at": now, "price": money(line.unit_price - (line.unit_discount if discounted else 0)),
                "is_discount_applied": discounted, "is_access_code_applied": line.ticket_id in access_ids,
                "is_checked_in": False, "is_checked_out": False, "is_registered": False,
                "is_badge_printed": False, "is_consent_of_refund_policy": False,
            })
    return {"order": order, "lines": lines, "attendees": attendees}


async def _insert_order(db: AsyncSession, rows: dict, postgres: bool) -> int:
    if postgres:
        # one statement: the order, its lines and its attendees (data-modifying CTEs)
        order_id = rows["order"]["id"]
        new_order = insert(Order.__table__).values(**rows["order"]).cte("new_order")
        new_lines = insert(OrderTicket.__table__).values(
            [{"order_id": order_id, **line} for line in rows["lines"]]).cte("new_lines")
        statement = insert(Attendee.__table__).values(
            [{"order_id": order_id, **a} for a in rows["attendees"]]).add_cte(new_order).add_cte(new_lines)
        await db.execute(statement)
        return order_id
    order_id = (await db.execute(insert(Order.__table__).values(**rows["order"]))).inserted_primary_key[0]
    await db.execute(insert(OrderTicket.__table__), [{"order_id": order_id, **line} for line in rows["lines"]])
    await db.execute(insert(Attendee.__table__), [{"order_id": order_id, **a} for a in rows["attendees"]])
    return order_id
