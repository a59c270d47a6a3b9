"""Tables of the orders domain: orders, their ticket lines, attendees, access and discount codes.

Contract used by other domains (check-in, exports):
- `Order.identifier` is the public, unguessable handle (uuid4 hex); `Order.status` is server-owned
  (initializing, pending, placed, completed, cancelled, expired).
- `OrderTicket` holds one line per (order, ticket) with the unit price actually charged.
- `Attendee` is one ticket unit; `secret` is the unguessable QR secret. Check-in columns
  (is_checked_in, checkin_times, ...) are a derived cache maintained by the check-in service.
- Access/discount codes are event-scoped; their ticket lists live in association tables.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.auth.models import User
from openevent.core.db import Base, IdMixin, Money, SoftDeleteMixin, UTCDateTime, utcnow
from openevent.events.models import Event
from openevent.ticketing.models import Ticket

ORDER_STATUSES = ("initializing", "pending", "placed", "completed", "cancelled", "expired")
# Statuses whose attendees hold stock (pending/initializing only until `expires_at`).
HOLDING_STATUSES = ("initializing", "pending", "placed", "completed")
PAYMENT_MODES = ("free", "stripe", "paypal", "bank", "cheque", "onsite", "omise", "alipay", "paytm",
                 "invoice")
CODE_TYPES = ("amount", "percent")


def new_order_identifier() -> str:
    return uuid.uuid4().hex


def new_attendee_secret() -> str:
    return secrets.token_urlsafe(24)


access_codes_tickets = Table(
    "access_codes_tickets",
    Base.metadata,
    Column("access_code_id", ForeignKey("access_codes.id", ondelete="CASCADE"), primary_key=True),
    Column("ticket_id", ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, index=True),
)

discount_codes_tickets = Table(
    "discount_codes_tickets",
    Base.metadata,
    Column("discount_code_id", ForeignKey("discount_codes.id", ondelete="CASCADE"), primary_key=True),
    Column("ticket_id", ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class AccessCode(IdMixin, SoftDeleteMixin, Base):
    """Unlocks hidden tickets. `tickets_number` is the quota of ticket units bought with it."""

    __tablename__ = "access_codes"
    __table_args__ = (
        # One live code text per event (soft-deleted codes free their text).
        Index("uq_access_codes_event_code_live", "event_id", "code", unique=True,
              postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL")),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(255))
    access_url: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    tickets_number: Mapped[int | None] = mapped_column(Integer)  # None = unlimited
    min_quantity: Mapped[int | None] = mapped_column(Integer, default=1)
    max_quantity: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    valid_till: Mapped[datetime | None] = mapped_column(UTCDateTime())
    marketer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="access_codes")
    tickets: Mapped[list[Ticket]] = relationship(secondary=access_codes_tickets, order_by=Ticket.id)
    marketer: Mapped["User | None"] = relationship()  # noqa: F821


class DiscountCode(IdMixin, SoftDeleteMixin, Base):
    """Reduces ticket prices: `type` amount (off each unit) or percent; `tickets_number` is the quota
    of ticket units discounted with it."""

    __tablename__ = "discount_codes"
    __table_args__ = (
        Index("uq_discount_codes_event_code_live", "event_id", "code", unique=True,
              postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL")),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(255))
    discount_url: Mapped[str | None] = mapped_column(Text)
    value: Mapped[Decimal] = mapped_column(Money())
    type: Mapped[str] = mapped_column(String(16))  # amount | percent
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    tickets_number: Mapped[int | None] = mapped_column(Integer)  # None = unlimited
    min_quantity: Mapped[int | None] = mapped_column(Integer, default=1)
    max_quantity: Mapped[int | None] = mapped_column(Integer)
    valid_from: Mapped[datetime | None] = mapped_column(UTCDateTime())
    valid_till: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_for: Mapped[str] = mapped_column(String(16), default="ticket")
    marketer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="discount_codes")
    tickets: Mapped[list[Ticket]] = relationship(secondary=discount_codes_tickets, order_by=Ticket.id)
    marketer: Mapped["User | None"] = relationship()  # noqa: F821


class Tax(IdMixin, Base):
    """An event's tax (one per event): `rate` percent, included in ticket prices or added on top."""

    __tablename__ = "taxes"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    name: Mapped[str] = mapped_column(String(255), default="Tax")
    rate: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    tax_id: Mapped[str | None] = mapped_column(String(255))
    is_tax_included_in_price: Mapped[bool] = mapped_column(Boolean, default=False)


