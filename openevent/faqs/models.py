"""Tables of the FAQ domain: an event's FAQ types and its questions with answers."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin
from openevent.events.models import Event


class FaqType(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "faq_types"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))

    event: Mapped[Event] = relationship(back_populates="faq_types")
    faqs: Mapped[list[Faq]] = relationship(back_populates="faq_type")


class Faq(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "faqs"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    faq_type_id: Mapped[int | None] = mapped_column(ForeignKey("faq_types.id", ondelete="SET NULL"), index=True)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="faqs")
    faq_type: Mapped[FaqType | None] = relationship(back_populates="faqs")


Event.faq_types = relationship(FaqType, back_populates="event", cascade="all, delete-orphan", passive_deletes=True)
Event.faqs = relationship(Faq, back_populates="event", cascade="all, delete-orphan", passive_deletes=True)
