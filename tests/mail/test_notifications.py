"""Session state mails follow the `session.changed` signal: on a state change only, to each speaker
with an email, unless the writer opted out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from openevent.core import signals
from openevent.core.signals import APP_STATE, emit_after_commit
from openevent.mail.models import Mail
from openevent.schedule.models import Session, Speaker

from ..factories import make_event, make_user


async def programme(db, state="accepted"):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, name="PyCon")
    session = Session(event_id=event.id, title="Async all the way", state=state,
                      starts_at=event.starts_at, ends_at=event.starts_at + timedelta(minutes=30))
    session.speakers = [Speaker(event_id=event.id, name="Ada", email="ada@example.com"),
                        Speaker(event_id=event.id, name="No Mail")]
    db.add(session)
    await db.commit()
    return session.id


async def change(app, **payload) -> None:
    async with app.state.sessionmaker() as db:
        db.info[APP_STATE] = app.state
        emit_after_commit(db, "session.changed", **payload)
        await db.commit()
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)


async def test_state_change_mails_the_speakers(app, db):
    session_id = await programme(db)
    await change(app, session_id=session_id, state="accepted", previous_state="pending")
    mails = (await db.execute(select(Mail))).scalars().all()
    assert [(m.recipient, m.kind, m.subject, m.status) for m in mails] == [
        ("ada@example.com", "session_state", 'Your session "Async all the way" at PyCon has been accepted', "sent")]
    assert mails[0].body.startswith("Hello Ada,")


@pytest.mark.parametrize("payload", [
    {"state": "accepted", "previous_state": "accepted"},  # an update that keeps the state
    {"state": "accepted", "previous_state": "pending", "send_email": False},  # opted out
    {"state": "pending", "previous_state": "draft"},  # not a mailed state
    {"state": "rejected", "previous_state": "pending"},  # the stored state moved on meanwhile
])
async def test_no_mail(app, db, payload):
    session_id = await programme(db)
    await change(app, session_id=session_id, **payload)
    assert (await db.execute(select(Mail))).scalars().all() == []


async def order_of(db, status: str):
    from decimal import Decimal

    from openevent.orders.models import Order

    buyer = await make_user(db, email="buyer@example.com")
    event = await make_event(db, owner=buyer, name="PyCon", payment_currency="EUR")
    order = Order(event_id=event.id, user_id=buyer.id, status=status, amount=Decimal("42.50"))
    db.add(order)
    await db.commit()
    return order.id, order.identifier


async def order_changed(app, **payload) -> None:
    async with app.state.sessionmaker() as db:
        db.info[APP_STATE] = app.state
        emit_after_commit(db, "order.changed", **payload)
        await db.commit()
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=10)


async def test_completed_order_mails_a_confirmation_once(app, db):
    order_id, identifier = await order_of(db, "completed")
    await order_changed(app, order_id=order_id, status="completed", previous_status="pending")
    await order_changed(app, order_id=order_id, status="placed", previous_status="completed")  # still confirmed
    mails = (await db.execute(select(Mail))).scalars().all()
    assert [(m.recipient, m.kind, m.subject, m.status) for m in mails] == [
        ("buyer@example.com", "order_confirmed", "Your order for PyCon is confirmed", "sent")]
    assert identifier in mails[0].body and "Amount: 42.50 EUR" in mails[0].body


async def test_cancelled_order_mail_and_no_mail_for_other_states(app, db):
    order_id, _ = await order_of(db, "cancelled")
    await order_changed(app, order_id=order_id, status="pending", previous_status="initializing")
    assert (await db.execute(select(Mail))).scalars().all() == []
    await order_changed(app, order_id=order_id, status="cancelled", previous_status="pending")
    assert [m.kind for m in (await db.execute(select(Mail))).scalars().all()] == ["order_cancelled"]
