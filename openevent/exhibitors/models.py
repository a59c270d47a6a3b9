"""Tables of exhibitors: an event's exhibitors (listed by position) and the sessions they hold."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin
from openevent.events.models import Event
from openevent.schedule.models import Session

exhibitors_sessions = Table(
    "exhibitors_sessions",
    Base.metadata,
    Column("exhibitor_id", ForeignKey("exhibitors.id", ondelete="CASCADE"), primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Exhibitor(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "exhibitors"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[str] = mapped_column(String(32), default="pending")
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column(Integer, default=0)
    logo_url: Mapped[str | None] = mapped_column(Text)
    banner_url: Mapped[str | None] = mapped_column(Text)
    thumbnail_image_url: Mapped[str | None] = mapped_column(Text)
    video_url: Mapped[str | None] = mapped_column(Text)
    slides_url: Mapped[str | None] = mapped_column(Text)
    contact_email: Mapped[str | None] = mapped_column(String(255))
    contact_link: Mapped[str | None] = mapped_column(Text)
    enable_video_room: Mapped[bool] = mapped_column(Boolean, default=False)
    social_links: Mapped[list[Any] | None] = mapped_column(JSON)

    event: Mapped[Event] = relationship(back_populates="exhibitors")
    sessions: Mapped[list[Session]] = relationship(secondary=exhibitors_sessions)


Event.exhibitors = relationship(Exhibitor, back_populates="event", cascade="all, delete-orphan", passive_deletes=True)
Session.exhibitors = relationship(Exhibitor, secondary=exhibitors_sessions, viewonly=True)
