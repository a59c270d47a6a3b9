"""Permissions as data: a policy per (resource type, action), deny by default.

A policy is a tuple of grants; the action is allowed when any grant matches.
Grants look at the actor (loaded once per request) and at a Target describing
the object: the event it belongs to (from the stored row, never the request
body) and the user who owns it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from openevent.jsonapi.errors import forbidden, unauthorized

from .context import EVENT_ACCESS_ROLES, Actor, RequestContext


@dataclass(frozen=True)
class Target:
    event_id: int | None = None
    user_id: int | None = None  # the user who owns the object (self checks)


@dataclass(frozen=True)
class Grant:
    name: str
    check: Callable[[Actor, Target], bool]

    def __repr__(self) -> str:
        return self.name


ANYONE = Grant("anyone", lambda actor, target: True)
AUTHENTICATED = Grant("authenticated", lambda actor, target: actor.authenticated)
VERIFIED = Grant("verified user", lambda actor, target: actor.authenticated and actor.is_verified)
ADMIN = Grant("admin", lambda actor, target: actor.is_staff)
SUPER_ADMIN = Grant("super admin", lambda actor, target: actor.is_super_admin)
SELF = Grant("the user itself", lambda actor, target: actor.authenticated and target.user_id == actor.user_id)


def event_role(*roles: str) -> Grant:
    wanted = frozenset(roles)
    return Grant("event " + "|".join(sorted(wanted)), lambda actor, target: actor.has_event_role(target.event_id, wanted))


OWNER = event_role("owner")
ORGANIZER = event_role("owner", "organizer")
COORGANIZER = event_role(*EVENT_ACCESS_ROLES)
TRACK_ORGANIZER = event_role(*EVENT_ACCESS_ROLES, "track_organizer")
MODERATOR = event_role(*EVENT_ACCESS_ROLES, "moderator")
REGISTRAR = event_role(*EVENT_ACCESS_ROLES, "registrar")

POLICIES: dict[tuple[str, str], tuple[Grant, ...]] = {}


def define_policy(resource: str, **actions: tuple[Grant, ...]) -> None:
    """Declare who may do each action on a resource, e.g. define_policy("track", create=(ADMIN, COORGANIZER))."""
    for action, grants in actions.items():
        key = (resource, action)
        if key in POLICIES:
            raise ValueError(f"policy for {key} declared twice")
        POLICIES[key] = tuple(grants)


def allowed(actor: Actor, resource: str, action: str, target: Target = Target()) -> bool:
    grants = POLICIES.get((resource, action), ())
    return any(grant.check(actor, target) for grant in grants)


def authorize(ctx: RequestContext, resource: str, action: str, target: Target = Target(), *, detail: str | None = None) -> None:
    """Raise 401 for an anonymous caller and 403 for a logged-in one when not allowed."""
    if allowed(ctx.actor, resource, action, target):
        return
    if not ctx.actor.authenticated:
        raise unauthorized(detail or "Log in to do this.")
    raise forbidden(detail or f"You are not allowed to {action} this {resource}.")
