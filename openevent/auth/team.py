"""Writes to an event's team (users-events-roles): change a member's role, remove a member.

Rules:
- Owners and organizers (and admins) manage the team; a member may also leave it.
- Members join through role invites (their consent), so there is no POST here.
- Only the role of a membership changes; its event and user are fixed.
- The owner's row can be neither removed nor changed, and nobody becomes owner
  here: ownership moves only through an accepted owner invite (role_invites).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.signals import emit_after_commit
from openevent.jsonapi.errors import conflict, forbidden, invalid_relationship
from openevent.jsonapi.input import ResourceInput
from openevent.jsonapi.resource import Relationship

from .context import RequestContext
from .models import Role, UsersEventsRoles
from .policy import Target, allowed, authorize

TEAM_CHANGED = "team.changed"


def _target(row: UsersEventsRoles) -> Target:
    return Target(event_id=row.event_id, user_id=row.user_id)


async def _role_name(db: AsyncSession, role_id: int) -> str:
    return (await db.execute(select(Role.name).where(Role.id == role_id))).scalar_one()


class TeamWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:  # pragma: no cover
        raise AssertionError("team members join through role invites")

    async def update(self, db: AsyncSession, ctx: RequestContext, row: UsersEventsRoles, data: ResourceInput):
        if "role" in data.relationships:
            await self._change_role(db, ctx, row, data.relationships["role"], pointer_name="role")
        else:
            authorize(ctx, "users-events-roles", "manage", _target(row))
        return row

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, row: UsersEventsRoles,
                                  rel: Relationship, linkage: Any, mode: str) -> None:
        await self._change_role(db, ctx, row, linkage, pointer_name="role")

    async def _change_role(self, db: AsyncSession, ctx: RequestContext, row: UsersEventsRoles, role_id: Any,
                           *, pointer_name: str) -> None:
        authorize(ctx, "users-events-roles", "manage", _target(row),
                  detail="Only the event's owner and organizers may change team roles.")
        if role_id is None:
            raise invalid_relationship(pointer_name, "A team membership needs a role; delete it to remove the member.")
        role = await db.get(Role, int(role_id))
        if role is None:
            raise invalid_relationship(pointer_name, f"No role with id {role_id!r}.", status=404)
        current = await _role_name(db, row.role_id)
        if role.id == row.role_id:
            return
        if current == "owner":
            raise forbidden("The owner's role cannot be changed; hand over the ownership with an owner invite.",
                            pointer="/data/relationships/role")
        if role.name == "owner":
            raise invalid_relationship(pointer_name, "Ownership is handed over through an owner invite, "
                                                     "which the new owner accepts.")
        taken = exists().where(UsersEventsRoles.user_id == row.user_id, UsersEventsRoles.event_id == row.event_id,
                               UsersEventsRoles.role_id == role.id)
        if await db.scalar(select(taken)):
            raise conflict(f"This user already holds the role {role.name!r} in this event.",
                           pointer="/data/relationships/role")
        row.role_id = role.id
        await db.flush()
        emit_after_commit(db, TEAM_CHANGED, event_id=row.event_id, user_id=row.user_id)

    async def delete(self, db: AsyncSession, ctx: RequestContext, row: UsersEventsRoles, params: dict[str, str]):
        target = _target(row)
        if not allowed(ctx.actor, "users-events-roles", "leave", target):
            authorize(ctx, "users-events-roles", "manage", target,
                      detail="Only the event's owner and organizers may remove team members.")
        if await _role_name(db, row.role_id) == "owner":
            raise forbidden("The owner cannot be removed from the team; hand over the ownership first.")
        await db.delete(row)
        await db.flush()
        emit_after_commit(db, TEAM_CHANGED, event_id=row.event_id, user_id=row.user_id)
