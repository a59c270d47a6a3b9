"""Tables of the check-in domain: stations, check-in rows, check-in device tokens.

A check-in is a row, never a joined string (W31): one row per scan, accepted or
refused, with who/when/where and the client's nonce. The attendee's cached
columns (is_checked_in, checkin_times, ...) are recomputed from these rows in
scan-time order by openevent.checkin.service.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, UTCDateTime, utcnow
from openevent.events.models import Event
from openevent.orders.models import Attendee
from openevent.schedule.models import Microlocation
from openevent.ticketing.models import Ticket

STATION_TYPES = ("registration", "daily", "check in", "check out")
DIRECTIONS = ("entry", "exit")
# Machine-readable results of a scan (pretix-style reason codes).
REASONS = ("ok", "already_checked_in", "unpaid", "cancelled", "unknown_ticket", "wrong_event", "not_valid_now",
           "invalid")


class Station(IdMixin, Base):
    """A check-in point of an event (Open Event "station"): registration desk, daily gate, room door."""

    __tablename__ = "stations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    microlocation_id: Mapped[int | None] = mapped_column(
        ForeignKey("microlocations.id", ondelete="SET NULL"), index=True)
    station_name: Mapped[str] = mapped_column(String(255))
    station_type: Mapped[str] = mapped_column(String(16), default="check in")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="stations")
    microlocation: Mapped[Microlocation | None] = relationship(lazy="selectin")  # `room` is read from it


class CheckInDevice(IdMixin, Base):
    """A scanner credential an organiser or registrar issued for one event.

    Only the SHA-256 of the token is stored; the token is shown once, at creation.
    A revoked device (revoked_at set) is refused from the next request on.
    """

    __tablename__ = "check_in_devices"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_prefix: Mapped[str] = mapped_column(String(12))  # to recognise a token in lists, not to use it
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    event: Mapped[Event] = relationship()


class CheckIn(IdMixin, Base):
    """One scan (or user check-in, or organiser PATCH), accepted (`successful`) or refused with `reason`.

    The nonce makes replays idempotent: (event_id, nonce) is unique, so a resent
    scan finds the original row and returns its result, whatever the race.
    """

    __tablename__ = "check_ins"
    __table_args__ = (
        UniqueConstraint("event_id", "nonce", name="uq_check_ins_event_nonce"),
        Index("ix_check_ins_attendee_scanned", "attendee_id", "scanned_at"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int | None] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    station_id: Mapped[int | None] = mapped_column(ForeignKey("stations.id", ondelete="SET NULL"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("check_in_devices.id", ondelete="SET NULL"), index=True)
    direction: Mapped[str] = mapped_column(String(8), default="entry")
    # registration desk rows set is-registered; they do not move the door state
    is_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when it happened at the door (client clock)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)  # when the server got it
    device_name: Mapped[str | None] = mapped_column(String(255))
    nonce: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16), default="scan")  # scan | batch | user-check-in | patch
    forced: Mapped[bool] = mapped_column(Boolean, default=False)
    successful: Mapped[bool] = mapped_column(Boolean, default=True)
    reason: Mapped[str] = mapped_column(String(32), default="ok")
    # what was scanned when it matched no attendee of this event (audit of unknown tickets)
    raw_secret: Mapped[str | None] = mapped_column(String(255))
    # Open Event user-check-in labels, copied at check-in time
    session_name: Mapped[str | None] = mapped_column(String(255))
    track_name: Mapped[str | None] = mapped_column(String(255))
    speaker_name: Mapped[str | None] = mapped_column(String(1000))

    event: Mapped[Event] = relationship()
    attendee: Mapped[Attendee | None] = relationship()
    ticket: Mapped[Ticket | None] = relationship(
        secondary=Attendee.__table__, primaryjoin=lambda: CheckIn.attendee_id == Attendee.id,
        secondaryjoin=lambda: Attendee.ticket_id == Ticket.id, viewonly=True, uselist=False)
    station: Mapped[Station | None] = relationship()
    session: Mapped["Session | None"] = relationship()  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821
    device: Mapped[CheckInDevice | None] = relationship()


# -- attached to other domains' models (post-hoc) ----------------------------------------------

Event.stations = relationship(Station, back_populates="event", cascade="all, delete-orphan", passive_deletes=True,
                              order_by=Station.id)
Event.check_ins = relationship(CheckIn, viewonly=True, order_by=CheckIn.id)
Event.check_in_devices = relationship(CheckInDevice, viewonly=True, order_by=CheckInDevice.id)
Microlocation.stations = relationship(Station, viewonly=True, order_by=Station.id)
