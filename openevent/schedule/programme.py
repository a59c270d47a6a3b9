"""Facts about an event's programme for schedule pages: the days and languages of its sessions.

Non-team callers see the public programme only (accepted/confirmed, live
sessions); the event's team and admins every live session. Days are calendar
dates in the event's timezone (a session at 23:30 UTC in Singapore is on the
next day), as the frontend shows them.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.events.models import Event
from openevent.events.visibility import is_team_or_admin

from .models import PUBLIC_SESSION_STATES, Session


def _programme(column, ctx: RequestContext, event: Event) -> Select:
    stmt = select(column).where(Session.event_id == event.id, Session.deleted_at.is_(None)).distinct()
    if not is_team_or_admin(event, ctx):
        stmt = stmt.where(Session.state.in_(PUBLIC_SESSION_STATES))
    return stmt


async def session_dates(db: AsyncSession, ctx: RequestContext, event: Event) -> list[str]:
    zone = ZoneInfo(event.timezone or "UTC")
    starts = (await db.scalars(_programme(Session.starts_at, ctx, event).where(Session.starts_at.is_not(None)))).all()
    return sorted({value.astimezone(zone).date().isoformat() for value in starts})


async def session_languages(db: AsyncSession, ctx: RequestContext, event: Event) -> list[str]:
    rows = (await db.scalars(_programme(Session.language, ctx, event).where(Session.language.is_not(None)))).all()
    return sorted({value.strip() for value in rows if value.strip()}, key=str.casefold)
