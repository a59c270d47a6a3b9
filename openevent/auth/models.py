"""Users, roles, event team membership and revoked tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin, UTCDateTime, utcnow

EVENT_ROLE_NAMES = ("owner", "organizer", "coorganizer", "track_organizer", "moderator", "registrar", "attendee")


class User(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        Index("uq_users_email_live", "email", unique=True, sqlite_where=text("deleted_at IS NULL"),
              postgresql_where=text("deleted_at IS NULL")),
    )

    email: Mapped[str] = mapped_column(String(320))
    password_hash: Mapped[str] = mapped_column(String(255))
    first_name: Mapped[str | None] = mapped_column(String(255))
    last_name: Mapped[str | None] = mapped_column(String(255))
    public_name: Mapped[str | None] = mapped_column(String(255))
    avatar_url: Mapped[str | None] = mapped_column(Text)
    original_image_url: Mapped[str | None] = mapped_column(Text)
    thumbnail_image_url: Mapped[str | None] = mapped_column(Text)
    small_image_url: Mapped[str | None] = mapped_column(Text)
    icon_image_url: Mapped[str | None] = mapped_column(Text)
    is_profile_public: Mapped[bool] = mapped_column(Boolean, default=False)
    was_registered_with_order: Mapped[bool] = mapped_column(Boolean, default=False)
    facebook_url: Mapped[str | None] = mapped_column(Text)
    twitter_url: Mapped[str | None] = mapped_column(Text)
    instagram_url: Mapped[str | None] = mapped_column(Text)
    google_plus_url: Mapped[str | None] = mapped_column(Text)
    is_super_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_sales_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_marketer: Mapped[bool] = mapped_column(Boolean, default=False)
    is_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    is_blocked: Mapped[bool] = mapped_column(Boolean, default=False)
    last_accessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Tokens issued before this instant are refused ("log out everywhere": blacklist, password change).
    sessions_revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    details: Mapped[str | None] = mapped_column(Text)
    language_prefrence: Mapped[str | None] = mapped_column(String(32))  # sic: the wire name of Open Event
    contact: Mapped[str | None] = mapped_column(String(255))
    billing_contact_name: Mapped[str | None] = mapped_column(String(255))
    billing_phone: Mapped[str | None] = mapped_column(String(64))
    billing_state: Mapped[str | None] = mapped_column(String(255))
    billing_country: Mapped[str | None] = mapped_column(String(255))
    billing_tax_info: Mapped[str | None] = mapped_column(String(255))
    company: Mapped[str | None] = mapped_column(String(255))
    billing_address: Mapped[str | None] = mapped_column(Text)
    billing_city: Mapped[str | None] = mapped_column(String(255))
    billing_zip_code: Mapped[str | None] = mapped_column(String(32))
    billing_additional_info: Mapped[str | None] = mapped_column(Text)

    event_roles: Mapped[list["UsersEventsRoles"]] = relationship(back_populates="user", cascade="all, delete-orphan")


class Role(IdMixin, Base):
    __tablename__ = "roles"

    name: Mapped[str] = mapped_column(String(64), unique=True)
    title_name: Mapped[str | None] = mapped_column(String(255))


class UsersEventsRoles(IdMixin, Base):
    """A user's role in an event's team."""

    __tablename__ = "users_events_roles"
    __table_args__ = (UniqueConstraint("user_id", "event_id", "role_id"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="RESTRICT"))

    user: Mapped[User] = relationship(back_populates="event_roles")
    role: Mapped[Role] = relationship()
    event: Mapped["Event"] = relationship(back_populates="roles")  # noqa: F821


class RevokedToken(Base):
    """JWT ids revoked by logout or refresh rotation, kept until they expire."""

    __tablename__ = "revoked_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class LoginAttempt(Base):
    """Failed logins per key (email or client address) for rate limiting across workers."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), index=True)
    attempted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class UserToken(IdMixin, Base):
    """A single-use secret mailed to a user (password reset, email verification).

    Only the SHA-256 of the token is stored; `used_at` is set by a guarded UPDATE,
    so of two concurrent uses exactly one succeeds.
    """

    __tablename__ = "user_tokens"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # "reset_password" | "verify_email"
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320))  # the address the token was mailed to
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


ROLE_INVITE_STATUSES = ("pending", "accepted", "declined")


class RoleInvite(IdMixin, Base):
    """An invitation by email to join an event's team with a role.

    The token is mailed and only its SHA-256 is kept; it is single-use (status
    pending -> accepted by a guarded UPDATE) and expires. One pending invite per
    email and event (partial unique index).
    """

    __tablename__ = "role_invites"
    __table_args__ = (
        Index("uq_role_invites_event_email_pending", "event_id", "email", unique=True,
              sqlite_where=text("status = 'pending'"), postgresql_where=text("status = 'pending'")),
    )

    email: Mapped[str] = mapped_column(String(320))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role_id: Mapped[int] = mapped_column(ForeignKey("roles.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    inviter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    role: Mapped[Role] = relationship(lazy="joined", innerjoin=True)  # role-name is read from it, at no extra query

    @property
    def role_name(self) -> str:
        return self.role.name


# An event's pending and past invites (GET /v1/events/{id}/role-invites); mapped here so the
# events domain needs no knowledge of invites.
from openevent.events.models import Event  # noqa: E402

Event.role_invites = relationship(RoleInvite, back_populates="event", cascade="all, delete-orphan",
                                  passive_deletes=True)
RoleInvite.event = relationship(Event, back_populates="role_invites")
