"""Tables of the event_info domain: an event's social links and its copyright (one per event)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin
from openevent.events.models import Event


class SocialLink(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "social_links"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    link: Mapped[str] = mapped_column(Text)
    identifier: Mapped[str | None] = mapped_column(String(255))

    event: Mapped[Event] = relationship(back_populates="social_links")


class EventCopyright(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "event_copyrights"
    __table_args__ = (
        Index("uq_event_copyrights_event_live", "event_id", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    holder: Mapped[str] = mapped_column(String(255))
    holder_url: Mapped[str | None] = mapped_column(Text)
    licence: Mapped[str | None] = mapped_column(String(255))
    licence_url: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    logo_url: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship()


Event.social_links = relationship(SocialLink, back_populates="event", cascade="all, delete-orphan")
Event.event_copyright = relationship(EventCopyright, uselist=False, viewonly=True)
