"""Domain signals (openevent.core.signals), which mail delivery is built on: sent after COMMIT,
dropped on ROLLBACK, one failing receiver does not silence the others."""

from __future__ import annotations

import logging

from openevent.core import signals
from openevent.core.signals import APP_STATE, emit_after_commit, signal

from ..factories import make_user


async def test_sent_after_commit_only(app, db):
    with signals.captured("event.changed") as seen:
        await make_user(db)  # something to commit
        emit_after_commit(db, "event.changed", event_id=7, fields=["name"])
        await db.flush()
        await signals.drain()
        assert seen == []  # not before the commit
        await db.commit()
        await signals.drain()
    assert seen == [("event.changed", {"event_id": 7, "fields": ["name"]})]


async def test_dropped_on_rollback(app, db):
    with signals.captured("session.changed", "order.changed") as seen:
        emit_after_commit(db, "session.changed", session_id=1)
        await db.rollback()
        emit_after_commit(db, "order.changed", order_id=2)
        await db.commit()
        await signals.drain()
    assert seen == [("order.changed", {"order_id": 2})]


async def test_receivers_get_the_app_state_and_survive_each_others_failures(app, caplog):
    got = []

    async def broken(app_state, **payload):
        raise RuntimeError("boom")

    async def working(app_state, **payload):
        got.append((app_state, payload))

    sig = signal("speaker.changed")
    sig.connect(broken)
    sig.connect(working)
    try:
        async with app.state.sessionmaker() as session:
            session.info[APP_STATE] = app.state
            emit_after_commit(session, "speaker.changed", speaker_id=3)
            await session.commit()
        with caplog.at_level(logging.ERROR, logger="openevent.signals"):
            await signals.drain()
    finally:
        sig.disconnect(broken)
        sig.disconnect(working)
    assert got == [(app.state, {"speaker_id": 3})]
    assert "receiver broken of signal speaker.changed failed" in caplog.text