class Order(IdMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_event_status", "event_id", "status"),
        Index("ix_orders_status_expires_at", "status", "expires_at"),
    )

    identifier: Mapped[str] = mapped_column(String(64), unique=True, default=new_order_identifier)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    marketer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16), default="initializing")
    amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    discount_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    tax_amount: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    discount_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("discount_codes.id", ondelete="SET NULL"), index=True)
    access_code_id: Mapped[int | None] = mapped_column(
        ForeignKey("access_codes.id", ondelete="SET NULL"), index=True)
    payment_mode: Mapped[str | None] = mapped_column(String(32))
    paid_via: Mapped[str | None] = mapped_column(String(32))
    transaction_id: Mapped[str | None] = mapped_column(String(255))
    brand: Mapped[str | None] = mapped_column(String(64))
    exp_month: Mapped[str | None] = mapped_column(String(8))
    exp_year: Mapped[str | None] = mapped_column(String(8))
    last4: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_note: Mapped[str | None] = mapped_column(Text)
    order_notes: Mapped[str | None] = mapped_column(Text)
    # billing
    is_billing_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    company: Mapped[str | None] = mapped_column(String(255))
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(255))
    state: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(255))
    zipcode: Mapped[str | None] = mapped_column(String(64))
    tax_business_info: Mapped[str | None] = mapped_column(Text)

    event: Mapped[Event] = relationship(back_populates="orders")
    user: Mapped["User | None"] = relationship(foreign_keys=[user_id])  # noqa: F821
    discount_code: Mapped[DiscountCode | None] = relationship()
    access_code: Mapped[AccessCode | None] = relationship()
    order_tickets: Mapped[list["OrderTicket"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="OrderTicket.ticket_id")
    attendees: Mapped[list["Attendee"]] = relationship(
        back_populates="order", cascade="all, delete-orphan", order_by="Attendee.id")
    tickets: Mapped[list[Ticket]] = relationship(
        secondary="order_tickets", viewonly=True, order_by=Ticket.id)


class OrderTicket(Base):
    """One ticket line of an order: `price` is the unit price charged (after donation choice,
    before the order-level discount), `quantity` units."""

    __tablename__ = "order_tickets"

    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    price: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    # units of this line discounted by the order's discount code, and the discount per unit
    discounted_quantity: Mapped[int] = mapped_column(Integer, default=0)
    unit_discount: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))

    order: Mapped[Order] = relationship(back_populates="order_tickets")
    ticket: Mapped[Ticket] = relationship()


