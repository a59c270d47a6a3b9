"""Tickets (the ticket types an event sells)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, Money, SoftDeleteMixin, UTCDateTime

TICKET_TYPES = ("free", "paid", "donation", "freeRegistration", "donationRegistration")


class Ticket(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "tickets"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(32))
    price: Mapped[Decimal | None] = mapped_column(Money(), default=Decimal("0"))
    min_price: Mapped[Decimal | None] = mapped_column(Money(), default=Decimal("0"))
    max_price: Mapped[Decimal | None] = mapped_column(Money())
    quantity: Mapped[int | None] = mapped_column(Integer, default=100)
    is_description_visible: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int | None] = mapped_column(Integer, default=1)
    is_fee_absorbed: Mapped[bool] = mapped_column(Boolean, default=False)
    sales_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sales_ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    is_hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    min_order: Mapped[int | None] = mapped_column(Integer, default=1)
    max_order: Mapped[int | None] = mapped_column(Integer, default=10)
    is_checkin_restricted: Mapped[bool] = mapped_column(Boolean, default=True)
    auto_checkin_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    form_id: Mapped[str | None] = mapped_column(String(255))
    badge_id: Mapped[str | None] = mapped_column(String(255))

    event: Mapped["Event"] = relationship(back_populates="tickets")  # noqa: F821
