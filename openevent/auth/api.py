"""HTTP routes of the auth domain (thin: parse, authorise, call the service).

JSON:API resources: users, roles, users-events-roles. The token endpoints
(login, refresh, logout, blacklist) speak plain JSON: see token_api.py.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, conflict, forbidden, invalid_attribute
from openevent.jsonapi.input import ResourceInput
from openevent.jsonapi.loading import fetch_one
from openevent.jsonapi.resource import registry

from . import account_mail, role_invites, service, token_api
from .context import RequestContext
from .models import EVENT_ROLE_NAMES, Role, User, UsersEventsRoles
from .policy import Target, allowed, authorize
from .team import TeamWriter
from .schemas import PRIVILEGED_ATTRIBUTES, REGISTERED_USER, ROLE, USER, USERS_EVENTS_ROLES
from .writers import apply_attributes


def account_error(exc: service.AccountError) -> JsonApiError:
    """An AccountError about an attribute, as a JSON:API error pointing at it."""
    name = USER.attribute(exc.field).name
    if isinstance(exc, service.DuplicateEmail):
        return conflict(str(exc), pointer=f"/data/attributes/{name}")
    return invalid_attribute(name, str(exc))


class UserWriter:
    """Registration, profile changes and soft deletion of accounts."""

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> User:
        authorize(ctx, "user", "create")
        fields = privileged_checked(ctx, Target(), data.attributes, dict.fromkeys(PRIVILEGED_ATTRIBUTES, False))
        try:
            user = await service.create_user(db, email=fields.pop("email"), password=fields.pop("password"), **fields)
        except service.AccountError as exc:
            raise account_error(exc) from None
        ctx.extra[REGISTERED_USER] = user.id
        if not user.is_verified:
            await account_mail.mail_verification(db, ctx.base_url, user)
        return user

    async def update(self, db: AsyncSession, ctx: RequestContext, user: User, data: ResourceInput) -> User:
        target = authorize_account_change(ctx, user, "update")
        current = {key: getattr(user, key) for key in PRIVILEGED_ATTRIBUTES}
        fields = privileged_checked(ctx, target, data.attributes, current)
        try:
            if "password" in fields:
                await change_password(db, ctx, target, user, fields)
                return user
            old_email = user.email
            if "email" in fields:
                await service.change_email(db, user, fields.pop("email"))
            apply_attributes(user, ResourceInput(attributes=fields))
            await service.flush_unique_email(db)
            if user.email != old_email:  # a new address is verified again
                await account_mail.mail_verification(db, ctx.base_url, user)
        except service.AccountError as exc:
            raise account_error(exc) from None
        return user

    async def delete(self, db: AsyncSession, ctx: RequestContext, user: User, params: dict[str, str]) -> None:
        authorize_account_change(ctx, user, "delete")
        if params.get("permanent", "").lower() == "true":
            raise JsonApiError(400, "Accounts are only soft-deleted through the API.", parameter="permanent")
        await service.soft_delete_user(db, user)
        await db.flush()


def authorize_account_change(ctx: RequestContext, user: User, action: str) -> Target:
    """Self or admin; another admin's account only by a super admin."""
    target = Target(user_id=user.id)
    authorize(ctx, "user", action, target)
    if (user.is_admin or user.is_super_admin) and user.id != ctx.actor.user_id:
        authorize(ctx, "user", "manage_staff", target, detail="Only a super admin may change another admin's account.")
    return target


def privileged_checked(
    ctx: RequestContext, target: Target, attributes: dict[str, Any], current: dict[str, Any]
) -> dict[str, Any]:
    """The attributes to apply: 403 for a privileged change the caller may not make.

    Clients echo whole resources back, so a privileged attribute sent with its
    current value is no change: it passes, and is dropped so that it cannot undo
    a side effect of the update (a new email address is unverified).
    """
    fields = dict(attributes)
    for key in PRIVILEGED_ATTRIBUTES:
        if key not in fields:
            continue
        if fields[key] == current[key]:
            del fields[key]
        elif not allowed(ctx.actor, "user", f"set_{key}", target):
            name = USER.attribute(key).name
            raise forbidden(f"You are not allowed to change {name!r}.", pointer=f"/data/attributes/{name}")
    return fields


