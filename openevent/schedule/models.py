"""The programme: tracks, rooms (microlocations), session types, sessions, speakers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, String, Table, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin, UTCDateTime, utcnow

SESSION_STATES = ("draft", "pending", "accepted", "confirmed", "rejected", "canceled", "withdrawn")
PUBLIC_SESSION_STATES = ("accepted", "confirmed")

speakers_sessions = Table(
    "speakers_sessions",
    Base.metadata,
    Column("speaker_id", ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_speakers_sessions_session_speaker", "session_id", "speaker_id"),
)


def _session_order():
    """Related sessions in programme order (deterministic documents)."""
    return (Session.starts_at, Session.id)


class Track(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "tracks"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(7))
    position: Mapped[int | None] = mapped_column(Integer, default=0)

    event: Mapped["Event"] = relationship(back_populates="tracks")  # noqa: F821
    sessions: Mapped[list["Session"]] = relationship(back_populates="track", order_by=_session_order)


class Microlocation(IdMixin, SoftDeleteMixin, Base):
    """A room."""

    __tablename__ = "microlocations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    floor: Mapped[int | None] = mapped_column(Integer)
    room: Mapped[str | None] = mapped_column(String(255))
    hidden_in_scheduler: Mapped[bool] = mapped_column(Boolean, default=False)
    is_chat_enabled: Mapped[bool | None] = mapped_column(Boolean, default=False)
    is_global_event_room: Mapped[bool | None] = mapped_column(Boolean, default=False)
    chat_room_name: Mapped[str | None] = mapped_column(String(255))
    position: Mapped[int | None] = mapped_column(Integer, default=0)

    event: Mapped["Event"] = relationship(back_populates="microlocations")  # noqa: F821
    sessions: Mapped[list["Session"]] = relationship(back_populates="microlocation", order_by=_session_order)


class SessionType(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "session_types"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    length: Mapped[str] = mapped_column(String(8))  # "HH:MM"
    position: Mapped[int | None] = mapped_column(Integer, default=0)

    event: Mapped["Event"] = relationship(back_populates="session_types")  # noqa: F821
    sessions: Mapped[list["Session"]] = relationship(back_populates="session_type", order_by=_session_order)


class Session(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_event_state", "event_id", "state"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id", ondelete="SET NULL"), index=True)
    microlocation_id: Mapped[int | None] = mapped_column(ForeignKey("microlocations.id", ondelete="SET NULL"), index=True)
    session_type_id: Mapped[int | None] = mapped_column(ForeignKey("session_types.id", ondelete="SET NULL"), index=True)
    creator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    subtitle: Mapped[str | None] = mapped_column(String(500))
    level: Mapped[str | None] = mapped_column(String(64))
    short_abstract: Mapped[str | None] = mapped_column(Text)
    long_abstract: Mapped[str | None] = mapped_column(Text)
    comments: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    language: Mapped[str | None] = mapped_column(String(64))
    slides_url: Mapped[str | None] = mapped_column(Text)
    slides: Mapped[list | None] = mapped_column(JSON)  # [{"name": ..., "link": ...}]
    website: Mapped[str | None] = mapped_column(Text)
    twitter: Mapped[str | None] = mapped_column(Text)
    facebook: Mapped[str | None] = mapped_column(Text)
    github: Mapped[str | None] = mapped_column(Text)
    linkedin: Mapped[str | None] = mapped_column(Text)
    instagram: Mapped[str | None] = mapped_column(Text)
    gitlab: Mapped[str | None] = mapped_column(Text)
    mastodon: Mapped[str | None] = mapped_column(Text)
    video_url: Mapped[str | None] = mapped_column(Text)
    audio_url: Mapped[str | None] = mapped_column(Text)
    signup_url: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_modified_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, index=True)
    is_mail_sent: Mapped[bool] = mapped_column(Boolean, default=False)
    is_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    complex_field_values: Mapped[dict | None] = mapped_column(JSON)

    event: Mapped["Event"] = relationship(back_populates="sessions")  # noqa: F821
    track: Mapped[Track | None] = relationship(back_populates="sessions")
    microlocation: Mapped[Microlocation | None] = relationship(back_populates="sessions")
    session_type: Mapped[SessionType | None] = relationship(back_populates="sessions")
    creator: Mapped["User | None"] = relationship()  # noqa: F821
    speakers: Mapped[list["Speaker"]] = relationship(
        secondary=speakers_sessions, back_populates="sessions", order_by=lambda: (Speaker.order, Speaker.id)
    )


class Speaker(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "speakers"
    __table_args__ = (
        Index("uq_speakers_event_email_live", "event_id", "email", unique=True,
              sqlite_where=text("deleted_at IS NULL AND email IS NOT NULL"),
              postgresql_where=text("deleted_at IS NULL AND email IS NOT NULL")),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str | None] = mapped_column(String(320))
    photo_url: Mapped[str | None] = mapped_column(Text)
    thumbnail_image_url: Mapped[str | None] = mapped_column(Text)
    small_image_url: Mapped[str | None] = mapped_column(Text)
    icon_image_url: Mapped[str | None] = mapped_column(Text)
    short_biography: Mapped[str | None] = mapped_column(Text)
    long_biography: Mapped[str | None] = mapped_column(Text)
    speaking_experience: Mapped[str | None] = mapped_column(Text)
    mobile: Mapped[str | None] = mapped_column(String(64))
    website: Mapped[str | None] = mapped_column(Text)
    twitter: Mapped[str | None] = mapped_column(Text)
    facebook: Mapped[str | None] = mapped_column(Text)
    github: Mapped[str | None] = mapped_column(Text)
    mastodon: Mapped[str | None] = mapped_column(Text)
    linkedin: Mapped[str | None] = mapped_column(Text)
    instagram: Mapped[str | None] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(255))
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    is_email_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[str | None] = mapped_column(String(255))
    country: Mapped[str | None] = mapped_column(String(255))
    city: Mapped[str | None] = mapped_column(String(255))
    address: Mapped[str | None] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(32))
    order: Mapped[int | None] = mapped_column(Integer, default=0)
    heard_from: Mapped[str | None] = mapped_column(String(255))
    sponsorship_required: Mapped[str | None] = mapped_column(Text)
    complex_field_values: Mapped[dict | None] = mapped_column(JSON)
    speaker_positions: Mapped[dict | None] = mapped_column(JSON)

    event: Mapped["Event"] = relationship(back_populates="speakers")  # noqa: F821
    user: Mapped["User | None"] = relationship()  # noqa: F821
    sessions: Mapped[list[Session]] = relationship(
        secondary=speakers_sessions, back_populates="speakers", order_by=_session_order
    )
