"""The mail API for every domain: `await send_mail(db, to, subject, body, kind)`.

The mail is a row of the outbox table written in the caller's transaction, so
it exists exactly when the change that causes it commits (a rolled-back order
sends no confirmation). After commit the signal `mail.queued` starts the
background task `mail.send`, which delivers it through SMTP or into the outbox
file (see transport.py) and records the outcome on the row.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow
from openevent.core.signals import emit_after_commit, signal

from . import transport
from .models import FAILED, QUEUED, SENT, Mail

log = logging.getLogger("openevent.mail")

MAIL_QUEUED = "mail.queued"
MAX_SUBJECT = 500


async def send_mail(db: AsyncSession, to: str, subject: str, body: str, kind: str) -> Mail:
    """Queue a plain-text mail; it is sent in the background once `db` commits. Flushes, never commits."""
    if not to or "\n" in to or "\r" in to:
        raise ValueError(f"invalid recipient {to!r}")
    subject = " ".join(subject.split())[:MAX_SUBJECT]  # no header injection through line breaks
    mail = Mail(recipient=to, subject=subject, body=body, kind=kind, status=QUEUED)
    db.add(mail)
    await db.flush()
    emit_after_commit(db, MAIL_QUEUED, mail_id=mail.id)
    return mail


async def load_setting_row(db: AsyncSession) -> Any | None:
    from openevent.events.models import Setting  # the settings singleton holds the SMTP settings

    return (await db.execute(select(Setting).where(Setting.id == 1))).scalar_one_or_none()


async def deliver_mail(sessionmaker: Any, data_dir: Path, mail_id: int) -> str | None:
    """Send one queued mail and record the outcome; returns its new status (None: not queued)."""
    async with sessionmaker() as db:
        mail = await db.get(Mail, mail_id)
        if mail is None or mail.status != QUEUED:
            return None
        config = transport.config_from(await load_setting_row(db))
        message = transport.build_message(config, to=mail.recipient, subject=mail.subject, body=mail.body,
                                          mail_id=mail.id)
        kind = mail.kind
        await db.rollback()  # no transaction held open while talking to the SMTP server
        try:
            where = await asyncio.to_thread(transport.deliver, config, message, data_dir)
            values = {"status": SENT, "sent_at": utcnow(), "error": None}
            log.info("mail %s (%s) sent via %s", mail_id, kind, where)
        except Exception as exc:  # noqa: BLE001 - recorded on the row, visible to admins
            log.warning("mail %s (%s) failed: %s", mail_id, kind, exc)
            values = {"status": FAILED, "error": f"{type(exc).__name__}: {exc}"[:2000]}
        await db.execute(update(Mail).where(Mail.id == mail_id, Mail.status == QUEUED)
                         .values(attempts=Mail.attempts + 1, **values))
        await db.commit()
        return values["status"]


@signal(MAIL_QUEUED).connect
async def _start_delivery(app_state: Any, *, mail_id: int) -> None:
    """After commit: hand the mail to the background tasks (in-process or Celery)."""
    if app_state is None:
        log.warning("mail %s queued outside a request; it stays queued until `mail.send` runs for it", mail_id)
        return
    async with app_state.sessionmaker() as db:
        await app_state.task_runner.enqueue(db, "mail.send", owner_id=None, mail_id=mail_id)
