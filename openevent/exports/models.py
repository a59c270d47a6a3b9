"""Stored schedule feeds of an event (iCal, xCal, Pentabarf) and whether they are current.

One row per event. `changed_at` is moved forward by every ORM flush that touches the
event's programme (see feeds.py, an after_flush listener); `generated_for` is the
`changed_at` the stored files reflect. The files are stale when changed_at > generated_for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from openevent.core.db import Base, UTCDateTime, utcnow


class ExportFeed(Base):
    __tablename__ = "export_feeds"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    generated_for: Mapped[datetime | None] = mapped_column(UTCDateTime())
    generated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    refresh_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # debounce of background runs
    ical_key: Mapped[str | None] = mapped_column(String(512))
    xcal_key: Mapped[str | None] = mapped_column(String(512))
    pentabarf_key: Mapped[str | None] = mapped_column(String(512))
