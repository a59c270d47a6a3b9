"""Check-in business rules: scanning (online and offline replay), derived attendee state, stations.

Decisions (see also the README paragraph):

- Every scan the server can attribute to an event becomes a `check_ins` row, accepted
  (`successful`, reason `ok`) or refused with its reason, so the record is complete and
  auditable. Scans too malformed to attribute (no nonce in a batch, bad JSON types) are
  reported per scan with reason `invalid` and a pointer, and stored nowhere.
- Idempotency: (event_id, nonce) is unique in the database. Rows are inserted with
  INSERT .. ON CONFLICT DO NOTHING RETURNING; a nonce that already exists (sent before, or
  by a concurrent request that won the race) returns the ORIGINAL row's result with
  `replayed: true` and creates nothing. A nonce repeated inside one batch is a replay of
  its first occurrence.
- Derived state: the attendee's cached columns (is-checked-in, checkin-times, checkout-times,
  device-name-checkin, is-checked-out, is-registered, registered-at, register-times) are
  recomputed from ALL accepted rows in scan-time order (ties by id) after every write, so they
  never depend on the order in which rows arrived. Which scans are accepted can (two entries
  without an exit between: the second to arrive is refused); offline queues of scans that
  already happened should be replayed with `force`.
- Validation of one scan, in this order: unknown_ticket (no attendee with that secret/id, or
  a deleted one) -> wrong_event (the ticket belongs to another event; never checked in
  here) -> cancelled (order cancelled/expired) -> unpaid (order initializing/pending) ->
  not_valid_now (scan time outside the event, with a day of margin each side) ->
  already_checked_in (an entry whose nearest accepted row before or after it, in scan time, in
  the same scope, is an entry: of two conflicting entries the one that arrives second is refused,
  whatever the devices' clocks). Exits are always accepted for a valid ticket.
- `force` (the scan already happened at the door): skips unpaid, not_valid_now and
  already_checked_in; never skips unknown_ticket, wrong_event or cancelled.
- Scan instants more than MAX_CLOCK_SKEW in the future are `invalid` (per scan).
- Scope: rows with a session are per-(attendee, session) check-ins; they do not move the
  event door state. Registration-desk rows set is-registered only.
- Concurrency: the attendee rows of a request are locked (SELECT .. FOR UPDATE, in id order)
  before their history is read, so two requests scanning the same attendee serialise on
  PostgreSQL; on SQLite the request takes the database write lock first (lock_for_write).
- Cost: a batch costs the same number of statements whatever its size (on PostgreSQL the
  look-ups take one array parameter each).
"""

from __future__ import annotations

import bisect
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import any_, bindparam, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from openevent.core.db import utcnow
from openevent.events.models import Event
from openevent.orders.models import Attendee, Order
from openevent.schedule.models import Session

from .models import DIRECTIONS, CheckIn, CheckInDevice, Station

MAX_ID = 2**31 - 1  # ids are 32-bit integers: a larger one names nothing (PostgreSQL would refuse it)

MAX_CLOCK_SKEW = timedelta(minutes=5)
VALIDITY_MARGIN = timedelta(days=1)
MAX_BATCH = 1000
PAID_STATUSES = ("placed", "completed")
UNPAID_STATUSES = ("initializing", "pending")
CANCELLED_STATUSES = ("cancelled", "expired")
FORCEABLE = frozenset({"unpaid", "not_valid_now", "already_checked_in"})
# Tests switch this off to prove the race the attendee locks prevent (the canary must see it).
LOCKING = True

DETAILS = {
    "ok": "Checked.",
    "already_checked_in": "The attendee is already checked in (at the time of this scan).",
    "unpaid": "The order of this ticket is not paid.",
    "cancelled": "The order of this ticket was cancelled.",
    "unknown_ticket": "No ticket matches this scan.",
    "wrong_event": "This ticket belongs to another event.",
    "not_valid_now": "The ticket is not valid at the time of this scan.",
}


# -- scan input -------------------------------------------------------------------------------

@dataclass
class ScanInput:
    index: int
    nonce: str
    direction: str = "entry"
    secret: str | None = None
    attendee_id: int | None = None
    scanned_at: datetime | None = None
    force: bool = False
    device_name: str | None = None
    station_id: int | None = None
    session_id: int | None = None


