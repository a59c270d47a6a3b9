"""Tables of the media domain: the admin-editable sizes of converted event and speaker images.

Each table holds one row (id 1), created with the defaults on first use.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from openevent.core.db import Base, IdMixin


class EventImageSize(IdMixin, Base):
    __tablename__ = "event_image_sizes"

    type: Mapped[str | None] = mapped_column(String(32), default="event-image")
    full_width: Mapped[int | None] = mapped_column(Integer, default=1300)
    full_height: Mapped[int | None] = mapped_column(Integer, default=500)
    full_aspect: Mapped[bool] = mapped_column(Boolean, default=True)
    full_quality: Mapped[int | None] = mapped_column(Integer, default=80)
    icon_width: Mapped[int | None] = mapped_column(Integer, default=75)
    icon_height: Mapped[int | None] = mapped_column(Integer, default=30)
    icon_aspect: Mapped[bool] = mapped_column(Boolean, default=True)
    icon_quality: Mapped[int | None] = mapped_column(Integer, default=80)
    thumbnail_width: Mapped[int | None] = mapped_column(Integer, default=500)
    thumbnail_height: Mapped[int | None] = mapped_column(Integer, default=200)
    thumbnail_aspect: Mapped[bool] = mapped_column(Boolean, default=True)
    thumbnail_quality: Mapped[int | None] = mapped_column(Integer, default=80)
    logo_width: Mapped[int | None] = mapped_column(Integer, default=500)
    logo_height: Mapped[int | None] = mapped_column(Integer, default=200)


class SpeakerImageSize(IdMixin, Base):
    __tablename__ = "speaker_image_sizes"

    type: Mapped[str | None] = mapped_column(String(32), default="profile")
    small_size_width_height: Mapped[int | None] = mapped_column(Integer, default=50)
    small_size_quality: Mapped[int | None] = mapped_column(Integer, default=80)
    thumbnail_size_width_height: Mapped[int | None] = mapped_column(Integer, default=500)
    thumbnail_size_quality: Mapped[int | None] = mapped_column(Integer, default=80)
    icon_size_width_height: Mapped[int | None] = mapped_column(Integer, default=35)
    icon_size_quality: Mapped[int | None] = mapped_column(Integer, default=80)
