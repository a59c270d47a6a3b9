"""Reusable queries of the programme: who may read which tracks, rooms, sessions, speakers.

One definition per resource, used for lists, details, includes and relationship
filters alike (the JSON:API layer applies `ResourceDef.visible` everywhere):

- children of events the caller cannot see are invisible;
- sessions are public when accepted or confirmed; the event's team and admins
  see every state; a session's own speakers (linked by user or by email) and its
  creator see it too;
- speakers are public when they have at least one public session; the team,
  admins and the speaker's own user see them regardless.

The EXISTS subqueries use their own aliases of the association table and of the
other side, so they correlate only with the row being tested, also where the
layer embeds them in a query that joins the same tables (the eager load of
`Session.speakers` does). Correlated EXISTS keeps their cost proportional to the
rows of the page, not to every session in the database.
"""

from __future__ import annotations

import string
from functools import cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import and_, exists, func, or_
from sqlalchemy.orm import aliased

from openevent.auth.context import TEAM_ROLES, Actor, RequestContext
from openevent.events.visibility import visible_event_ids

from .models import PUBLIC_SESSION_STATES, Session, Speaker, speakers_sessions


def in_visible_event(model: type, ctx: RequestContext) -> Any:
    """Rows of `model` whose event the caller may see."""
    return model.event_id.in_(visible_event_ids(ctx).correlate(None))


def team_event_ids(actor: Actor) -> list[int]:
    return actor.event_ids_with(TEAM_ROLES)


def speaker_is_actor(actor: Actor, speaker=Speaker) -> Any:
    """Criteria on Speaker (or an alias): this speaker row is the caller (by user link or email)."""
    if not actor.authenticated:
        return None
    clauses = [speaker.user_id == actor.user_id]
    if actor.email:
        clauses.append(func.lower(speaker.email) == actor.email.lower())
    return or_(*clauses)


def session_visible(ctx: RequestContext) -> Any:
    actor = ctx.actor
    in_event = in_visible_event(Session, ctx)
    if actor.is_staff:
        return in_event
    allowed = [Session.state.in_(PUBLIC_SESSION_STATES)]
    team = team_event_ids(actor)
    if team:
        allowed.append(Session.event_id.in_(team))
    if actor.authenticated:
        allowed.append(Session.creator_id == actor.user_id)
        allowed.append(_has_own_speaker(actor))
    return and_(in_event, or_(*allowed))


@cache
def _aliases() -> SimpleNamespace:
    """Built once, on first use (aliasing configures the mappers, so not at import time):
    aliases are immutable, and stable names keep SQLAlchemy's statement cache warm."""
    return SimpleNamespace(
        own_link=speakers_sessions.alias("own_link"),
        own_speaker=aliased(Speaker, name="own_speaker"),
        public_link=speakers_sessions.alias("public_link"),
        public_session=aliased(Session, name="public_session"),
    )


def _has_own_speaker(actor: Actor) -> Any:
    """Criteria on Session: one of its live speakers is the caller."""
    a = _aliases()
    return exists().where(
        a.own_link.c.session_id == Session.id,
        a.own_speaker.id == a.own_link.c.speaker_id,
        a.own_speaker.deleted_at.is_(None),
        speaker_is_actor(actor, a.own_speaker),
    )


def _has_public_session() -> Any:
    """Criteria on Speaker: at least one live accepted/confirmed session."""
    a = _aliases()
    return exists().where(
        a.public_link.c.speaker_id == Speaker.id,
        a.public_session.id == a.public_link.c.session_id,
        a.public_session.state.in_(PUBLIC_SESSION_STATES),
        a.public_session.deleted_at.is_(None),
    )


def speaker_visible(ctx: RequestContext) -> Any:
    actor = ctx.actor
    in_event = in_visible_event(Speaker, ctx)
    if actor.is_staff:
        return in_event
    allowed = [_has_public_session()]
    team = team_event_ids(actor)
    if team:
        allowed.append(Speaker.event_id.in_(team))
    own = speaker_is_actor(actor)
    if own is not None:
        allowed.append(own)
    return and_(in_event, or_(*allowed))


def speaker_private_view(speaker: Speaker, ctx: RequestContext) -> bool:
    """Email and mobile: the team, admins and the speaker's own user."""
    actor = ctx.actor
    if actor.is_staff or actor.has_event_role(speaker.event_id, TEAM_ROLES):
        return True
    if not actor.authenticated:
        return False
    if speaker.user_id is not None and speaker.user_id == actor.user_id:
        return True
    return bool(actor.email and speaker.email and speaker.email.lower() == actor.email.lower())


def event_child_visible(model: type):
    """Visibility of tracks, rooms and session types: that of their event."""

    def visible(ctx: RequestContext) -> Any:
        return in_visible_event(model, ctx)

    return visible


def staff_only(ctx: RequestContext) -> bool:
    return ctx.actor.is_staff


def font_color(color: str | None) -> str | None:
    """Black or white text, whichever reads better on a `#rgb`/`#rrggbb` background.

    Uses the perceived brightness (0.299 R + 0.587 G + 0.114 B) like Open Event;
    None when the colour is not a hex colour.
    """
    text = (color or "").strip()
    digits = text[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    if not text.startswith("#") or len(digits) != 6 or not all(c in string.hexdigits for c in digits):
        return None
    red, green, blue = (int(digits[i:i + 2], 16) for i in (0, 2, 4))
    brightness = (0.299 * red + 0.587 * green + 0.114 * blue) / 255
    return "#000000" if brightness > 0.5 else "#ffffff"