@dataclass
class ScanResult:
    index: int
    nonce: str | None
    reason: str
    detail: str = ""
    check_in_id: int | None = None
    attendee_id: int | None = None
    replayed: bool = False
    forced: bool = False
    pointer: str | None = None
    attendee_name: str | None = None  # for the door staff; only of this event's attendees

    def as_json(self) -> dict[str, Any]:
        out = {
            "index": self.index,
            "nonce": self.nonce,
            "status": "ok" if self.reason == "ok" else "error",
            "reason": self.reason,
            "detail": self.detail or DETAILS.get(self.reason, ""),
            "check-in-id": str(self.check_in_id) if self.check_in_id is not None else None,
            "attendee-id": str(self.attendee_id) if self.attendee_id is not None else None,
            "attendee-name": self.attendee_name,
            "replayed": self.replayed,
            "forced": self.forced,
        }
        if self.pointer is not None:
            out["source"] = {"pointer": self.pointer}
        return out


class ScanInvalid(Exception):
    def __init__(self, member: str, detail: str) -> None:
        super().__init__(detail)
        self.member = member
        self.detail = detail


def _member(raw: dict, *names: str) -> tuple[str | None, Any]:
    for name in names:
        if name in raw:
            return name, raw[name]
    return None, None


def _parse_instant(name: str, value: Any) -> datetime:
    if not isinstance(value, str) or len(value) > 64:
        raise ScanInvalid(name, f"{name!r} must be an ISO 8601 instant with an offset, e.g. 2026-05-01T09:00:00Z.")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ScanInvalid(name, f"{name!r} is not an ISO 8601 instant: {value[:64]!r}.") from None
    if parsed.tzinfo is None:
        raise ScanInvalid(name, f"{name!r} must carry a timezone offset (e.g. 2026-05-01T09:00:00Z).")
    try:
        return parsed.astimezone(timezone.utc)
    except OverflowError:
        raise ScanInvalid(name, f"{name!r} is out of range.") from None


