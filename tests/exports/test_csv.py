"""CSV exports: sessions, speakers, orders, attendees (Open Event columns, formulas defused)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import select

from openevent.exports.csv_export import SESSION_COLUMNS, SPEAKER_COLUMNS, neutralise
from openevent.exports.orders_csv import ATTENDEE_COLUMNS, ORDER_COLUMNS
from tests.factories import auth_header, make_event, make_user

from .factories import local, make_room, make_session, make_session_type, make_speaker, make_track
from .test_api import ROLES, _download, _headers_for, _trigger


@pytest.fixture
async def runner(app):
    runner = app.state.task_runner
    yield runner
    await runner.wait_idle(timeout=10)


@pytest.fixture
async def owner(db, programme):
    from openevent.auth.models import User

    return (await db.execute(select(User).where(User.email == "owner@example.com"))).scalar_one()


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


async def _csv(client, event_id, kind: str, headers, method="POST", **kwargs) -> list[list[str]]:
    task_id = await _trigger(client, f"/v1/events/{event_id}/export/{kind}/csv", headers, method, **kwargs)
    return _rows(await _download(client, task_id, headers))


@pytest.mark.parametrize("value, expected", [
    ("=SUM(A1)", "'=SUM(A1)"), ("+1", "'+1"), ("-1", "'-1"), ("@cmd", "'@cmd"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("a=b", "a=b"), ("", ""), (None, ""), (True, "Yes"), (False, "No"), (Decimal("-5"), "-5.00"), (3, "3"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


async def test_sessions_csv(client, db, runner):
    berlin = "Europe/Berlin"
    owner = await make_user(db)
    event = await make_event(db, owner=owner, timezone=berlin)
    room = await make_room(db, event, "Hall \"A\", 🏛")
    track = await make_track(db, event, "=cmd|' /C calc'!A0")
    talk = await make_session_type(db, event, "Talk", length="00:45")
    ada = await make_speaker(db, event, "Ada", email="ada@example.com", order=1)
    bob = await make_speaker(db, event, "@Bob", email="bob@example.com", order=2)
    await make_session(db, event, "First\nline, \"quoted\" 🎉", starts_at=local(berlin, 2027, 3, 1, 10, 0),
                       minutes=45, speakers=[bob, ada], track_id=track.id, microlocation_id=room.id,
                       session_type_id=talk.id, short_abstract="-1+1", language="en", state="accepted",
                       is_mail_sent=True)
    await make_session(db, event, "Draft idea", starts_at=None, state="draft")
    await make_session(db, event, "Deleted", starts_at=None, deleted=True)
    await db.commit()
    headers = auth_header(owner)

    rows = await _csv(client, event.id, "sessions", headers)
    assert rows[0] == list(SESSION_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["First\nline, \"quoted\" 🎉", "Draft idea"]
    first = dict(zip(SESSION_COLUMNS, rows[1]))
    assert first["Session Starts At"] == "2027-03-01 10:00:00"
    assert first["Session Ends At"] == "2027-03-01 10:45:00"
    assert first["Session Speakers"] == "Ada; @Bob"
    assert first["Speaker Emails"] == "ada@example.com; bob@example.com"
    assert first["Session Track"] == "'=cmd|' /C calc'!A0"
    assert first["Session Abstract Short"] == "'-1+1"
    assert (first["Room"], first["Session Type"], first["Talk Length"]) == ("Hall \"A\", 🏛", "Talk", "00:45")
    assert (first["Status"], first["Email Sent"], first["Language"]) == ("accepted", "Yes", "en")
    draft = dict(zip(SESSION_COLUMNS, rows[2]))
    assert (draft["Session Starts At"], draft["Session Track"], draft["Room"]) == ("", "", "")

    only_drafts = await _csv(client, event.id, "sessions", headers, json={"status": "draft"})
    assert [r[0] for r in only_drafts[1:]] == ["Draft idea"]


async def test_speakers_csv(client, db, runner, programme, owner):
    rows = await _csv(client, programme.event.id, "speakers", auth_header(owner))
    assert rows[0] == list(SPEAKER_COLUMNS)
    by_name = {r[0]: dict(zip(SPEAKER_COLUMNS, r)) for r in rows[1:]}
    assert set(by_name) == {"Ada <Lovelace> & \"Co\" 'x' 🚀", "Grace Hopper"}
    ada = by_name["Ada <Lovelace> & \"Co\" 'x' 🚀"]
    assert (ada["Speaker Email"], ada["Speaker Mobile"]) == ("ada@example.com", "'+49 30 1234567")
    assert "Summer time (accepted)" in ada["Speaker Session(s)"]
    assert "draft session (draft)" in ada["Speaker Session(s)"]
    assert "Deleted session" not in ada["Speaker Session(s)"]
    rejected = await _csv(client, programme.event.id, "speakers", auth_header(owner), json={"status": "rejected"})
    assert [r[0] for r in rejected[1:]] == ["Ada <Lovelace> & \"Co\" 'x' 🚀"]


async def test_bad_status_is_422(client, db, runner):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    for kind in ("sessions", "speakers"):
        response = await client.post(f"/v1/events/{event.id}/export/{kind}/csv", headers=auth_header(owner),
                                      json={"status": "maybe"})
        assert response.status_code == 422
        assert response.json()["errors"][0]["source"] == {"pointer": "/data/attributes/status"}


async def _orders(db, event, buyer_email="buyer@example.com"):
    from openevent.orders.models import AccessCode, Attendee, DiscountCode, Order, OrderTicket
    from openevent.ticketing.models import Ticket

    when = datetime(2027, 1, 1, tzinfo=timezone.utc)
    ticket = Ticket(event_id=event.id, name="+Standard", type="paid", price=Decimal("20"),
                    sales_starts_at=when, sales_ends_at=when)
    free = Ticket(event_id=event.id, name="Free", type="free", price=Decimal("0"), sales_starts_at=when,
                  sales_ends_at=when)
    db.add_all([ticket, free])
    await db.flush()
    discount = DiscountCode(event_id=event.id, code="EARLY", value=Decimal("10"), type="percent")
    access = AccessCode(event_id=event.id, code="=SECRET")
    buyer = await make_user(db, email=buyer_email, first_name="Bea", last_name="=Buyer")
    db.add_all([discount, access])
    await db.flush()
    paid = Order(event_id=event.id, user_id=buyer.id, status="completed", amount=Decimal("36"),
                 payment_mode="stripe", paid_via="stripe", discount_code_id=discount.id, access_code_id=access.id,
                 created_at=datetime(2027, 2, 1, 12, 0, tzinfo=timezone.utc), company="ACME, Inc.",
                 country="DE", city="Berlin", zipcode="10115", address="Street 1\nBack", tax_business_info="DE123")
    anonymous = Order(event_id=event.id, status="pending", amount=Decimal("0"), payment_mode="free",
                      created_at=datetime(2027, 2, 2, 9, 30, tzinfo=timezone.utc))
    db.add_all([paid, anonymous])
    await db.flush()
    db.add_all([OrderTicket(order_id=paid.id, ticket_id=ticket.id, quantity=2, price=Decimal("20")),
                OrderTicket(order_id=anonymous.id, ticket_id=free.id, quantity=1, price=Decimal("0"))])
    db.add_all([
        Attendee(event_id=event.id, order_id=paid.id, ticket_id=ticket.id, price=Decimal("18"), firstname="Ann",
                 lastname="One", email="ann@example.com", is_checked_in=True),
        Attendee(event_id=event.id, order_id=paid.id, ticket_id=ticket.id, price=Decimal("18"), firstname="@Al",
                 lastname="Two", email="al@example.com"),
        Attendee(event_id=event.id, order_id=anonymous.id, ticket_id=free.id, price=Decimal("0"), firstname="Zed"),
    ])
    await db.commit()
    return paid, anonymous


async def test_orders_csv(client, db, runner):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, timezone="Europe/Berlin")
    other = await make_event(db)
    paid, anonymous = await _orders(db, event)
    await _orders(db, other, "other-buyer@example.com")
    rows = await _csv(client, event.id, "orders", auth_header(owner), "GET")
    assert rows[0] == list(ORDER_COLUMNS)
    assert rows[1:] == [
        [f"O{int(paid.created_at.timestamp())}-{paid.id}", "2027-02-01 13:00:00", "completed", "stripe", "stripe",
         "36.00", "2", "EARLY", "'=SECRET", "Bea", "'=Buyer", "buyer@example.com", "DE123", "Street 1\nBack",
         "ACME, Inc.", "DE", "", "Berlin", "10115"],
        [f"O{int(anonymous.created_at.timestamp())}-{anonymous.id}", "2027-02-02 10:30:00", "pending", "", "free",
         "0.00", "1", "", "", "", "", "", "", "", "", "", "", "", ""],
    ]


async def test_attendees_csv(client, db, runner):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, timezone="Europe/Berlin")
    paid, anonymous = await _orders(db, event)
    rows = await _csv(client, event.id, "attendees", auth_header(owner), "GET")
    assert rows[0] == list(ATTENDEE_COLUMNS)
    by_name = {r[15]: dict(zip(ATTENDEE_COLUMNS, r)) for r in rows[1:]}
    assert list(by_name) == ["Ann", "'@Al", "Zed"]
    ann = by_name["Ann"]
    assert (ann["Ticket Name"], ann["Ticket Price"], ann["Ticket Type"], ann["Order Status"], ann["Checked In"]) == \
        ("'+Standard", "18.00", "paid", "completed", "Yes")
    assert by_name["Zed"]["Order#"] == f"O{int(anonymous.created_at.timestamp())}-{anonymous.id}"


async def test_csv_of_an_empty_event_has_only_the_header(client, db, runner):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    for kind, columns in (("sessions", SESSION_COLUMNS), ("speakers", SPEAKER_COLUMNS), ("orders", ORDER_COLUMNS),
                          ("attendees", ATTENDEE_COLUMNS)):
        assert await _csv(client, event.id, kind, auth_header(owner)) == [list(columns)]


CSV_PATHS = [(m, k) for k in ("sessions", "speakers", "orders", "attendees") for m in ("GET", "POST")]
EXPECTED = {"anonymous": 401, "user": 403, "registrar": 403, "track_organizer": 403, "moderator": 403,
            "coorganizer": 200, "organizer": 200, "owner": 200, "admin": 200}


@pytest.mark.parametrize("state", ["published", "draft"])
async def test_csv_permission_table(client, db, runner, state):
    event = await make_event(db, state=state)
    expected = {**EXPECTED, "user": 404} if state == "draft" else EXPECTED
    headers = {who: await _headers_for(db, event, who) for who in ROLES}
    seen = {}
    for method, kind in CSV_PATHS:
        for who in ROLES:
            response = await client.request(method, f"/v1/events/{event.identifier}/export/{kind}/csv",
                                            headers=headers[who])
            seen[(method, kind, who)] = response.status_code
    assert seen == {(m, k, who): expected[who] for m, k in CSV_PATHS for who in ROLES}
