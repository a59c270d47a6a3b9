"""Mails that follow domain changes, subscribed to their signals (the changing code never sends them).

`session.changed` (emitted by the programme domain after a session write) with the payload
    session_id: int, state: str, previous_state: str | None, send_email: bool = True
mails every speaker with an email address when the state *changed* to one of MAILED_STATES
and the writer did not opt out (`send-email: false` in the request). Updates that keep the
state send nothing (Open Event mailed on every update of an accepted session, OES #7155).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from openevent.core.signals import APP_STATE, signal
from openevent.events.models import Event
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
