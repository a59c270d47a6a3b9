"""Tables of the sponsors domain: an event's sponsors, listed by position."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin
from openevent.events.models import Event


class Sponsor(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "sponsors"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    level: Mapped[int | None] = mapped_column(Integer)
    logo_url: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[int | None] = mapped_column(Integer, default=0)

    event: Mapped[Event] = relationship(back_populates="sponsors")


Event.sponsors = relationship(Sponsor, back_populates="event", cascade="all, delete-orphan")
