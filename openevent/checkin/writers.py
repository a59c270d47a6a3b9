"""Writes of stations, user check-ins, check-in devices, and the check-in members of PATCH /v1/attendees/{id}.

Decisions:
- Stations belong to one event (relationship required, never moved); co-organisers and up
  manage them; their microlocation must be a live room of the same event.
- POST /v1/user-check-in (Open Event): station and ticket-holder required, session optional.
  By station type: `registration` records a registration (422 when already registered at that
  station); `daily` an entry (422 when already checked in at that station the same day, in the
  event's timezone); `check in` an entry (422 when already checked in, in the same scope:
  the session's, or the event door's); `check out` an exit (422 when not checked in).
  A client `nonce` makes the POST idempotent (the original row is answered, nothing created).
- Check-in rows are never updated or deleted through the API (the audit trail).
- Check-in devices: created by check-in staff for one event; the token is in the POST response
  only; DELETE revokes (the row stays, so its check-ins keep their author).
- PATCH /v1/attendees/{id} check-in members (Open Event organiser frontend): `is-checked-in: true`
  with `checkin-times` (comma-separated instants; those already recorded are not recorded again)
  and optional `device-name-checkin` (as many comma-separated names as new times, or one for all);
  `is-checked-in: false` and `is-checked-out: true` record an exit now; `checkout-times` records
  exits at those instants; `is-registered: true` records a registration now. The cached columns
  are then recomputed from the rows, so whatever the client sent as the joined strings, the
  stored strings are the rows' history.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.core.db import utcnow
from openevent.core.savepoint import savepoint
from openevent.events.models import Event
from openevent.jsonapi.errors import JsonApiError, invalid_attribute, invalid_relationship, not_found, unauthorized
from openevent.jsonapi.input import ResourceInput
from openevent.orders.models import Attendee, Order
from openevent.schedule.models import Microlocation, Session
from openevent.schedule.writers import visible_event

from . import service
from .models import CheckIn, CheckInDevice, Station

CHECKIN_DENIED = "Only the event's organisers and registrars may check attendees in."


# -- stations ---------------------------------------------------------------------------------

async def _room_of_event(db: AsyncSession, event_id: int, room_id: str | None) -> int | None:
    if room_id is None:
        return None
    room = await db.get(Microlocation, int(room_id))
    if room is None or room.event_id != event_id or room.deleted_at is not None:
        raise invalid_relationship("microlocation", f"Microlocation {room_id} is not a room of this event.")
    return room.id


def _clean_station(attrs: dict[str, Any]) -> None:
    if "station_name" in attrs and not (attrs["station_name"] or "").strip():
        raise invalid_attribute("station-name", "'station-name' may not be blank.")


class StationWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Station:
        event = await visible_event(db, ctx, data.relationships["event"])
        authorize(ctx, "station", "create", Target(event_id=event.id),
                  detail="Only the event's organisers may add stations.")
        attrs = dict(data.attributes)
        _clean_station(attrs)
        room_id = await _room_of_event(db, event.id, data.relationships.get("microlocation"))
        station = Station(event_id=event.id, microlocation_id=room_id, **attrs)
        db.add(station)
        await db.flush()
        await db.refresh(station, ["microlocation"])
        return station

    async def update(self, db: AsyncSession, ctx: RequestContext, station: Station, data: ResourceInput) -> Station:
        authorize(ctx, "station", "update", Target(event_id=station.event_id))
        if "event" in data.relationships and data.relationships["event"] != str(station.event_id):
            raise invalid_relationship("event", "A station cannot be moved to another event.")
        attrs = dict(data.attributes)
        _clean_station(attrs)
        if "microlocation" in data.relationships:
            station.microlocation_id = await _room_of_event(db, station.event_id, data.relationships["microlocation"])
        for key, value in attrs.items():
            setattr(station, key, value)
        await db.flush()
        await db.refresh(station, ["microlocation"])
        return station

    async def delete(self, db: AsyncSession, ctx: RequestContext, station: Station, params: dict[str, str]) -> None:
        authorize(ctx, "station", "delete", Target(event_id=station.event_id))
        await db.delete(station)  # its check-in rows stay (station_id set to NULL)
        await db.flush()

    async def update_relationship(self, db, ctx, station: Station, rel, linkage, mode: str) -> None:
        authorize(ctx, "station", "update", Target(event_id=station.event_id))
        if rel.key == "event":
            if linkage != str(station.event_id):
                raise JsonApiError(422, "A station cannot be moved to another event.", pointer="/data")
            return
        station.microlocation_id = await _room_of_event(db, station.event_id, linkage)
        await db.flush()


# -- user check-in (Open Event) ---------------------------------------------------------------

async def _attendee_with_status(db: AsyncSession, attendee_id: int, *, lock: bool = False):
    stmt = (select(Attendee, Order.status).join(Order, Order.id == Attendee.order_id)
            .where(Attendee.id == attendee_id, Attendee.deleted_at.is_(None)))
    if lock:
        await service.lock_for_write(db)
        stmt = stmt.with_for_update(of=Attendee.__table__)
    row = (await db.execute(stmt)).first()
    return (row[0], row[1]) if row else (None, None)


def _local_date(instant: datetime, tz_name: str):
    try:
        return instant.astimezone(ZoneInfo(tz_name)).date()
    except Exception:  # noqa: BLE001 - an unknown zone falls back to UTC
        return instant.astimezone(timezone.utc).date()


async def _session_labels(db: AsyncSession, event_id: int, session_id: str | None) -> tuple[Session | None, dict]:
    if session_id is None:
        return None, {}
    stmt = (select(Session).where(Session.id == int(session_id))
            .options(selectinload(Session.speakers), selectinload(Session.track), selectinload(Session.session_type)))
    session = (await db.execute(stmt)).scalar_one_or_none()
    if session is None or session.event_id != event_id or session.deleted_at is not None:
        raise invalid_relationship("session", f"Session {session_id} is not a session of this event.")
    return session, {
        "session_name": session.session_type.name if session.session_type else None,
        "track_name": session.track.name if session.track else None,
        "speaker_name": ", ".join(s.name for s in session.speakers)[:1000] or None,
    }


async def _by_nonce(db: AsyncSession, event_id: int, nonce: str | None) -> CheckIn | None:
    if nonce is None:
        return None
    return (await db.execute(select(CheckIn).where(CheckIn.event_id == event_id, CheckIn.nonce == nonce))
            ).scalar_one_or_none()


async def insert_once(db: AsyncSession, row: CheckIn) -> CheckIn:
    """Insert a check-in row; when its nonce already exists (a replay or a lost race), the original row."""
    try:
        async with savepoint(db):
            db.add(row)
            await db.flush()
        return row
    except IntegrityError:
        original = await _by_nonce(db, row.event_id, row.nonce)
        if original is None:
            raise
        return original


class UserCheckInWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> CheckIn:
        if not ctx.actor.authenticated:
            raise unauthorized("Log in as the event's organiser or registrar.")
        station = await db.get(Station, int(data.relationships["station"]))
        if station is None or not (ctx.actor.is_staff or ctx.actor.has_event_role(station.event_id, _TEAM)):
            error = not_found(f"Station {data.relationships['station']} was not found.")
            error.pointer = "/data/relationships/station"
            raise error
        authorize(ctx, "check-in", "create", Target(event_id=station.event_id), detail=CHECKIN_DENIED)
        nonce = data.attributes.get("nonce")
        if nonce is not None and not nonce.strip():
            raise invalid_attribute("nonce", "'nonce' may not be blank.")
        original = await _by_nonce(db, station.event_id, nonce)
        if original is not None:
            return original
        attendee, status = await _attendee_with_status(db, int(data.relationships["attendee"]), lock=True)
        if attendee is None:
            raise invalid_relationship("ticket-holder", f"Attendee {data.relationships['attendee']} was not found.",
                                       status=404)
        if attendee.event_id != station.event_id:
            raise invalid_relationship("ticket-holder", "This attendee belongs to another event.")
        if status in service.CANCELLED_STATUSES:
            raise invalid_relationship("ticket-holder", "The order of this attendee was cancelled.")
        if status not in service.PAID_STATUSES:
            raise invalid_relationship("ticket-holder", "The order of this attendee is not paid.")
        session, labels = await _session_labels(db, station.event_id, data.relationships.get("session"))
        session_id = session.id if session else None
        now = utcnow()
        rows = await service._accepted_rows(db, [attendee.id])
        kind = station.station_type
        registration = kind == "registration"
        direction = "exit" if kind == "check out" else "entry"
        if registration:
            if any(r.is_registration and r.station_id == station.id for r in await _rows_at(db, attendee.id)):
                raise JsonApiError(422, "The attendee is already registered at this station.",
                                   pointer="/data/relationships/station")
        elif kind == "daily":
            event = await db.get(Event, station.event_id)
            today = _local_date(now, event.timezone)
            for r in await _rows_at(db, attendee.id):
                if r.station_id == station.id and r.session_id == session_id and \
                        _local_date(r.scanned_at, event.timezone) == today:
                    raise JsonApiError(422, "The attendee is already checked in at this station today.",
                                       pointer="/data/relationships/station")
        else:
            timeline = service._Timeline(rows)
            probe = service._Row(attendee.id, session_id, False, direction, now, (now, 2, 0))
            previous = timeline.previous(probe)
            if direction == "entry" and "entry" in (previous, timeline.following(probe)):
                raise JsonApiError(422, "The attendee is already checked in.", pointer="/data/relationships/station")
            if direction == "exit" and previous != "entry":
                raise JsonApiError(422, "The attendee is not checked in.", pointer="/data/relationships/station")
        row = CheckIn(event_id=station.event_id, attendee_id=attendee.id, station_id=station.id, session_id=session_id,
                      user_id=ctx.actor.user_id, direction=direction, is_registration=registration, scanned_at=now,
                      received_at=now, nonce=nonce, source="user-check-in", successful=True, reason="ok", **labels)
        row = await insert_once(db, row)
        await service.refresh_attendees(db, [attendee.id])
        return row

    async def update(self, db, ctx, obj, data):  # pragma: no cover - route not registered
        raise JsonApiError(405, "Check-ins cannot be changed.")

    async def delete(self, db, ctx, obj, params):  # pragma: no cover - route not registered
        raise JsonApiError(405, "Check-ins cannot be deleted.")


_TEAM = frozenset({"owner", "organizer", "coorganizer", "track_organizer", "moderator", "registrar"})


async def _rows_at(db: AsyncSession, attendee_id: int) -> list[CheckIn]:
    stmt = select(CheckIn).where(CheckIn.attendee_id == attendee_id, CheckIn.successful.is_(True))
    return list((await db.execute(stmt)).scalars())


# -- devices ----------------------------------------------------------------------------------

class DeviceWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> CheckInDevice:
        event = await visible_event(db, ctx, data.relationships["event"])
        authorize(ctx, "check-in-device", "create", Target(event_id=event.id),
                  detail="Only the event's organisers and registrars may issue check-in devices.")
        name = (data.attributes.get("name") or "").strip()
        if not name:
            raise invalid_attribute("name", "'name' may not be blank.")
        token = service.new_device_token()
        device = CheckInDevice(event_id=event.id, name=name, token_hash=service.hash_device_token(token),
                               token_prefix=token[:12], issued_by_id=ctx.actor.user_id)
        db.add(device)
        await db.flush()
        device.plain_token = token
        return device

    async def update(self, db, ctx, obj, data):  # pragma: no cover - route not registered
        raise JsonApiError(405, "Devices cannot be changed; revoke and issue a new one.")

    async def delete(self, db: AsyncSession, ctx: RequestContext, device: CheckInDevice,
                     params: dict[str, str]) -> None:
        authorize(ctx, "check-in-device", "delete", Target(event_id=device.event_id))
        if device.revoked_at is None:
            device.revoked_at = utcnow()
            await db.flush()


# -- PATCH /v1/attendees/{id}: the check-in members -------------------------------------------

def _pointer(member: str) -> str:
    return f"/data/attributes/{member}"


def _bool(values: dict, member: str) -> bool | None:
    if member not in values or values[member] is None:
        return None
    if not isinstance(values[member], bool):
        raise invalid_attribute(member, f"{member!r} must be true or false.")
    return values[member]


def _instants(values: dict, member: str) -> list[datetime]:
    raw = values.get(member)
    if raw is None:
        return []
    if not isinstance(raw, str):
        raise invalid_attribute(member, f"{member!r} must be a string of comma-separated instants.")
    out = []
    for part in (p.strip() for p in raw.split(",")):
        if not part:
            continue
        try:
            out.append(service._parse_instant(member, part))
        except service.ScanInvalid as exc:
            raise invalid_attribute(member, exc.detail) from None
        if out[-1] > utcnow() + service.MAX_CLOCK_SKEW:
            raise invalid_attribute(member, f"{member!r} contains an instant in the future ({part}).")
    return out


async def patch_attendee_checkin(db: AsyncSession, ctx: RequestContext, attendee: Attendee,
                                 values: dict[str, Any]) -> None:
    """The attendee-writer hook for the check-in members (see the module docstring).

    Clients echo the whole attendee back on PATCH: members that change nothing are accepted
    from anyone the attendee writer let through; any real change needs check-in permission.
    """
    checked_in = _bool(values, "is-checked-in")
    checked_out = _bool(values, "is-checked-out")
    registered = _bool(values, "is-registered")
    badge = _bool(values, "is-badge-printed")
    checkin_times = _instants(values, "checkin-times")
    checkout_times = _instants(values, "checkout-times")
    names_raw = values.get("device-name-checkin")
    if names_raw is not None and not isinstance(names_raw, str):
        raise invalid_attribute("device-name-checkin", "'device-name-checkin' must be a string.")
    if checked_in is True and not checkin_times:
        raise invalid_attribute("checkin-times", "'checkin-times' is required when checking in.")
    await service.lock_for_write(db)
    existing = await _rows_at(db, attendee.id)
    door = [r for r in existing if r.session_id is None and not r.is_registration]
    known_entries = {r.scanned_at for r in door if r.direction == "entry"}
    known_exits = {r.scanned_at for r in door if r.direction == "exit"}
    new_entries = [t for t in checkin_times if t not in known_entries]
    names = [n.strip() for n in (names_raw or "").split(",")] if names_raw else []
    if names and len(names) not in (1, len(new_entries), len(checkin_times)):
        raise invalid_attribute("device-name-checkin",
                                "'device-name-checkin' needs one name per check-in time (or one for all).")
    if len(names) == len(checkin_times) and len(names) != len(new_entries):
        names = [n for t, n in zip(checkin_times, names) if t not in known_entries]
    now = utcnow()
    rows: list[CheckIn] = []

    def add(direction: str, at: datetime, device_name: str | None = None, registration: bool = False) -> None:
        rows.append(CheckIn(event_id=attendee.event_id, attendee_id=attendee.id, user_id=ctx.actor.user_id,
                            direction=direction, is_registration=registration, scanned_at=at, received_at=now,
                            device_name=(device_name or None), source="patch", successful=True, reason="ok"))

    if checked_in is not False:
        for i, at in enumerate(new_entries):
            add("entry", at, names[0] if len(names) == 1 else (names[i] if i < len(names) else None))
    for at in checkout_times:
        if at not in known_exits:
            add("exit", at)
    currently_in = service.derived_state([_as_row(r) for r in existing])["is_checked_in"]
    if (checked_in is False or checked_out is True) and currently_in and not checkout_times:
        add("exit", now)
    if registered is True and not any(r.is_registration for r in existing):
        add("entry", now, registration=True)
    if registered is False and any(r.is_registration for r in existing):
        raise invalid_attribute("is-registered", "A registration cannot be undone.")
    print_badge = badge is True and not attendee.is_badge_printed
    if not rows and not print_badge:
        return
    authorize(ctx, "check-in", "create", Target(event_id=attendee.event_id), detail=CHECKIN_DENIED)
    for row in rows:
        db.add(row)
    if print_badge:
        attendee.is_badge_printed = True
        attendee.badge_printed_at = now
    await db.flush()
    await service.refresh_attendees(db, [attendee.id])


def _as_row(r: CheckIn) -> service._Row:
    return service._Row(r.attendee_id, r.session_id, r.is_registration, r.direction, r.scanned_at,
                        (r.scanned_at, 0, r.id), r.device_name)
