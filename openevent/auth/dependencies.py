"""FastAPI dependencies: the request's DB session and its context (actor)."""

from __future__ import annotations

from datetime import datetime
from typing import AsyncIterator

from fastapi import Depends, Request
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.signals import APP_STATE
from openevent.jsonapi.errors import unauthorized

from .context import ANONYMOUS, Actor, RequestContext
from .models import RevokedToken, Role, User, UsersEventsRoles
from .tokens import InvalidToken, decode_token, revoked_by_user


async def get_db(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessionmaker() as session:
        # after-commit signal receivers get the app state (settings, task runner, storage)
        session.info[APP_STATE] = request.app.state
        yield session


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() not in {"jwt", "bearer"} or not token.strip():
        raise unauthorized("Send the token as 'Authorization: JWT <token>' or 'Bearer <token>'.")
    return token.strip()


async def load_actor(db: AsyncSession, user_id: int, jti: str | None, issued_at: datetime) -> Actor | None:
    """The user, whether the token is revoked, and every event role: two queries."""
    revoked = exists().where(RevokedToken.jti == (jti or "")).label("revoked")
    stmt = select(
        User.id, User.email, User.is_admin, User.is_super_admin, User.is_verified, User.is_blocked,
        User.sessions_revoked_at, revoked,
    ).where(User.id == user_id, User.deleted_at.is_(None))
    row = (await db.execute(stmt)).first()
    if row is None or row.is_blocked or row.revoked or revoked_by_user(issued_at, row.sessions_revoked_at):
        return None
    roles: dict[int, set[str]] = {}
    role_rows = await db.execute(
        select(UsersEventsRoles.event_id, Role.name).join(Role, Role.id == UsersEventsRoles.role_id).where(
            UsersEventsRoles.user_id == user_id
        )
    )
    for event_id, role_name in role_rows:
        roles.setdefault(event_id, set()).add(role_name)
    return Actor(
        user_id=row.id,
        email=row.email,
        is_admin=row.is_admin,
        is_super_admin=row.is_super_admin,
        is_verified=row.is_verified,
        token_jti=jti,
        event_roles={k: frozenset(v) for k, v in roles.items()},
    )


async def get_ctx(request: Request, db: AsyncSession = Depends(get_db)) -> RequestContext:
    settings = request.app.state.settings
    client = request.client.host if request.client else ""
    token = bearer_token(request)
    if token is None:
        return RequestContext(actor=ANONYMOUS, settings=settings, client_address=client)
    try:
        claims = decode_token(settings.secret_key, token, kind="access")
    except InvalidToken as exc:
        raise unauthorized(str(exc)) from None
    actor = await load_actor(db, claims.user_id, claims.jti, claims.issued_at)
    if actor is None:
        raise unauthorized("The token is no longer valid.")
    return RequestContext(actor=actor, settings=settings, client_address=client)