def _parse_id(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ScanInvalid(name, f"{name!r} must be an id.")
    if isinstance(value, int) and 0 < value <= MAX_ID:
        return value
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 10 and 0 < int(value) <= MAX_ID:
        return int(value)
    raise ScanInvalid(name, f"{name!r} must be an id (a positive integer or a string of digits).")


def _parse_text(name: str, value: Any, max_len: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ScanInvalid(name, f"{name!r} must be a non-empty string.")
    if len(value) > max_len:
        raise ScanInvalid(name, f"{name!r} may be at most {max_len} characters long.")
    if "\x00" in value:
        raise ScanInvalid(name, f"{name!r} may not contain NUL characters.")
    return value


def parse_scan(index: int, raw: Any, *, require_nonce: bool, now: datetime) -> ScanInput:
    """One scan object of a request -> ScanInput, or ScanInvalid naming the member."""
    if not isinstance(raw, dict):
        raise ScanInvalid("", "A scan must be a JSON object.")
    known = {"nonce", "secret", "attendee-id", "attendee_id", "attendee", "direction", "type", "scanned-at",
             "scanned_at", "datetime", "force", "device-name", "device_name", "station", "station-id", "station_id",
             "session", "session-id", "session_id"}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ScanInvalid(unknown[0], f"Unknown scan member {unknown[0]!r}.")
    name, nonce = _member(raw, "nonce")
    if nonce is None:
        if require_nonce:
            raise ScanInvalid("nonce", "'nonce' is required: a unique string per scan, so replays are safe.")
        nonce = "srv-" + uuid.uuid4().hex
    else:
        nonce = _parse_text("nonce", nonce, 64)
    scan = ScanInput(index=index, nonce=nonce)
    secret_name, secret = _member(raw, "secret")
    id_name, attendee = _member(raw, "attendee-id", "attendee_id", "attendee")
    if (secret is None) == (attendee is None):
        raise ScanInvalid("secret", "Send exactly one of 'secret' (the QR value) and 'attendee-id'.")
    if secret is not None:
        scan.secret = _parse_text("secret", secret, 255)
    else:
        scan.attendee_id = _parse_id(id_name, attendee)
    dir_name, direction = _member(raw, "direction", "type")
    if direction is not None:
        if direction not in DIRECTIONS:
            raise ScanInvalid(dir_name, f"{dir_name!r} must be one of {', '.join(DIRECTIONS)}.")
        scan.direction = direction
    at_name, at = _member(raw, "scanned-at", "scanned_at", "datetime")
    if at is not None:
        scan.scanned_at = _parse_instant(at_name, at)
        if scan.scanned_at > now + MAX_CLOCK_SKEW:
            raise ScanInvalid(at_name, f"{at_name!r} is in the future ({scan.scanned_at.isoformat()}); "
                                       "check the device clock.")
    force_name, force = _member(raw, "force")
    if force is not None:
        if not isinstance(force, bool):
            raise ScanInvalid("force", "'force' must be true or false.")
        scan.force = force
    dn_name, device_name = _member(raw, "device-name", "device_name")
    if device_name is not None:
        scan.device_name = _parse_text(dn_name, device_name, 255)
    st_name, station = _member(raw, "station", "station-id", "station_id")
    if station is not None:
        scan.station_id = _parse_id(st_name, station)
    se_name, session = _member(raw, "session", "session-id", "session_id")
    if session is not None:
        scan.session_id = _parse_id(se_name, session)
    return scan


# -- who is scanning --------------------------------------------------------------------------

@dataclass
class Scanner:
    """The author of scans: a user (registrar/organiser) or a device token."""

    user_id: int | None = None
    device: CheckInDevice | None = None

    @property
    def device_id(self) -> int | None:
        return self.device.id if self.device is not None else None

    @property
    def default_device_name(self) -> str | None:
        return self.device.name if self.device is not None else None


# -- derived state ----------------------------------------------------------------------------

def _iso(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat()


@dataclass
class _Row:
    attendee_id: int
    session_id: int | None
    is_registration: bool
    direction: str
    scanned_at: datetime
    order: tuple
    device_name: str | None = None


def derived_state(rows: list[_Row]) -> dict[str, Any]:
    """The attendee's cached check-in columns from its accepted rows (any order in, scan order used)."""
    door = sorted((r for r in rows if r.session_id is None and not r.is_registration), key=lambda r: r.order)
    registrations = sorted((r for r in rows if r.is_registration), key=lambda r: r.order)
    entries = [r for r in door if r.direction == "entry"]
    exits = [r for r in door if r.direction == "exit"]
    last = door[-1].direction if door else None
    return {
        "is_checked_in": last == "entry",
        "is_checked_out": last == "exit",
        "checkin_times": ",".join(_iso(r.scanned_at) for r in entries) or None,
        "checkout_times": ",".join(_iso(r.scanned_at) for r in exits) or None,
        "device_name_checkin": ",".join((r.device_name or "-").replace(",", " ") for r in entries) or None,
        "is_registered": bool(registrations),
        "registered_at": registrations[0].scanned_at if registrations else None,
        "register_times": ",".join(_iso(r.scanned_at) for r in registrations) or None,
    }


def _one_of(db: AsyncSession, column, values: list) -> Any:
    """`column IN values`; on PostgreSQL one array parameter (`= ANY($1)`): the statement text stays the
    same whatever the number of values (prepared once), and no per-value bind names are compiled."""
    if db.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(f"{column.key}_values", list(values), type_=postgresql.ARRAY(column.type)))
    return column.in_(list(values))


async def _accepted_rows(db: AsyncSession, attendee_ids: list[int]) -> list[_Row]:
    if not attendee_ids:
        return []
    stmt = select(CheckIn.id, CheckIn.attendee_id, CheckIn.session_id, CheckIn.is_registration, CheckIn.direction,
                  CheckIn.scanned_at, CheckIn.device_name).where(
        _one_of(db, CheckIn.__table__.c.attendee_id, attendee_ids), CheckIn.successful.is_(True))
    return [_Row(r.attendee_id, r.session_id, r.is_registration, r.direction, r.scanned_at, (r.scanned_at, 0, r.id),
                 r.device_name) for r in await db.execute(stmt)]


async def refresh_attendees(db: AsyncSession, attendee_ids: list[int]) -> None:
    """Recompute the cached check-in columns of these attendees from their rows (two statements)."""
    ids = sorted(set(attendee_ids))
    if not ids:
        return
    by_attendee: dict[int, list[_Row]] = {i: [] for i in ids}
    for row in await _accepted_rows(db, ids):
        by_attendee[row.attendee_id].append(row)
    await _write_state(db, by_attendee)


async def _write_state(db: AsyncSession, by_attendee: dict[int, list[_Row]]) -> None:
    """One executemany UPDATE of the cached columns, from each attendee's complete list of accepted rows."""
    if not by_attendee:
        return
    params = [{"_id": aid, **derived_state(rows)} for aid, rows in sorted(by_attendee.items())]
    table = Attendee.__table__
    stmt = update(table).where(table.c.id == bindparam("_id")).values(
        {key: bindparam(key) for key in params[0] if key != "_id"})
    await db.execute(stmt, params)
    # objects already loaded in this session get the new values (no reload: callers keep using them)
    for values in params:
        obj = db.identity_map.get(identity_key(Attendee, values["_id"]))
        if obj is not None:
            for key, value in values.items():
                if key != "_id":
                    set_committed_value(obj, key, value)


# -- scanning ---------------------------------------------------------------------------------

@dataclass
class _Target:
    id: int
    event_id: int
    status: str | None
    name: str | None
    deleted: bool


async def lock_for_write(db: AsyncSession) -> None:
    """SQLite ignores FOR UPDATE: take its (database-wide) write lock before reading an attendee's
    history, so two requests cannot both read "not checked in" and both accept an entry. Python's
    sqlite3 begins the transaction at the first write; earlier reads held no snapshot."""
    if LOCKING and db.get_bind().dialect.name == "sqlite":
        await db.execute(text("UPDATE attendees SET id = id WHERE 0"))


async def _lock_attendees(db: AsyncSession, secrets_: set[str], ids: set[int]) -> tuple[dict, dict]:
    """Attendees addressed by secret or id (any event), locked in id order; (by_secret, by_id)."""
    if not secrets_ and not ids:
        return {}, {}
    criteria = []
    if secrets_:
        criteria.append(_one_of(db, Attendee.__table__.c.secret, sorted(secrets_)))
    if ids:
        criteria.append(_one_of(db, Attendee.__table__.c.id, sorted(ids)))
    stmt = (select(Attendee.id, Attendee.event_id, Attendee.secret, Attendee.deleted_at, Attendee.firstname,
                   Attendee.lastname, Order.status)
            .join(Order, Order.id == Attendee.order_id)
            .where(or_(*criteria)).order_by(Attendee.id))
    if LOCKING:
        stmt = stmt.with_for_update(of=Attendee.__table__)
    await lock_for_write(db)
    by_secret, by_id = {}, {}
    for row in await db.execute(stmt):
        target = _Target(row.id, row.event_id, row.status, _name(row.firstname, row.lastname),
                         row.deleted_at is not None)
        by_secret[row.secret] = target
        by_id[row.id] = target
    return by_secret, by_id


def _name(firstname: str | None, lastname: str | None) -> str | None:
    return " ".join(p for p in (firstname, lastname) if p) or None


async def _existing_nonces(db: AsyncSession, event_id: int, nonces: list[str]) -> dict[str, Any]:
    """The recorded outcome (id, nonce, reason, attendee_id, forced) of each nonce already seen in this event."""
    if not nonces:
        return {}
    found: dict[str, Any] = {}
    for start in range(0, len(nonces), 1000):
        chunk = nonces[start:start + 1000]
        stmt = (select(CheckIn.id, CheckIn.nonce, CheckIn.reason, CheckIn.attendee_id, CheckIn.forced,
                       Attendee.firstname, Attendee.lastname)
                .outerjoin(Attendee, Attendee.id == CheckIn.attendee_id)
                .where(CheckIn.event_id == event_id, _one_of(db, CheckIn.__table__.c.nonce, chunk)))
        for row in await db.execute(stmt):
            found[row.nonce] = row
    return found


def _replay(scan_index: int, row: Any) -> ScanResult:
    return ScanResult(index=scan_index, nonce=row.nonce, reason=row.reason, check_in_id=row.id,
                      attendee_id=row.attendee_id, replayed=True, forced=row.forced,
                      attendee_name=_name(row.firstname, row.lastname))


async def _event_children(db: AsyncSession, model: type, event_id: int, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    stmt = select(model.id).where(model.id.in_(sorted(ids)), model.event_id == event_id)
    if hasattr(model, "deleted_at"):
        stmt = stmt.where(model.deleted_at.is_(None))
    return set((await db.execute(stmt)).scalars())


def _insert_statement(db: AsyncSession):
    dialect = db.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return (module.insert(CheckIn.__table__)
            .on_conflict_do_nothing(index_elements=["event_id", "nonce"])
            .returning(CheckIn.__table__.c.id, CheckIn.__table__.c.nonce))


class _Timeline:
    """Accepted rows per scope (attendee, session, registration), sorted by scan order."""

    def __init__(self, rows: list[_Row]) -> None:
        self.scopes: dict[tuple, list[tuple]] = {}
        for row in rows:
            self.add(row)

    @staticmethod
    def scope(row: _Row) -> tuple:
        return row.attendee_id, row.session_id, row.is_registration

    def add(self, row: _Row) -> None:
        bisect.insort(self.scopes.setdefault(self.scope(row), []), (row.order, row.direction))

    def previous(self, row: _Row) -> str | None:
        items = self.scopes.get(self.scope(row), [])
        pos = bisect.bisect_left(items, (row.order,))
        return items[pos - 1][1] if pos > 0 else None

    def following(self, row: _Row) -> str | None:
        items = self.scopes.get(self.scope(row), [])
        pos = bisect.bisect_left(items, (row.order,))
        return items[pos][1] if pos < len(items) else None


async def process_scans(
    db: AsyncSession,
    event: Event,
    scanner: Scanner,
    raw_scans: list[Any],
    *,
    source: str,
    require_nonce: bool = True,
    now: datetime | None = None,
) -> list[ScanResult]:
    """Validate, record and answer many scans for one event; one bad scan never rejects the others.

    Runs in the caller's transaction (the caller commits). Five statements per call on PostgreSQL
    (nonces, attendee lock, history, insert, state update; one when every scan is a replay; plus one
    per kind of station/session reference), whatever the number of scans.
    """
    now = now or utcnow()
    results: dict[int, ScanResult] = {}
    scans: list[ScanInput] = []
    for index, raw in enumerate(raw_scans):
        try:
            scans.append(parse_scan(index, raw, require_nonce=require_nonce, now=now))
        except ScanInvalid as exc:
            nonce = raw.get("nonce") if isinstance(raw, dict) and isinstance(raw.get("nonce"), str) else None
            pointer = f"/scans/{index}" + (f"/{exc.member}" if exc.member else "")
            results[index] = ScanResult(index=index, nonce=nonce, reason="invalid", detail=exc.detail, pointer=pointer)

    # replays: of earlier requests, and of an earlier scan of this same batch
    existing = await _existing_nonces(db, event.id, sorted({s.nonce for s in scans}))
    first_by_nonce: dict[str, ScanInput] = {}
    fresh: list[ScanInput] = []
    duplicates: list[tuple[ScanInput, ScanInput]] = []
    for scan in scans:
        if scan.nonce in existing:
            results[scan.index] = _replay(scan.index, existing[scan.nonce])
        elif scan.nonce in first_by_nonce:
            duplicates.append((scan, first_by_nonce[scan.nonce]))
        else:
            first_by_nonce[scan.nonce] = scan
            fresh.append(scan)

    stations = await _event_children(db, Station, event.id, {s.station_id for s in fresh if s.station_id})
    sessions = await _event_children(db, Session, event.id, {s.session_id for s in fresh if s.session_id})
    by_secret, by_id = await _lock_attendees(db, {s.secret for s in fresh if s.secret},
                                             {s.attendee_id for s in fresh if s.attendee_id})
    own_ids = sorted({t.id for t in (*by_secret.values(), *by_id.values()) if t.event_id == event.id})
    history = await _accepted_rows(db, own_ids)  # complete: these attendees are locked
    timeline = _Timeline(history)

    rows: list[dict[str, Any]] = []
    accepted: list[tuple[str, _Row]] = []
    # decide in scan-time order so a batch recorded offline is judged as it happened
    for scan in sorted(fresh, key=lambda s: (s.scanned_at or now, s.index)):
        if scan.station_id is not None and scan.station_id not in stations:
            results[scan.index] = ScanResult(scan.index, scan.nonce, "invalid",
                                             f"Station {scan.station_id} is not a station of this event.",
                                             pointer=f"/scans/{scan.index}/station")
            continue
        if scan.session_id is not None and scan.session_id not in sessions:
            results[scan.index] = ScanResult(scan.index, scan.nonce, "invalid",
                                             f"Session {scan.session_id} is not a session of this event.",
                                             pointer=f"/scans/{scan.index}/session")
            continue
        target = by_secret.get(scan.secret) if scan.secret is not None else by_id.get(scan.attendee_id)
        scanned_at = scan.scanned_at or now
        reason, attendee_id, forced = _judge(scan, target, event, scanned_at, timeline)
        row = {
            "event_id": event.id,
            "attendee_id": attendee_id,
            "station_id": scan.station_id,
            "session_id": scan.session_id,
            "user_id": scanner.user_id,
            "device_id": scanner.device_id,
            "direction": scan.direction,
            "is_registration": False,
            "scanned_at": scanned_at,
            "received_at": now,
            "device_name": scan.device_name or scanner.default_device_name,
            "nonce": scan.nonce,
            "source": source,
            "forced": forced,
            "successful": reason == "ok",
            "reason": reason,
            "raw_secret": scan.secret if attendee_id is None else None,
            "session_name": None,
            "track_name": None,
            "speaker_name": None,
        }
        rows.append(row)
        results[scan.index] = ScanResult(scan.index, scan.nonce, reason, attendee_id=attendee_id, forced=forced,
                                         attendee_name=target.name if attendee_id is not None else None)
        if reason == "ok":
            new = _Row(attendee_id, scan.session_id, False, scan.direction, scanned_at, (scanned_at, 1, scan.index),
                       row["device_name"])
            timeline.add(new)
            accepted.append((scan.nonce, new))

    inserted: dict[str, int] = {}
    if rows:
        inserted = {r.nonce: r.id for r in await db.execute(_insert_statement(db), rows)}
        lost = [row["nonce"] for row in rows if row["nonce"] not in inserted]
        winners = await _existing_nonces(db, event.id, lost) if lost else {}
        for scan in fresh:
            result = results[scan.index]
            if result.reason == "invalid":
                continue
            if scan.nonce in inserted:
                result.check_in_id = inserted[scan.nonce]
            elif scan.nonce in winners:  # a concurrent request recorded this nonce first
                results[scan.index] = _replay(scan.index, winners[scan.nonce])
    for scan, first in duplicates:
        original = results[first.index]
        results[scan.index] = ScanResult(scan.index, scan.nonce, original.reason, original.detail,
                                         original.check_in_id, original.attendee_id, replayed=True,
                                         forced=original.forced, pointer=original.pointer,
                                         attendee_name=original.attendee_name)
    touched = {r.attendee_id for _, r in accepted}
    if rows and len(inserted) < len(rows):
        await refresh_attendees(db, sorted(touched))  # a concurrent request wrote some of them: read back
    elif touched:
        by_attendee: dict[int, list[_Row]] = {aid: [] for aid in touched}
        for r in history:
            if r.attendee_id in by_attendee:
                by_attendee[r.attendee_id].append(r)
        for _, r in accepted:
            by_attendee[r.attendee_id].append(r)
        await _write_state(db, by_attendee)
    return [results[i] for i in range(len(raw_scans))]


def _judge(scan: ScanInput, target: _Target | None, event: Event, scanned_at: datetime,
           timeline: _Timeline) -> tuple[str, int | None, bool]:
    """(reason, attendee id to record, forced) for one scan."""
    if target is None or target.deleted:
        return "unknown_ticket", None, False
    if target.event_id != event.id:
        return "wrong_event", None, False
    if target.status in CANCELLED_STATUSES:
        return "cancelled", target.id, False
    problems = []
    if target.status not in PAID_STATUSES:
        problems.append("unpaid")
    if not (event.starts_at - VALIDITY_MARGIN <= scanned_at <= event.ends_at + VALIDITY_MARGIN):
        problems.append("not_valid_now")
    if scan.direction == "entry":
        probe = _Row(target.id, scan.session_id, False, "entry", scanned_at, (scanned_at, 1, scan.index))
        # a second entry with no exit in between, on either side in scan time: the ticket is already in
        # (whichever of two conflicting scans arrives second is refused, whatever their clocks say)
        if "entry" in (timeline.previous(probe), timeline.following(probe)):
            problems.append("already_checked_in")
    if not problems:
        return "ok", target.id, False
    if scan.force and all(p in FORCEABLE for p in problems):
        return "ok", target.id, True
    return problems[0], target.id, False


# -- device tokens ----------------------------------------------------------------------------

DEVICE_TOKEN_PREFIX = "oecd_"


def new_device_token() -> str:
    return DEVICE_TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_device_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


async def device_for_token(db: AsyncSession, token: str) -> CheckInDevice | None:
    """The live (not revoked) device of a token, or None; records last use."""
    if not token.startswith(DEVICE_TOKEN_PREFIX) or len(token) > 128:
        return None
    stmt = select(CheckInDevice).where(CheckInDevice.token_hash == hash_device_token(token),
                                       CheckInDevice.revoked_at.is_(None))
    return (await db.execute(stmt)).scalar_one_or_none()
