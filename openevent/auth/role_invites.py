"""Role invites: organisers invite people by email to join an event's team with a role.

- POST /v1/role-invites (owner/organizer/admin; an owner invite only by the owner
  or an admin) with `email`, `role-name` (or a `role` relationship) and `event`.
  Inviting someone who already holds a role in the event's team (for an owner
  invite: who already is its owner) is a 409, so is a second pending invite for
  the same email and event (resend that one instead). An expired pending invite
  is replaced.
- The mail carries a random token; the database keeps only its SHA-256. The
  token expires after INVITE_LIFETIME and is single-use.
- POST /v1/role-invites/accept-invite (alias /v1/role_invites/accept-invite)
  `{"data": {"token": ...}}`: only a logged-in user whose account email is the
  invited address accepts; the role row is created in the same transaction as
  the status change. Accepting an owner invite demotes the previous owner(s)
  to organizer. Expired (410), used (409) or unknown (404) tokens are refused.
- POST /v1/role-invites/{id}/resend-invite: a new token and expiry (the old link
  stops working), mailed again. DELETE /v1/role-invites/{id} withdraws an invite.
- GET /v1/events/{id}/role-invites, /v1/role-invites/{id}: coorganizers and up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import Depends, Request
from sqlalchemy import delete, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow
from openevent.core.savepoint import savepoint
from openevent.core.signals import emit_after_commit
from openevent.events.models import Event
from openevent.events.schemas import EVENT
from openevent.jsonapi.document import DocumentBuilder
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, conflict, forbidden, invalid_attribute, invalid_relationship, not_found
from openevent.jsonapi.http import JsonApiResponse, PlainJsonResponse
from openevent.jsonapi.input import ResourceInput
from openevent.jsonapi.loading import fetch_one
from openevent.jsonapi.resource import Relationship as R
from openevent.mail.service import load_setting_row, send_mail

from . import service
from .account_mail import data_body
from .context import RequestContext
from .models import Role, RoleInvite, User, UsersEventsRoles
from .onetime import digest, new_token
from .policy import Target, authorize
from .roles import ROLE_TITLES, ensure_roles
from .schemas import ROLE_INVITE, USERS_EVENTS_ROLES
from .team import TEAM_CHANGED
from .token_api import read_body

INVITE_LIFETIME = timedelta(days=7)
PENDING, ACCEPTED = "pending", "accepted"

EVENT.add_relationship(R("role_invites", "role-invite", many=True, private=True))


# -- creating, resending, withdrawing ------------------------------------------------------------

class RoleInviteWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> RoleInvite:
        event_id = data.relationships.get("event")
        if event_id is None:
            raise invalid_relationship("event", "relationship 'event' is required.")
        target = Target(event_id=int(event_id))
        authorize(ctx, "role-invite", "create", target,
                  detail="Only the event's owner and organizers may invite team members.")
        event = await db.get(Event, int(event_id))
        if event is None or event.deleted_at is not None:
            raise invalid_relationship("event", f"No event with id {event_id!r}.", status=404)
        role = await self._role(db, data)
        if role.name == "owner":
            authorize(ctx, "role-invite", "invite_owner", target,
                      detail="Only the owner may hand over the ownership of an event.")
        try:
            email = service.normalise_email(data.attributes["email"])
        except service.InvalidEmail as exc:
            raise invalid_attribute("email", str(exc)) from None
        await self._check_not_member(db, event.id, email, role)
        await self._replace_expired(db, event.id, email)
        token, token_hash = new_token()
        now = utcnow()
        invite = RoleInvite(email=email, event_id=event.id, role_id=role.id, status=PENDING, token_hash=token_hash,
                            created_at=now, expires_at=now + INVITE_LIFETIME, inviter_id=ctx.actor.user_id)
        invite.role = role
        try:
            async with savepoint(db):
                db.add(invite)
                await db.flush()
        except IntegrityError:
            raise already_invited() from None
        await mail_invite(db, ctx, invite, event, role, token)
        return invite

    @staticmethod
    async def _role(db: AsyncSession, data: ResourceInput) -> Role:
        name = data.attributes.get("role_name")
        role_id = data.relationships.get("role")
        if role_id is not None:
            role = await db.get(Role, int(role_id))
            if role is None:
                raise invalid_relationship("role", f"No role with id {role_id!r}.", status=404)
            if name is not None and name != role.name:
                raise invalid_attribute("role-name", f"role-name {name!r} contradicts the role {role.name!r}.")
            return role
        if name is None:
            raise invalid_attribute("role-name", "Say which role to invite to: 'role-name' or the 'role' relationship.")
        ids = await ensure_roles(db)
        return await db.get(Role, ids[name])

    @staticmethod
    async def _check_not_member(db: AsyncSession, event_id: int, email: str, role: Role) -> None:
        held = select(Role.name).join(UsersEventsRoles, UsersEventsRoles.role_id == Role.id).join(
            User, User.id == UsersEventsRoles.user_id).where(
            UsersEventsRoles.event_id == event_id, User.email == email, User.deleted_at.is_(None))
        roles = set((await db.execute(held)).scalars())
        if role.name == "owner" and "owner" in roles:
            raise conflict("This person already owns the event.", pointer="/data/attributes/email")
        if role.name != "owner" and roles:
            raise conflict(f"{email} is already a member of this event's team "
                           f"({', '.join(sorted(roles))}); change their role instead.",
                           pointer="/data/attributes/email")

    @staticmethod
    async def _replace_expired(db: AsyncSession, event_id: int, email: str) -> None:
        pending = (await db.execute(select(RoleInvite).where(
            RoleInvite.event_id == event_id, RoleInvite.email == email, RoleInvite.status == PENDING))).scalar()
        if pending is None:
            return
        if pending.expires_at > utcnow():
            raise already_invited()
        await db.delete(pending)
        await db.flush()

    async def update(self, db: AsyncSession, ctx: RequestContext, invite: RoleInvite, data: ResourceInput):
        raise JsonApiError(405, "Role invites cannot be changed; withdraw the invite and send a new one.",
                           title="Method not allowed")

    async def update_relationship(self, db, ctx, invite, rel, linkage, mode) -> None:
        await self.update(db, ctx, invite, ResourceInput())

    async def delete(self, db: AsyncSession, ctx: RequestContext, invite: RoleInvite, params: dict[str, str]) -> None:
        authorize(ctx, "role-invite", "delete", Target(event_id=invite.event_id),
                  detail="Only the event's owner and organizers may withdraw invites.")
        await db.delete(invite)
        await db.flush()


def already_invited() -> JsonApiError:
    return conflict("This email address already has a pending invite to this event; resend that invite instead.",
                    pointer="/data/attributes/email")


async def invite_link(db: AsyncSession, ctx: RequestContext, token: str) -> str:
    row = await load_setting_row(db)
    base = ((row.frontend_url if row is not None else None) or ctx.base_url).rstrip("/")
    return f"{base}/role-invites?token={token}"


async def mail_invite(db: AsyncSession, ctx: RequestContext, invite: RoleInvite, event: Event, role: Role,
                      token: str) -> None:
    title = role.title_name or ROLE_TITLES.get(role.name, role.name)
    link = await invite_link(db, ctx, token)
    days = INVITE_LIFETIME.days
    body = (f"Hello,\n\nyou have been invited to join the team of \"{event.name}\" as {title}.\n\n"
            f"Log in (or sign up) with this email address, then open this link to accept:\n{link}\n\n"
            f"The link works once and expires in {days} days.\n")
    await send_mail(db, invite.email, f"Invitation to be {title} at {event.name}", body, "role_invite")


async def resend(db: AsyncSession, ctx: RequestContext, invite: RoleInvite) -> None:
    authorize(ctx, "role-invite", "resend", Target(event_id=invite.event_id),
              detail="Only the event's owner and organizers may resend invites.")
    if invite.status != PENDING:
        raise conflict(f"This invite is {invite.status}; only pending invites can be resent.")
    token, invite.token_hash = new_token()
    invite.expires_at = utcnow() + INVITE_LIFETIME
    await db.flush()
    event = await db.get(Event, invite.event_id)
    await mail_invite(db, ctx, invite, event, invite.role, token)


# -- accepting -----------------------------------------------------------------------------------

def token_from(body: dict[str, Any]) -> str:
    data = body.get("data", body)
    pointer = "/data/token" if "data" in body else "/token"
    token = data.get("token") if isinstance(data, dict) else None
    if not isinstance(token, str) or not token:
        raise JsonApiError(422, "The invite 'token' is required.", title="Invalid member", pointer=pointer)
    return token


async def invite_for_token(db: AsyncSession, token: str) -> RoleInvite:
    invite = (await db.execute(select(RoleInvite).where(RoleInvite.token_hash == digest(token)))).scalar()
    if invite is None:
        raise not_found("This invite link is invalid; it may have been replaced by a newer one.", parameter="token")
    return invite


async def accept(db: AsyncSession, ctx: RequestContext, token: str) -> UsersEventsRoles:
    if not ctx.actor.authenticated:
        raise JsonApiError(401, "Log in (or sign up) with the invited email address to accept the invite.",
                           title="Unauthorized", headers={"WWW-Authenticate": "JWT"})
    invite = await invite_for_token(db, token)
    if invite.status != PENDING:
        raise conflict(f"This invite has already been {invite.status}.")
    if invite.expires_at <= utcnow():
        raise JsonApiError(410, "This invite has expired; ask the organizers to resend it.", title="Gone")
    user = await db.get(User, ctx.actor.user_id)
    if service.canonical_email(user.email) != invite.email:
        raise forbidden("This invite was sent to another email address; log in with that address to accept it.")
    event = await db.get(Event, invite.event_id)
    if event is None or event.deleted_at is not None:
        raise not_found("The event of this invite no longer exists.", parameter="token")
    claimed = await db.execute(update(RoleInvite).where(RoleInvite.id == invite.id, RoleInvite.status == PENDING)
                               .values(status=ACCEPTED, accepted_at=utcnow())
                               .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # accepted concurrently
        raise conflict("This invite has already been accepted.")
    role = invite.role
    if role.name == "owner":
        await transfer_ownership(db, event.id, user.id)
    elif await db.scalar(select(exists().where(UsersEventsRoles.event_id == event.id,
                                               UsersEventsRoles.user_id == user.id))):
        raise conflict("You are already a member of this event's team.")
    row = UsersEventsRoles(user_id=user.id, event_id=event.id, role_id=role.id)
    db.add(row)
    user.is_verified = True  # the token reached this address, and the account carries it
    await db.flush()
    emit_after_commit(db, TEAM_CHANGED, event_id=event.id, user_id=user.id)
    return row


async def transfer_ownership(db: AsyncSession, event_id: int, new_owner_id: int) -> None:
    """The previous owner(s) become organizers; the new owner's other roles in the event are replaced."""
    ids = await ensure_roles(db)
    owners = (await db.execute(select(UsersEventsRoles).where(UsersEventsRoles.event_id == event_id,
                                                              UsersEventsRoles.role_id == ids["owner"]))).scalars()
    for row in list(owners):
        if row.user_id == new_owner_id:
            continue
        already_organizer = await db.scalar(select(exists().where(
            UsersEventsRoles.event_id == event_id, UsersEventsRoles.user_id == row.user_id,
            UsersEventsRoles.role_id == ids["organizer"])))
        if already_organizer:
            await db.delete(row)
        else:
            row.role_id = ids["organizer"]
    await db.execute(delete(UsersEventsRoles).where(UsersEventsRoles.event_id == event_id,
                                                    UsersEventsRoles.user_id == new_owner_id)
                     .execution_options(synchronize_session=False))
    await db.flush()


