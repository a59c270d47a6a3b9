"""Durable task state: one row per background job, the only source of truth for polling."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from openevent.core.db import Base, UTCDateTime, utcnow

WAITING = "WAITING"
RUNNING = "RUNNING"
SUCCESS = "SUCCESS"
FAILURE = "FAILURE"
STATES = (WAITING, RUNNING, SUCCESS, FAILURE)
UNFINISHED = (WAITING, RUNNING)


class Task(Base):
    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(f"state IN ({', '.join(repr(s) for s in STATES)})", name="state"),
        CheckConstraint("progress IS NULL OR (progress >= 0 AND progress <= 100)", name="progress"),
        Index("ix_tasks_state_heartbeat_at", "state", "heartbeat_at"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # uuid4 hex, opaque to clients
    name: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    args: Mapped[dict] = mapped_column(JSON, default=dict)  # keyword arguments: JSON values (primitive ids)
    state: Mapped[str] = mapped_column(String(16), default=WAITING)
    progress: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[dict | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)  # the message clients see on FAILURE
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # last sign of life (set on create too)
