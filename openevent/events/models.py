"""Events, the site settings singleton and static pages."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin, SoftDeleteMixin, UTCDateTime, utcnow


class Event(IdMixin, SoftDeleteMixin, Base):
    __tablename__ = "events"

    identifier: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(500))
    external_event_url: Mapped[str | None] = mapped_column(Text)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    logo_url: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(Text)
    searchable_location_name: Mapped[str | None] = mapped_column(Text)
    public_stream_link: Mapped[str | None] = mapped_column(Text)
    stream_loop: Mapped[bool] = mapped_column(Boolean, default=False)
    stream_autoplay: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str | None] = mapped_column(Text)
    after_order_message: Mapped[str | None] = mapped_column(Text)
    original_image_url: Mapped[str | None] = mapped_column(Text)
    thumbnail_image_url: Mapped[str | None] = mapped_column(Text)
    large_image_url: Mapped[str | None] = mapped_column(Text)
    icon_image_url: Mapped[str | None] = mapped_column(Text)
    show_remaining_tickets: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_name: Mapped[str | None] = mapped_column(String(255))
    is_map_shown: Mapped[bool] = mapped_column(Boolean, default=False)
    is_oneclick_signup_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    has_owner_info: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_description: Mapped[str | None] = mapped_column(Text)
    is_sessions_speakers_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    privacy: Mapped[str] = mapped_column(String(16), default="public")
    state: Mapped[str] = mapped_column(String(16), default="draft", index=True)
    ticket_url: Mapped[str | None] = mapped_column(Text)
    code_of_conduct: Mapped[str | None] = mapped_column(Text)
    schedule_published_on: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_featured: Mapped[bool] = mapped_column(Boolean, default=False)
    is_promoted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_demoted: Mapped[bool] = mapped_column(Boolean, default=False)
    is_announced: Mapped[bool] = mapped_column(Boolean, default=False)
    is_ticket_form_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    is_cfs_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    payment_country: Mapped[str | None] = mapped_column(String(64))
    payment_currency: Mapped[str | None] = mapped_column(String(16))
    paypal_email: Mapped[str | None] = mapped_column(String(320))
    is_tax_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    is_billing_info_mandatory: Mapped[bool] = mapped_column(Boolean, default=False)
    is_donation_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    is_chat_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    is_videoroom_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    is_document_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    document_links: Mapped[list | None] = mapped_column(JSON)
    chat_room_name: Mapped[str | None] = mapped_column(String(255))
    can_pay_by_paypal: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_stripe: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_cheque: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_bank: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_invoice: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_onsite: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_omise: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_alipay: Mapped[bool] = mapped_column(Boolean, default=False)
    can_pay_by_paytm: Mapped[bool] = mapped_column(Boolean, default=False)
    cheque_details: Mapped[str | None] = mapped_column(Text)
    invoice_details: Mapped[str | None] = mapped_column(Text)
    bank_details: Mapped[str | None] = mapped_column(Text)
    onsite_details: Mapped[str | None] = mapped_column(Text)
    is_sponsors_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    pentabarf_url: Mapped[str | None] = mapped_column(Text)
    ical_url: Mapped[str | None] = mapped_column(Text)
    xcal_url: Mapped[str | None] = mapped_column(Text)
    refund_policy: Mapped[str | None] = mapped_column(Text)
    is_stripe_linked: Mapped[bool] = mapped_column(Boolean, default=False)
    is_badges_enabled: Mapped[bool] = mapped_column(Boolean, default=True)

    roles: Mapped[list["UsersEventsRoles"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821
    tracks: Mapped[list["Track"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821
    microlocations: Mapped[list["Microlocation"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821
    session_types: Mapped[list["SessionType"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821
    sessions: Mapped[list["Session"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821
    speakers: Mapped[list["Speaker"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821
    tickets: Mapped[list["Ticket"]] = relationship(back_populates="event", cascade="all, delete-orphan")  # noqa: F821


class Setting(IdMixin, Base):
    """The site settings singleton (row id 1). Secrets live only in the admin view."""

    __tablename__ = "settings"

    app_name: Mapped[str | None] = mapped_column(String(255), default="Open Event")
    tagline: Mapped[str | None] = mapped_column(String(255))
    order_expiry_time: Mapped[int] = mapped_column(Integer, default=15)
    frontend_url: Mapped[str | None] = mapped_column(Text)
    support_url: Mapped[str | None] = mapped_column(Text)
    cookie_policy: Mapped[str | None] = mapped_column(Text)
    cookie_policy_link: Mapped[str | None] = mapped_column(Text)
    admin_billing_email: Mapped[str | None] = mapped_column(String(320))
    logo_size: Mapped[int] = mapped_column(Integer, default=1000)
    image_size: Mapped[int] = mapped_column(Integer, default=10000)
    slide_size: Mapped[int] = mapped_column(Integer, default=20000)
    max_complex_custom_fields: Mapped[int] = mapped_column(Integer, default=30)
    android_app_url: Mapped[str | None] = mapped_column(Text)
    web_app_url: Mapped[str | None] = mapped_column(Text)
    # admin-only (secrets and operational settings)
    storage_place: Mapped[str | None] = mapped_column(String(32), default="local")
    static_domain: Mapped[str | None] = mapped_column(Text)
    aws_key: Mapped[str | None] = mapped_column(Text)
    aws_secret: Mapped[str | None] = mapped_column(Text)
    aws_bucket_name: Mapped[str | None] = mapped_column(Text)
    aws_region: Mapped[str | None] = mapped_column(String(64))
    stripe_client_id: Mapped[str | None] = mapped_column(Text)
    stripe_publishable_key: Mapped[str | None] = mapped_column(Text)
    stripe_secret_key: Mapped[str | None] = mapped_column(Text)
    email_from: Mapped[str | None] = mapped_column(String(320))
    email_from_name: Mapped[str | None] = mapped_column(String(255))
    smtp_host: Mapped[str | None] = mapped_column(String(255))
    smtp_username: Mapped[str | None] = mapped_column(String(255))
    smtp_password: Mapped[str | None] = mapped_column(Text)
    smtp_port: Mapped[int | None] = mapped_column(Integer)
    smtp_encryption: Mapped[str | None] = mapped_column(String(16))


class Page(IdMixin, Base):
    __tablename__ = "pages"

    name: Mapped[str] = mapped_column(String(255))
    title: Mapped[str | None] = mapped_column(String(255))
    url: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(16))
    index: Mapped[int] = mapped_column(Integer, default=0)
