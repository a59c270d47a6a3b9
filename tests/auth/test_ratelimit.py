"""The sliding-window limiter on its own (the login endpoint tests cover its use)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from openevent.auth.models import LoginAttempt
from openevent.auth.ratelimit import RateLimited, SlidingWindow
from openevent.core.db import utcnow

LIMIT = SlidingWindow("test", limit=3, window=timedelta(seconds=60))


async def test_allows_limit_attempts_then_says_how_long_to_wait(db):
    now = utcnow()
    key = LIMIT.key("email", "a@example.com")
    for _ in range(3):
        await LIMIT.check(db, [key], now=now)
        await LIMIT.record(db, [key], now=now)
    with pytest.raises(RateLimited) as info:
        await LIMIT.check(db, [key], now=now)
    assert info.value.retry_after == 60
    with pytest.raises(RateLimited) as info:
        await LIMIT.check(db, [key], now=now + timedelta(seconds=45))
    assert info.value.retry_after == 15
    await LIMIT.check(db, [key], now=now + timedelta(seconds=60))  # the window has slid past


async def test_the_wait_ends_when_the_limit_th_latest_attempt_leaves_the_window(db):
    now = utcnow()
    key = LIMIT.key("address", "192.0.2.1")
    for seconds_ago in (50, 40, 30, 20):
        await LIMIT.record(db, [key], now=now - timedelta(seconds=seconds_ago))
    with pytest.raises(RateLimited) as info:
        await LIMIT.check(db, [key], now=now)
    assert info.value.retry_after == 20  # the attempt 40 s ago leaves in 20 s: then 2 remain


async def test_keys_count_separately_and_the_longest_wait_wins(db):
    now = utcnow()
    busy, quiet = LIMIT.key("email", "busy@example.com"), LIMIT.key("email", "quiet@example.com")
    for _ in range(3):
        await LIMIT.record(db, [busy], now=now - timedelta(seconds=10))
    await LIMIT.check(db, [quiet], now=now)
    with pytest.raises(RateLimited) as info:
        await LIMIT.check(db, [quiet, busy], now=now)
    assert info.value.retry_after == 50


def test_keys_hash_the_value_and_carry_the_scope():
    key = LIMIT.key("email", "secret@example.com")
    assert key.startswith("test:email:")
    assert "secret" not in key
    assert len(key) == len("test:email:") + 64


async def test_recording_forgets_expired_attempts_of_its_own_scope_only(db):
    other = SlidingWindow("other", limit=3, window=timedelta(seconds=60))
    now = utcnow()
    old = now - timedelta(seconds=61)
    await LIMIT.record(db, [LIMIT.key("email", "x")], now=old)
    await other.record(db, [other.key("email", "x")], now=old)
    await LIMIT.record(db, [LIMIT.key("email", "y")], now=now)
    keys = (await db.execute(select(LoginAttempt.key).order_by(LoginAttempt.id))).scalars().all()
    assert keys == [other.key("email", "x"), LIMIT.key("email", "y")]
    assert (await db.execute(select(func.count()).select_from(LoginAttempt))).scalar_one() == 2


def test_a_limit_needs_at_least_one_attempt():
    with pytest.raises(ValueError):
        SlidingWindow("x", limit=0, window=timedelta(seconds=1))