# -- routes --------------------------------------------------------------------------------------

def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(ROLE_INVITE, writer=RoleInviteWriter(), list=False, update=False))

    async def accept_invite(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        token = token_from(await read_body(request))
        row = await accept(db, ctx, token)
        await db.commit()
        return JsonApiResponse(DocumentBuilder(ctx).single(USERS_EVENTS_ROLES, row), status_code=201)

    async def invite_email(request: Request, db=Depends(api.get_db)):
        invite = await invite_for_token(db, token_from(await read_body(request)))
        if invite.status != PENDING or invite.expires_at <= utcnow():
            raise not_found("This invite link is no longer valid.", parameter="token")
        return PlainJsonResponse({"email": invite.email})

    async def resend_invite(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        invite = await fetch_one(db, ROLE_INVITE, ctx, id, for_update=True)
        await resend(db, ctx, invite)
        await db.commit()
        return PlainJsonResponse({"success": True})

    for suffix, path in (("", "/v1/role-invites/accept-invite"), ("_alias", "/v1/role_invites/accept-invite")):
        api.router.add_api_route(path, accept_invite, methods=["POST"], tags=["role-invite"],
                                 operation_id=f"accept_role_invite{suffix}", openapi_extra=data_body(["token"]),
                                 summary="Accept a role invite (logged in as the invited email)")
    for suffix, path in (("", "/v1/role-invites/user"), ("_alias", "/v1/role_invites/user")):
        api.router.add_api_route(path, invite_email, methods=["POST"], tags=["role-invite"],
                                 operation_id=f"role_invite_email{suffix}", openapi_extra=data_body(["token"]),
                                 summary="The invited email of a valid invite token", response_class=PlainJsonResponse)
    api.router.add_api_route("/v1/role-invites/{id}/resend-invite", resend_invite, methods=["POST"],
                             tags=["role-invite"], summary="Mail a pending invite again with a new link",
                             response_class=PlainJsonResponse)
