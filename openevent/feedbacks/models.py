"""Tables of the feedbacks domain: session ratings (one per user and session) and users'
favourite sessions and events. Sessions gain computed `average_rating`, `rating_count` and
`favourite_count` (correlated subqueries loaded with the session row: no extra query per session;
not expired by a flush, and never lazy-loaded: a session created in the request has none loaded, see schemas)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from openevent.auth.models import User
from openevent.core.db import Base, IdMixin, UTCDateTime, utcnow
from openevent.events.models import Event
from openevent.schedule.models import Session


class Feedback(IdMixin, Base):
    __tablename__ = "feedbacks"
    __table_args__ = (
        UniqueConstraint("user_id", "session_id", name="uq_feedbacks_user_session"),
        # covers the session's average/count subqueries (index-only scans on PostgreSQL)
        Index("ix_feedbacks_session_rating", "session_id", "rating"),
    )

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    rating: Mapped[Decimal] = mapped_column(Numeric(3, 2))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    session: Mapped[Session] = relationship(back_populates="feedbacks")
    event: Mapped[Event] = relationship()


class UserFavouriteSession(IdMixin, Base):
    __tablename__ = "user_favourite_sessions"
    __table_args__ = (UniqueConstraint("user_id", "session_id", name="uq_user_favourite_sessions_user_session"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    session: Mapped[Session] = relationship()


class UserFavouriteEvent(IdMixin, Base):
    __tablename__ = "user_favourite_events"
    __table_args__ = (UniqueConstraint("user_id", "event_id", name="uq_user_favourite_events_user_event"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    user: Mapped[User] = relationship()
    event: Mapped[Event] = relationship()


Session.feedbacks = relationship(Feedback, back_populates="session", viewonly=True)
# The caller's own favourite (the read criteria of user-favourite-session keep only the caller's row).
Session.favourite = relationship(UserFavouriteSession, uselist=False, viewonly=True)
Event.feedbacks = relationship(Feedback, viewonly=True)
Event.favourite = relationship(UserFavouriteEvent, uselist=False, viewonly=True)
User.feedbacks = relationship(Feedback, viewonly=True)
User.favourite_sessions = relationship(UserFavouriteSession, viewonly=True)
User.favourite_events = relationship(UserFavouriteEvent, viewonly=True)

Session.average_rating = column_property(
    select(func.avg(Feedback.rating)).where(Feedback.session_id == Session.id).correlate_except(Feedback)
    .scalar_subquery(), expire_on_flush=False)
Session.rating_count = column_property(
    select(func.count()).where(Feedback.session_id == Session.id).correlate_except(Feedback)
    .scalar_subquery(), expire_on_flush=False)
Session.favourite_count = column_property(
    select(func.count()).where(UserFavouriteSession.session_id == Session.id)
    .correlate_except(UserFavouriteSession).scalar_subquery(), expire_on_flush=False)
