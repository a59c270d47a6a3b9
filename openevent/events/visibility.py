"""Who may see which events: one definition used by every query that touches events.

- Published, live (not soft-deleted) events are visible to everyone; private
  ones are reachable by link but not listed publicly (`listed_events`).
- Drafts and soft-deleted events are visible to the event's team and to
  admins only; to everybody else they do not exist (404, never 403).
- Team members and admins also see an event's private members.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from openevent.auth.context import TEAM_ROLES, RequestContext

from .models import Event


def _public_live():
    return and_(Event.state == "published", Event.deleted_at.is_(None))


def event_visible(ctx: RequestContext):
    """Criteria on Event for the events this caller may read (None = all).

    Soft-deleted rows pass only for the team; the JSON:API layer removes them
    for everyone unless `get_trashed=true` and `may_see_trashed`.
    """
    actor = ctx.actor
    if actor.is_staff:
        return None
    team_events = actor.event_ids_with(TEAM_ROLES)
    public = _public_live()
    return or_(public, Event.id.in_(team_events)) if team_events else public


def listed_events(ctx: RequestContext):
    """Criteria for public listings: private published events are reachable only by link."""
    actor = ctx.actor
    if actor.is_staff:
        return None
    team_events = actor.event_ids_with(TEAM_ROLES)
    public = and_(Event.state == "published", Event.privacy == "public")
    return or_(public, Event.id.in_(team_events)) if team_events else public


def role_events(ctx: RequestContext):
    """Criteria for `?withRole=true`: only events where the caller holds any role."""
    return Event.id.in_(sorted(ctx.actor.event_roles))


def visible_event_ids(ctx: RequestContext):
    """A subquery of visible, live event ids, for criteria on child resources."""
    stmt = select(Event.id).where(Event.deleted_at.is_(None))
    criteria = event_visible(ctx)
    if criteria is not None:
        stmt = stmt.where(criteria)
    return stmt


def is_team_or_admin(event: Event, ctx: RequestContext) -> bool:
    """May see the event's private members (organiser view)."""
    actor = ctx.actor
    return actor.is_staff or actor.has_event_role(event.id, TEAM_ROLES)


def may_see_trashed(ctx: RequestContext) -> bool:
    """`get_trashed=true` is honoured for admins and team members (of their own events: see event_visible)."""
    actor = ctx.actor
    return actor.is_staff or bool(actor.event_ids_with(TEAM_ROLES))