class Attendee(IdMixin, SoftDeleteMixin, Base):
    """One ticket unit of an order (JSON:API type `attendee`)."""

    __tablename__ = "attendees"
    __table_args__ = (
        Index("ix_attendees_ticket_order", "ticket_id", "order_id"),
        UniqueConstraint("secret"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    identifier: Mapped[str] = mapped_column(String(64), unique=True, default=new_order_identifier)
    secret: Mapped[str] = mapped_column(String(64), default=new_attendee_secret)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    modified_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    price: Mapped[Decimal | None] = mapped_column(Money())  # unit price charged for this unit

    firstname: Mapped[str | None] = mapped_column(String(255))
    lastname: Mapped[str | None] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    address: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(255))
    state: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(255))
    job_title: Mapped[str | None] = mapped_column(String(255))
    phone: Mapped[str | None] = mapped_column(String(64))
    tax_business_info: Mapped[str | None] = mapped_column(Text)
    billing_address: Mapped[str | None] = mapped_column(Text)
    home_address: Mapped[str | None] = mapped_column(Text)
    shipping_address: Mapped[str | None] = mapped_column(Text)
    company: Mapped[str | None] = mapped_column(String(255))
    work_address: Mapped[str | None] = mapped_column(Text)
    work_phone: Mapped[str | None] = mapped_column(String(64))
    website: Mapped[str | None] = mapped_column(Text)
    blog: Mapped[str | None] = mapped_column(Text)
    twitter: Mapped[str | None] = mapped_column(Text)
    facebook: Mapped[str | None] = mapped_column(Text)
    github: Mapped[str | None] = mapped_column(Text)
    instagram: Mapped[str | None] = mapped_column(Text)
    linkedin: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(64))
    accept_video_recording: Mapped[bool | None] = mapped_column(Boolean)
    accept_share_details: Mapped[bool | None] = mapped_column(Boolean)
    accept_receive_emails: Mapped[bool | None] = mapped_column(Boolean)
    age_group: Mapped[str | None] = mapped_column(String(64))
    home_wiki: Mapped[str | None] = mapped_column(Text)
    wiki_scholarship: Mapped[str | None] = mapped_column(Text)
    birth_date: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendee_notes: Mapped[str | None] = mapped_column(Text)
    complex_field_values: Mapped[dict | None] = mapped_column(JSON)
    is_consent_form_field: Mapped[bool | None] = mapped_column(Boolean)
    is_consent_of_refund_policy: Mapped[bool] = mapped_column(Boolean, default=False)
    native_language: Mapped[str | None] = mapped_column(Text)
    fluent_language: Mapped[str | None] = mapped_column(Text)
    is_consent_form_field_photo: Mapped[bool | None] = mapped_column(Boolean)
    is_consent_form_field_email: Mapped[bool | None] = mapped_column(Boolean)
    is_discount_applied: Mapped[bool] = mapped_column(Boolean, default=False)
    is_access_code_applied: Mapped[bool] = mapped_column(Boolean, default=False)

    # -- check-in cache (maintained by openevent.checkin; read-only in the attendee resource) --
    is_checked_in: Mapped[bool] = mapped_column(Boolean, default=False)
    checkin_times: Mapped[str | None] = mapped_column(Text)
    is_checked_out: Mapped[bool] = mapped_column(Boolean, default=False)
    checkout_times: Mapped[str | None] = mapped_column(Text)
    device_name_checkin: Mapped[str | None] = mapped_column(Text)
    is_registered: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    register_times: Mapped[str | None] = mapped_column(Text)
    is_badge_printed: Mapped[bool] = mapped_column(Boolean, default=False)
    badge_printed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()
    order: Mapped[Order] = relationship(back_populates="attendees")
    ticket: Mapped[Ticket] = relationship()
    user: Mapped["User | None"] = relationship(foreign_keys=[user_id])  # noqa: F821


# -- attached to other domains' models (post-hoc, see RULES) ---------------------------------------

Event.orders = relationship(Order, back_populates="event", cascade="all, delete-orphan",
                            passive_deletes=True)
Event.attendees = relationship(Attendee, viewonly=True, order_by=Attendee.id)
Event.access_codes = relationship(AccessCode, back_populates="event", cascade="all, delete-orphan",
                                  passive_deletes=True)
Event.discount_codes = relationship(DiscountCode, back_populates="event", cascade="all, delete-orphan",
                                    passive_deletes=True)
Tax.event = relationship(Event)
Event.tax = relationship(Tax, uselist=False, viewonly=True)
Ticket.attendees = relationship(Attendee, viewonly=True, order_by=Attendee.id)
Ticket.access_codes = relationship(AccessCode, secondary=access_codes_tickets, viewonly=True,
                                   order_by=AccessCode.id)
Ticket.discount_codes = relationship(DiscountCode, secondary=discount_codes_tickets, viewonly=True,
                                     order_by=DiscountCode.id)
User.orders = relationship(Order, foreign_keys=[Order.user_id], viewonly=True, order_by=Order.id)
# a user's attendees: the ticket holders of the orders they bought
User.attendees = relationship(Attendee, secondary=Order.__table__, primaryjoin=User.id == Order.user_id,
                              secondaryjoin=Order.id == Attendee.order_id, viewonly=True, order_by=Attendee.id)
