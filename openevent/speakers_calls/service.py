"""Business rules of calls for speakers: validation of the call's dates, who may see a call,
and whether an event's call is open (the programme asks before a speaker signs up)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.events.models import Event
from openevent.events.sanitize import clean_html
from openevent.jsonapi.errors import invalid_attribute
from openevent.schedule.service import in_visible_event

from .models import SpeakersCall


def clean_call(attrs: dict[str, Any]) -> None:
    if "announcement" in attrs:
        attrs["announcement"] = clean_html(attrs["announcement"], allow_links=True)
    for key in ("starts_at", "ends_at"):
        if key in attrs and attrs[key] is None:
            raise invalid_attribute(key.replace("_", "-"), f"{key.replace('_', '-')!r} may not be null.")


def check_call_dates(attrs: dict[str, Any], call: SpeakersCall | None, event: Event) -> None:
    """starts-at < ends-at; soft-ends-at (optional) between them; the call ends by the end of the event.
    The pointer names the member the client sent (ends-at when both were sent)."""

    def value(key: str) -> datetime | None:
        if key in attrs:
            return attrs[key]
        return getattr(call, key) if call is not None else None

    starts, soft_ends, ends = value("starts_at"), value("soft_ends_at"), value("ends_at")
    if starts is not None and ends is not None and ends <= starts:
        raise invalid_attribute("ends-at" if "ends_at" in attrs else "starts-at", "ends-at must be after starts-at.")
    if soft_ends is not None:
        pointer = "soft-ends-at" if "soft_ends_at" in attrs else ("ends-at" if "ends_at" in attrs else "starts-at")
        if starts is not None and soft_ends < starts:
            raise invalid_attribute(pointer, "soft-ends-at may not be before starts-at.")
        if ends is not None and soft_ends > ends:
            raise invalid_attribute(pointer, "soft-ends-at may not be after ends-at.")
    if ends is not None and event.ends_at is not None and ends > event.ends_at:
        raise invalid_attribute("ends-at", f"The call must end by the end of the event ({event.ends_at.isoformat()}).")


def call_visible(ctx: RequestContext) -> Any:
    """Public calls of visible events for everyone; private calls for the event's team and admins."""
    actor = ctx.actor
    in_event = in_visible_event(SpeakersCall, ctx)
    if actor.is_staff:
        return in_event
    team = actor.event_ids_with(TEAM_ROLES)
    public = SpeakersCall.privacy == "public"
    return and_(in_event, or_(public, SpeakersCall.event_id.in_(team)) if team else public)


def call_private_view(call: SpeakersCall, ctx: RequestContext) -> bool:
    """The hash (the private call's link token) is for the team and admins."""
    actor = ctx.actor
    return actor.is_staff or actor.has_event_role(call.event_id, TEAM_ROLES)


async def live_call(db: AsyncSession, event_id: int) -> SpeakersCall | None:
    return await db.scalar(select(SpeakersCall).where(SpeakersCall.event_id == event_id,
                                                      SpeakersCall.deleted_at.is_(None)))


async def call_is_open(db: AsyncSession, event: Event, now: datetime) -> bool:
    """Speakers may sign up themselves: sessions/speakers enabled and a live call running now."""
    if not event.is_sessions_speakers_enabled:
        return False
    call = await live_call(db, event.id)
    return call is not None and call.starts_at <= now <= call.ends_at
