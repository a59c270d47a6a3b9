"""Tables of ticket tags: an event's tags and which of its tickets carry them."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin
from openevent.events.models import Event
from openevent.ticketing.models import Ticket

ticket_tagging = Table(
    "ticket_tagging",
    Base.metadata,
    Column("ticket_tag_id", ForeignKey("ticket_tags.id", ondelete="CASCADE"), primary_key=True),
    Column("ticket_id", ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class TicketTag(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "ticket_tags"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))

    event: Mapped[Event] = relationship(back_populates="ticket_tags")
    tickets: Mapped[list[Ticket]] = relationship(secondary=ticket_tagging, back_populates="ticket_tags")


Event.ticket_tags = relationship(TicketTag, back_populates="event", cascade="all, delete-orphan", passive_deletes=True)
Ticket.ticket_tags = relationship(TicketTag, secondary=ticket_tagging, back_populates="tickets")
