"""Who may see which events: one definition used by every query that touches events.

- Published, not deleted events are visible to everyone (private ones only by
  direct link, not in public lists: see `listed_events`).
- Drafts are visible to the event's team and to admins.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from openevent.auth.context import TEAM_ROLES, RequestContext

from .models import Event


def event_visible(ctx: RequestContext):
    """Criteria on Event for the events this caller may read (None = all)."""
    actor = ctx.actor
    if actor.is_staff:
        return None
    team_events = actor.event_ids_with(TEAM_ROLES)
    published = Event.state == "published"
    return or_(published, Event.id.in_(team_events)) if team_events else published


def listed_events(ctx: RequestContext):
    """Criteria for public listings: private published events are reachable only by link."""
    actor = ctx.actor
    if actor.is_staff:
        return None
    team_events = actor.event_ids_with(TEAM_ROLES)
    public = and_(Event.state == "published", Event.privacy == "public")
    return or_(public, Event.id.in_(team_events)) if team_events else public


def visible_event_ids(ctx: RequestContext):
    """A subquery of visible, live event ids, for criteria on child resources."""
    stmt = select(Event.id).where(Event.deleted_at.is_(None))
    criteria = event_visible(ctx)
    if criteria is not None:
        stmt = stmt.where(criteria)
    return stmt
