"""Tables of the event taxonomy: admin-managed event types, topics (with sub-topics) and
locations, and the association of an event with its type, topic and sub-topic.

Event has no taxonomy columns; `event_taxonomy` holds one row per classified event and the
event's `event_type`/`event_topic`/`event_sub_topic` are read-only mappings through it.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from openevent.core.db import Base, IdMixin
from openevent.events.models import Event


class EventType(IdMixin, Base):
    __tablename__ = "event_types"

    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)


class EventTopic(IdMixin, Base):
    __tablename__ = "event_topics"

    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)
    system_image_url: Mapped[str | None] = mapped_column(Text)

    event_sub_topics: Mapped[list[EventSubTopic]] = relationship(
        back_populates="event_topic", cascade="all, delete-orphan", passive_deletes=True)


class EventSubTopic(IdMixin, Base):
    __tablename__ = "event_sub_topics"
    __table_args__ = (UniqueConstraint("event_topic_id", "slug", name="uq_event_sub_topics_topic_slug"),)

    event_topic_id: Mapped[int] = mapped_column(ForeignKey("event_topics.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255))

    event_topic: Mapped[EventTopic] = relationship(back_populates="event_sub_topics")


class EventLocation(IdMixin, Base):
    __tablename__ = "event_locations"

    name: Mapped[str] = mapped_column(String(255))
    slug: Mapped[str] = mapped_column(String(255), unique=True)


class EventTaxonomy(Base):
    """An event's classification (one row per event; a deleted type/topic clears its column)."""

    __tablename__ = "event_taxonomy"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    event_type_id: Mapped[int | None] = mapped_column(ForeignKey("event_types.id", ondelete="SET NULL"), index=True)
    event_topic_id: Mapped[int | None] = mapped_column(ForeignKey("event_topics.id", ondelete="SET NULL"),
                                                       index=True)
    event_sub_topic_id: Mapped[int | None] = mapped_column(ForeignKey("event_sub_topics.id", ondelete="SET NULL"),
                                                           index=True)


_T = EventTaxonomy.__table__

Event.event_type = relationship(EventType, secondary=_T, primaryjoin=Event.id == _T.c.event_id,
                                secondaryjoin=EventType.id == _T.c.event_type_id, uselist=False, viewonly=True)
Event.event_topic = relationship(EventTopic, secondary=_T, primaryjoin=Event.id == _T.c.event_id,
                                 secondaryjoin=EventTopic.id == _T.c.event_topic_id, uselist=False, viewonly=True)
Event.event_sub_topic = relationship(EventSubTopic, secondary=_T, primaryjoin=Event.id == _T.c.event_id,
                                     secondaryjoin=EventSubTopic.id == _T.c.event_sub_topic_id, uselist=False,
                                     viewonly=True)
Event.taxonomy = relationship(EventTaxonomy, uselist=False, cascade="all, delete-orphan", passive_deletes=True)
