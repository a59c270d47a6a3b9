"""Tables of the mail domain: the outbox (one row per mail, the durable record of what was sent)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openevent.core.db import Base, IdMixin, UTCDateTime, utcnow

QUEUED = "queued"
SENT = "sent"
FAILED = "failed"
MAIL_STATES = (QUEUED, SENT, FAILED)


class Mail(IdMixin, Base):
    """A mail to send: written in the transaction of the change that causes it (transactional outbox),
    delivered after commit by the background task `mail.send`."""

    __tablename__ = "mails"
    __table_args__ = (CheckConstraint(f"status IN ({', '.join(repr(s) for s in MAIL_STATES)})", name="status"),)

    recipient: Mapped[str] = mapped_column(String(320), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(64), index=True)  # e.g. "password_reset", "role_invite"
    status: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
