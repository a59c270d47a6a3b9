"""Sliding-window limits on attempts: failed logins now; password resets and code
look-ups can use the same limiter with their own scope.

Attempts are rows of `login_attempts` (key, attempted_at), so every stateless
worker sees the same counts. A caller checks its keys before the guarded work
and records only the attempts that should count (a successful login does not).
Check and record are separate statements: a burst of concurrent requests can
overshoot the limit by the number in flight, which is fine for slowing guessing.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow

from .models import LoginAttempt


class RateLimited(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__(f"Too many attempts; retry after {retry_after} seconds.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SlidingWindow:
    """At most `limit` recorded attempts per key within any `window`."""

    scope: str
    limit: int
    window: timedelta

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise ValueError("a rate limit needs at least one attempt per window")

    def key(self, kind: str, value: str) -> str:
        """The stored key; the value (an email, an address) is hashed so none is kept in clear."""
        digest = hashlib.sha256(value.encode()).hexdigest()
        return f"{self.scope}:{kind}:{digest}"

    async def check(self, db: AsyncSession, keys: Iterable[str], *, now: datetime | None = None) -> None:
        """Raise RateLimited (with the longest wait) when any key has no attempts left."""
        now = now or utcnow()
        wait = max([await self._wait(db, key, now) for key in keys], default=0)
        if wait > 0:
            raise RateLimited(wait)

    async def _wait(self, db: AsyncSession, key: str, now: datetime) -> int:
        """Seconds until the key is allowed another attempt (0 = now)."""
        # Once the limit-th most recent attempt leaves the window, one more is allowed.
        stmt = (
            select(LoginAttempt.attempted_at)
            .where(LoginAttempt.key == key, LoginAttempt.attempted_at > now - self.window)
            .order_by(LoginAttempt.attempted_at.desc())
            .offset(self.limit - 1)
            .limit(1)
        )
        blocking = (await db.execute(stmt)).scalar()
        if blocking is None:
            return 0
        return max(1, math.ceil((blocking + self.window - now).total_seconds()))

    async def record(self, db: AsyncSession, keys: Iterable[str], *, now: datetime | None = None) -> None:
        """Count one attempt for each key, and forget this scope's attempts that left the window."""
        now = now or utcnow()
        db.add_all([LoginAttempt(key=key, attempted_at=now) for key in keys])
        await db.flush()
        expired = delete(LoginAttempt).where(
            LoginAttempt.key.startswith(f"{self.scope}:", autoescape=True),
            LoginAttempt.attempted_at <= now - self.window,
        )
        await db.execute(expired.execution_options(synchronize_session=False))
