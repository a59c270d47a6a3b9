"""Who is asking: the actor of a request, with all their event roles loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Roles that give full access to an event's management ("has event access" in Open Event).
EVENT_ACCESS_ROLES = frozenset({"owner", "organizer", "coorganizer"})
# Every team role (sees draft data of the event).
TEAM_ROLES = frozenset({"owner", "organizer", "coorganizer", "track_organizer", "moderator", "registrar"})


@dataclass
class Actor:
    user_id: int | None = None
    is_admin: bool = False
    is_super_admin: bool = False
    is_verified: bool = False
    email: str | None = None
    token_jti: str | None = None
    event_roles: dict[int, frozenset[str]] = field(default_factory=dict)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_staff(self) -> bool:
        return self.is_admin or self.is_super_admin

    def roles_in(self, event_id: int | None) -> frozenset[str]:
        if event_id is None:
            return frozenset()
        return self.event_roles.get(event_id, frozenset())

    def has_event_role(self, event_id: int | None, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.roles_in(event_id) & roles)

    def event_ids_with(self, roles: frozenset[str] | set[str]) -> list[int]:
        return sorted(eid for eid, held in self.event_roles.items() if held & roles)


ANONYMOUS = Actor()


@dataclass
class RequestContext:
    actor: Actor
    settings: Any
    client_address: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    @property
    def authenticated(self) -> bool:
        """Whether a user is logged in (the generic JSON:API layer answers 401 rather than 403 if not)."""
        return self.actor.authenticated
