"""Export triggers and the calendar feed: event lookup, permission checks, request bodies.

Who may start an export is data (`define_policy("export", ...)`): the event's owner,
organizers and co-organizers, and admins. Events the caller cannot see answer 404
(never 403); anonymous callers get 401 before anything is looked up.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import ADMIN, COORGANIZER, Target, authorize, define_policy
from openevent.events.models import Event
from openevent.events.schemas import event_lookup
from openevent.events.visibility import event_visible
from openevent.jsonapi.errors import invalid_attribute, not_found, unauthorized
from openevent.jsonapi.http import parse_options_body

from .schedule_data import ScheduleNotFound, load_schedule
from .tasks import RENDERERS

define_policy("export", create=(ADMIN, COORGANIZER))

MEDIA_TOGGLES = ("image", "video", "audio", "document")
MAX_BODY_BYTES = 4096
ICS_MAX_AGE = 300  # seconds a calendar client or proxy may reuse a published feed


async def find_visible_event(db: AsyncSession, ctx: RequestContext, id_or_identifier: str) -> Event:
    """The live event addressed by numeric id or identifier, if the caller may see it; else 404."""
    criteria = event_lookup(id_or_identifier)
    event = None
    if criteria is not None:
        stmt = select(Event).where(criteria, Event.deleted_at.is_(None))
        visible = event_visible(ctx)
        if visible is not None:
            stmt = stmt.where(visible)
        event = (await db.execute(stmt)).scalar_one_or_none()
    if event is None:
        raise not_found(f"No event {id_or_identifier[:64]!r} was found.", parameter="id")
    return event


async def event_for_export(db: AsyncSession, ctx: RequestContext, id_or_identifier: str) -> Event:
    """401 anonymous, 404 invisible, 403 visible but not an organiser."""
    if not ctx.actor.authenticated:
        raise unauthorized("Log in to export an event.")
    event = await find_visible_event(db, ctx, id_or_identifier)
    authorize(ctx, "export", "create", Target(event_id=event.id),
              detail="Only the event's organisers may export it.")
    return event


def parse_media_toggles(body: bytes, *, extra: tuple[str, ...] = ()) -> dict[str, bool]:
    """The optional body of POST /export/json: {image, video, audio, document} booleans (default false).

    `extra` names further boolean toggles (e.g. "private-data"); they are returned with
    underscores (private_data) and may be spelled with either."""
    data = parse_options_body(body, max_bytes=MAX_BODY_BYTES)
    toggles = {}
    for name in (*MEDIA_TOGGLES, *extra):
        value = data.get(name, data.get(name.replace("-", "_"), False))
        if value is None:
            value = False
        if not isinstance(value, bool):
            raise invalid_attribute(name, f"{name} must be true or false.")
        toggles[name.replace("-", "_")] = value
    return toggles


def parse_status(body: bytes) -> str:
    """The optional {"status": "all" | session state} of the sessions/speakers CSV exports."""
    from .csv_export import STATUS_CHOICES

    status = parse_options_body(body, max_bytes=MAX_BODY_BYTES).get("status")
    if status is None:
        return "all"
    if status not in STATUS_CHOICES:
        raise invalid_attribute("status", f"status must be one of {', '.join(STATUS_CHOICES)}.")
    return status


async def schedule_feed(
    db: AsyncSession, ctx: RequestContext, id_or_identifier: str, export_name: str = "export.ical"
) -> tuple[Event, bytes, str]:
    """A visible event's schedule rendered synchronously: (event, body, etag).

    The ETag ignores DTSTAMP (the time of rendering), so unchanged programmes revalidate."""
    event = await find_visible_event(db, ctx, id_or_identifier)
    try:
        schedule = await load_schedule(db, event.id)
    except ScheduleNotFound:  # deleted in between
        raise not_found(f"No event {id_or_identifier[:64]!r} was found.", parameter="id") from None
    body = RENDERERS[export_name](schedule, base_url=ctx.settings.base_url)
    return event, body, feed_etag(body)


_RENDER_TIME = re.compile(rb"DTSTAMP[^\r\n]*|<dtstamp>.*?</dtstamp>", re.DOTALL)


def feed_etag(body: bytes) -> str:
    stable = _RENDER_TIME.sub(b"", body)
    return '"' + hashlib.sha256(stable).hexdigest()[:32] + '"'


def etag_matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    candidates = {part.strip().removeprefix("W/") for part in header.split(",")}
    return "*" in candidates or etag in candidates
