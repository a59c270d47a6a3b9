"""Tables of the speakers_calls domain: one call for speakers per event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin, UTCDateTime
from openevent.events.models import Event

SPEAKERS_CALL_PRIVACY = ("public", "private")


class SpeakersCall(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "speakers_calls"
    __table_args__ = (
        # one live call per event (a soft-deleted one may be replaced)
        Index("uq_speakers_calls_event_live", "event_id", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    announcement: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    soft_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    hash: Mapped[str | None] = mapped_column(String(255))
    privacy: Mapped[str] = mapped_column(String(16), default="public")

    event: Mapped[Event] = relationship()


# To-one from the event: at most one live call (the read layer adds `deleted_at IS NULL`).
Event.speakers_call = relationship(SpeakersCall, uselist=False, viewonly=True)
