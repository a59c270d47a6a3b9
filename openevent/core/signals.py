"""Named domain signals with async receivers, delivered after the transaction commits.

A domain that changes something says so, without knowing who cares:

    from openevent.core.signals import emit_after_commit
    emit_after_commit(db, "session.changed", event_id=s.event_id, session_id=s.id, state=s.state)

and background work subscribes, without the changing code calling it:

    from openevent.core.signals import signal

    @signal("session.changed").connect
    async def regenerate_exports(app_state, *, event_id: int, **payload) -> None: ...

Emitted signals wait in the session until COMMIT; a rollback drops them, so a
receiver never hears of a change that did not happen. Receivers run one after
the other in a background asyncio task of the committing process and get the
application state (`app_state`: settings, sessionmaker, task_runner, storage; None
outside a request) and the payload (plain ids and strings). A failing receiver
is logged and does not stop the others. Tests await `drain()` and can record
signals with `captured(name)`.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import contextmanager
from typing import Any, Awaitable, Callable, Iterator

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

log = logging.getLogger("openevent.signals")

Receiver = Callable[..., Awaitable[None]]
APP_STATE = "app_state"  # Session.info key: the app state of the request (set by the request's get_db)
_PENDING = "openevent_pending_signals"
_IN_FLIGHT: set[asyncio.Task] = set()

# The signals of the domains (others may be created on first use by name).
KNOWN_SIGNALS = ("event.changed", "session.changed", "speaker.changed", "order.changed")


class Signal:
    def __init__(self, name: str) -> None:
        self.name = name
        self.receivers: list[Receiver] = []

    def connect(self, receiver: Receiver) -> Receiver:
        """Subscribe (usable as a decorator); connecting twice is a no-op."""
        if receiver not in self.receivers:
            self.receivers.append(receiver)
        return receiver

    def disconnect(self, receiver: Receiver) -> None:
        if receiver in self.receivers:
            self.receivers.remove(receiver)

    async def send(self, app_state: Any = None, **payload: Any) -> None:
        """Call every receiver now (emit_after_commit is what domains normally use)."""
        for receiver in list(self.receivers):
            try:
                await receiver(app_state, **payload)
            except Exception:  # noqa: BLE001 - one receiver's failure must not silence the others
                log.exception("receiver %s of signal %s failed", getattr(receiver, "__name__", receiver), self.name)


_SIGNALS: dict[str, Signal] = {}


def signal(name: str) -> Signal:
    """The signal of this name (created on first use)."""
    return _SIGNALS.setdefault(name, Signal(name))


for _name in KNOWN_SIGNALS:
    signal(_name)


def emit_after_commit(db: AsyncSession | Session, name: str, **payload: Any) -> None:
    """Queue `name(**payload)` on the session; it is sent once the transaction commits."""
    sync = db.sync_session if isinstance(db, AsyncSession) else db
    if not sync.in_transaction():
        sync.begin()  # so that a rollback without any statement still ends "this" transaction
    sync.info.setdefault(_PENDING, []).append((name, payload))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    app_state = session.info.get(APP_STATE)
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:  # a synchronous session outside the event loop (scripts): nothing can be awaited
        log.warning("signals %s committed outside an event loop were not sent", [n for n, _ in pending])
        return
    task = loop.create_task(_dispatch(app_state, pending))
    _IN_FLIGHT.add(task)
    task.add_done_callback(_IN_FLIGHT.discard)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the whole transaction (a savepoint's rollback keeps them)
        session.info.pop(_PENDING, None)


async def _dispatch(app_state: Any, pending: list[tuple[str, dict]]) -> None:
    for name, payload in pending:
        await signal(name).send(app_state, **payload)


async def drain(timeout: float | None = 10) -> None:
    """Wait for every committed signal to be delivered (tests, graceful shutdown)."""
    while _IN_FLIGHT:
        await asyncio.wait(set(_IN_FLIGHT), timeout=timeout)


@contextmanager
def captured(*names: str) -> Iterator[list[tuple[str, dict]]]:
    """Record the signals `names` as (name, payload) while the block runs (tests)."""
    seen: list[tuple[str, dict]] = []
    receivers = []
    for name in names:
        async def record(_app_state, _name=name, **payload):
            seen.append((_name, payload))
        receivers.append((signal(name), record))
        signal(name).connect(record)
    try:
        yield seen
    finally:
        for sig, receiver in receivers:
            sig.disconnect(receiver)
