"""Reads of check-in: which event a scanning request is for, statistics, badges.

Access: anonymous callers get 401; events the caller cannot see are 404; visible events where
the caller is not check-in staff (owner, organizer, coorganizer, registrar, or admin) are 403.
Attendees of other events are 404 (their existence is not revealed).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.auth.policy import Target, authorize
from openevent.core.db import utcnow
from openevent.events.models import Event
from openevent.events.schemas import event_lookup
from openevent.events.visibility import event_visible
from openevent.jsonapi.errors import bad_parameter, forbidden, not_found, unauthorized
from openevent.jsonapi.input import parse_id
from openevent.orders.models import Attendee, Order
from openevent.schedule.models import Session, Track

from . import service
from .models import CheckIn
from .schemas import may_check_in

CHECKIN_DENIED = "Only the event's organisers and registrars may check attendees in or read check-in data."


async def _find_event(db: AsyncSession, ctx: RequestContext | None, id_or_identifier: str) -> Event | None:
    criteria = event_lookup(id_or_identifier)
    if criteria is None:
        return None
    stmt = select(Event).where(criteria, Event.deleted_at.is_(None))
    if ctx is not None:
        visible = event_visible(ctx)
        if visible is not None:
            stmt = stmt.where(visible)
    return (await db.execute(stmt)).scalar_one_or_none()


async def checkin_event(db: AsyncSession, ctx: RequestContext, id_or_identifier: str, *, action: str) -> Event:
    if not ctx.actor.authenticated:
        raise unauthorized("Log in as the event's organiser or registrar.")
    event = await _find_event(db, ctx, id_or_identifier)
    if event is None:
        raise not_found(f"No event {id_or_identifier[:64]!r} was found.", parameter="id")
    authorize(ctx, "check-in", action, Target(event_id=event.id), detail=CHECKIN_DENIED)
    return event


async def scan_event(db: AsyncSession, ctx: RequestContext, id_or_identifier: str) -> tuple[Event, service.Scanner]:
    device = ctx.extra.get("device")
    if device is None:
        event = await checkin_event(db, ctx, id_or_identifier, action="create")
        return event, service.Scanner(user_id=ctx.actor.user_id)
    event = await _find_event(db, None, id_or_identifier)
    if event is None or event.id != device.event_id:
        raise forbidden("This device token is for another event.")
    now = utcnow()
    if device.last_used_at is None or now - device.last_used_at > timedelta(minutes=1):
        device.last_used_at = now  # at most one write a minute per device
    return event, service.Scanner(device=device)


# -- statistics -------------------------------------------------------------------------------

def _ids(name: str, raw: str | None, model: type) -> list[int]:
    if raw is None or not raw.strip():
        return []
    out = []
    for part in raw.split(","):
        part = part.strip()
        number = parse_id(part, model)
        if number is None:
            raise bad_parameter(name, f"{name!r} must be comma-separated ids, got {part[:32]!r}.")
        out.append(number)
    if len(out) > 100:
        raise bad_parameter(name, f"At most 100 ids in {name!r}.")
    return list(dict.fromkeys(out))


def _day_bounds(event: Event, day: str | None) -> tuple[date, datetime, datetime]:
    try:
        zone = ZoneInfo(event.timezone)
    except Exception:  # noqa: BLE001
        zone = ZoneInfo("UTC")
    if day:
        try:
            local_day = date.fromisoformat(day)
        except ValueError:
            raise bad_parameter("date", "'date' must be a day like 2026-05-01.") from None
    else:
        local_day = utcnow().astimezone(zone).date()
    start = datetime.combine(local_day, time(0), tzinfo=zone).astimezone(timezone.utc)
    end = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(timezone.utc)
    return local_day, start, end


async def registration_stats(db: AsyncSession, event: Event, *, session_ids: str | None, track_ids: str | None,
                             day: str | None) -> dict[str, Any]:
    """Open Event's check-in statistics of one day (in the event's timezone; today by default).

    Counts are of distinct attendees: registered (registration desk), checked in/out per session
    and per track; `total_checked_in` is how many are inside now (door state).
    """
    wanted_sessions = _ids("session_ids", session_ids, Session)
    wanted_tracks = _ids("track_ids", track_ids, Track)
    local_day, start, end = _day_bounds(event, day)
    live = (Attendee.event_id == event.id, Attendee.deleted_at.is_(None),
            Order.status.not_in(service.CANCELLED_STATUSES))
    totals = (await db.execute(
        select(func.count(Attendee.id), func.count(Attendee.id).filter(Attendee.is_checked_in.is_(True)))
        .join(Order, Order.id == Attendee.order_id).where(*live))).one()
    rows = (await db.execute(
        select(CheckIn.attendee_id, CheckIn.session_id, CheckIn.direction, CheckIn.is_registration, Session.track_id)
        .outerjoin(Session, Session.id == CheckIn.session_id)
        .where(CheckIn.event_id == event.id, CheckIn.successful.is_(True),
               CheckIn.scanned_at >= start, CheckIn.scanned_at < end))).all()
    registered = {r.attendee_id for r in rows if r.is_registration}
    arrived = {r.attendee_id for r in rows if r.is_registration or r.direction == "entry"}
    session_in = {(r.session_id, r.attendee_id) for r in rows if r.session_id and r.direction == "entry"
                  and not r.is_registration}
    session_out = {(r.session_id, r.attendee_id) for r in rows if r.session_id and r.direction == "exit"}
    track_in = {(r.track_id, r.attendee_id) for r in rows if r.track_id and r.direction == "entry"
                and not r.is_registration}
    track_out = {(r.track_id, r.attendee_id) for r in rows if r.track_id and r.direction == "exit"}

    session_stats = []
    if wanted_sessions:
        sessions = {s.id: s for s in (await db.execute(
            select(Session).where(Session.id.in_(wanted_sessions), Session.event_id == event.id)
            .options(selectinload(Session.speakers), selectinload(Session.track)))).scalars()}
        missing = [i for i in wanted_sessions if i not in sessions]
        if missing:
            raise bad_parameter("session_ids", f"Session {missing[0]} is not a session of this event.")
        for sid in wanted_sessions:
            s = sessions[sid]
            session_stats.append({
                "session_id": str(sid), "session_name": s.title, "track_name": s.track.name if s.track else "",
                "speakers": [sp.name for sp in s.speakers],
                "check_in": sum(1 for k in session_in if k[0] == sid),
                "check_out": sum(1 for k in session_out if k[0] == sid),
            })
    track_stats = []
    if wanted_tracks:
        tracks = {t.id: t for t in (await db.execute(
            select(Track).where(Track.id.in_(wanted_tracks), Track.event_id == event.id))).scalars()}
        missing = [i for i in wanted_tracks if i not in tracks]
        if missing:
            raise bad_parameter("track_ids", f"Track {missing[0]} is not a track of this event.")
        for tid in wanted_tracks:
            track_stats.append({
                "track_id": str(tid), "track_name": tracks[tid].name,
                "check_in": sum(1 for k in track_in if k[0] == tid),
                "check_out": sum(1 for k in track_out if k[0] == tid),
            })
    total = totals[0]
    return {
        "date": local_day.isoformat(),
        "total_attendee": total,
        "total_registered": len(registered),
        "total_not_checked_in": max(total - len(arrived), 0),
        "total_checked_in": totals[1],
        "total_track_checked_in": len(track_in),
        "total_track_checked_out": len(track_out),
        "total_session_checked_in": len(session_in),
        "total_session_checked_out": len(session_out),
        "session_stats": session_stats,
        "track_stats": track_stats,
    }


# -- badge ------------------------------------------------------------------------------------

async def badge_attendee(db: AsyncSession, ctx: RequestContext, raw_id: str | None) -> Attendee:
    if not ctx.actor.authenticated:
        raise unauthorized("Log in as the event's organiser or registrar.")
    if raw_id is None or not raw_id.strip():
        raise bad_parameter("attendee_id", "'attendee_id' is missing from the request.")
    attendee_id = parse_id(raw_id.strip(), Attendee)
    if attendee_id is None:
        raise bad_parameter("attendee_id", "'attendee_id' must be an attendee id.")
    attendee = await db.get(Attendee, attendee_id)
    if attendee is None or attendee.deleted_at is not None or not _sees_event(ctx, attendee.event_id):
        raise not_found(f"Attendee {raw_id} was not found.", parameter="attendee_id")
    if not may_check_in(ctx, attendee.event_id):
        raise forbidden("Only the event's organisers and registrars may print badges.")
    return attendee


def _sees_event(ctx: RequestContext, event_id: int) -> bool:
    return ctx.actor.is_staff or ctx.actor.has_event_role(event_id, TEAM_ROLES)