async def change_password(
    db: AsyncSession, ctx: RequestContext, target: Target, user: User, fields: dict[str, Any]
) -> None:
    """Only the user themself, and in a PATCH of its own: a password change ends
    every session, so it should never ride along with a profile save."""
    if not allowed(ctx.actor, "user", "set_password", target):
        raise forbidden("Only the user themself can change their password.", pointer="/data/attributes/password")
    if len(fields) > 1:
        raise invalid_attribute("password", "Change the password in a PATCH of its own, without other attributes.")
    await service.set_password(db, user, fields["password"])
    await db.flush()


class RoleWriter:
    """Admin-managed roles. Permissions match the built-in role names, so those
    can neither be renamed nor deleted; a role in use cannot be deleted either."""

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Role:
        authorize(ctx, "role", "create")
        role = Role()
        await self._apply(db, role, data)
        return role

    async def update(self, db: AsyncSession, ctx: RequestContext, role: Role, data: ResourceInput) -> Role:
        authorize(ctx, "role", "update")
        name = data.attributes.get("name", role.name)
        if name != role.name and role.name in EVENT_ROLE_NAMES:
            raise invalid_attribute("name", f"The built-in role {role.name!r} cannot be renamed.")
        await self._apply(db, role, data)
        return role

    async def delete(self, db: AsyncSession, ctx: RequestContext, role: Role, params: dict[str, str]) -> None:
        authorize(ctx, "role", "delete")
        if role.name in EVENT_ROLE_NAMES:
            raise forbidden(f"The built-in role {role.name!r} cannot be deleted.")
        if await db.scalar(select(exists().where(UsersEventsRoles.role_id == role.id))):
            raise conflict(f"The role {role.name!r} is held by team members; remove them first.")
        await db.delete(role)
        await db.flush()

    @staticmethod
    async def _apply(db: AsyncSession, role: Role, data: ResourceInput) -> None:
        name = data.attributes.get("name", role.name)
        taken = exists().where(Role.name == name)
        if role.id is not None:
            taken = taken.where(Role.id != role.id)
        if await db.scalar(select(taken)):
            raise conflict(f"A role named {name!r} already exists.", pointer="/data/attributes/name")
        apply_attributes(role, data)
        db.add(role)
        try:
            await db.flush()
        except IntegrityError:  # created concurrently
            await db.rollback()
            raise conflict(f"A role named {name!r} already exists.", pointer="/data/attributes/name") from None


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(USER, writer=UserWriter(), list_guard=lambda ctx: authorize(ctx, "user", "list")))
    api.register(Endpoints(ROLE, writer=RoleWriter()))
    api.register(Endpoints(USERS_EVENTS_ROLES, writer=TeamWriter(), create=False))
    register_event_team_list(api)
    role_invites.register(api)
    token_api.register(api)
    account_mail.register(api)


def register_event_team_list(api: JsonApiRouter) -> None:
    """GET /v1/events/{event_id}/users-events-roles: an event's team (coorganizers and admins)."""

    events = registry.get("event")

    async def handler(event_id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        event = await fetch_one(db, events, ctx, event_id)
        authorize(ctx, "users-events-roles", "read", Target(event_id=event.id))
        scope = UsersEventsRoles.event_id == event.id
        return await api.collection_response(request, db, ctx, USERS_EVENTS_ROLES, scope=scope)

    api.router.add_api_route(f"{api.prefix}/events/{{event_id}}/users-events-roles", handler, methods=["GET"],
                             tags=[USERS_EVENTS_ROLES.type], summary="The team of an event")
