"""Tables of the stripe_connect domain: one Stripe Connect authorisation per event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, UTCDateTime, utcnow
from openevent.events.models import Event


class StripeAuthorization(IdMixin, Base):
    """The event organiser's connected Stripe account. The secret key and refresh token are
    stored encrypted (secrets.py); only the publishable key is ever shown."""

    __tablename__ = "stripe_authorizations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), unique=True)
    stripe_secret_key_encrypted: Mapped[str] = mapped_column(Text)
    stripe_refresh_token_encrypted: Mapped[str | None] = mapped_column(Text)
    stripe_publishable_key: Mapped[str] = mapped_column(String(255))
    stripe_user_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="stripe_authorization")


Event.stripe_authorization = relationship(StripeAuthorization, back_populates="event", uselist=False,
                                          passive_deletes=True)
