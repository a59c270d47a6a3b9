"""Mails that follow domain changes, subscribed to their signals (the changing code never sends them).

`session.changed` (emitted by the programme domain after a session write) with the payload
    session_id: int, state: str, previous_state: str | None, send_email: bool = True
mails every speaker with an email address when the state *changed* to one of MAILED_STATES
and the writer did not opt out (`send-email: false` in the request). Updates that keep the
state send nothing (Open Event mailed on every update of an accepted session, OES #7155).

`order.changed` (emitted by the orders domain after a status change) with the payload
    order_id: int, status: str, previous_status: str | None
mails the buyer when the order became completed/placed (confirmation) or cancelled. The mail
is queued in its own transaction after the order's commit: a mail failure never undoes an order
(OES #6327), and the outbox row records the failure.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from openevent.core.signals import APP_STATE, signal
from openevent.auth.models import User
from openevent.events.models import Event
from openevent.orders.models import Order
from openevent.schedule.models import Session

from .service import send_mail

log = logging.getLogger("openevent.mail")

MAILED_STATES = {
    "accepted": "has been accepted",
    "confirmed": "is confirmed",
    "rejected": "has not been accepted",
    "canceled": "has been canceled",
    "withdrawn": "has been withdrawn",
}


def session_state_mail(event: Event, session: Session, speaker_name: str) -> tuple[str, str]:
    phrase = MAILED_STATES[session.state]
    subject = f"Your session \"{session.title}\" at {event.name} {phrase}"
    body = (f"Hello {speaker_name},\n\nyour session \"{session.title}\" at {event.name} {phrase}.\n\n"
            "You can see its details when you log in to your account.\n")
    return subject, body


@signal("session.changed").connect
async def mail_session_state(app_state: Any, *, session_id: int, state: str, previous_state: str | None = None,
                             send_email: bool = True, **_payload: Any) -> None:
    if app_state is None or not send_email or state == previous_state or state not in MAILED_STATES:
        return
    async with app_state.sessionmaker() as db:
        db.info[APP_STATE] = app_state  # the mails are delivered after this commit
        stmt = select(Session).where(Session.id == session_id).options(selectinload(Session.speakers))
        session = (await db.execute(stmt)).scalar()
        if session is None or session.deleted_at is not None or session.state != state:
            return  # gone, or changed again since: the later signal decides
        event = await db.get(Event, session.event_id)
        for speaker in session.speakers:
            if speaker.email and speaker.deleted_at is None:
                subject, body = session_state_mail(event, session, speaker.name)
                await send_mail(db, speaker.email, subject, body, "session_state")
        await db.commit()


ORDER_MAILS = {"completed": "confirmed", "placed": "confirmed", "cancelled": "cancelled"}


def order_mail(event: Event, order: Order, outcome: str) -> tuple[str, str]:
    currency = event.payment_currency or ""
    amount = f"{order.amount:.2f} {currency}".strip()
    if outcome == "confirmed":
        subject = f"Your order for {event.name} is confirmed"
        body = (f"Hello,\n\nthank you: your order {order.identifier} for {event.name} is confirmed.\n"
                f"Amount: {amount}\n\nYour tickets are in your account.\n")
    else:
        subject = f"Your order for {event.name} has been cancelled"
        body = (f"Hello,\n\nyour order {order.identifier} for {event.name} has been cancelled.\n"
                + (f"Note: {order.cancel_note}\n" if order.cancel_note else ""))
    return subject, body


@signal("order.changed").connect
async def mail_order_status(app_state: Any, *, order_id: int, status: str, previous_status: str | None = None,
                            **_payload: Any) -> None:
    outcome = ORDER_MAILS.get(status)
    if app_state is None or outcome is None or ORDER_MAILS.get(previous_status or "") == outcome:
        return
    async with app_state.sessionmaker() as db:
        db.info[APP_STATE] = app_state
        order = await db.get(Order, order_id)
        if order is None or order.status != status or order.user_id is None:
            return
        buyer = await db.get(User, order.user_id)
        if buyer is None or buyer.deleted_at is not None:
            return
        event = await db.get(Event, order.event_id)
        subject, body = order_mail(event, order, outcome)
        await send_mail(db, buyer.email, subject, body, f"order_{outcome}")
        await db.commit()
