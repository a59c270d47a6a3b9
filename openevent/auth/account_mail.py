"""Account flows that go through the user's mailbox: password reset, email verification,
change of password. Plain-JSON endpoints like Open Event's (`{"data": {...}}` bodies).

- POST /v1/auth/reset-password {"data": {"email"}}: mails a reset link when an
  account has that address; the answer is the same either way. Limited per email
  (RESET_PER_EMAIL per hour) and per client address (RESET_PER_ADDRESS per hour);
  every request counts, so the limit itself reveals nothing about accounts.
- PATCH /v1/auth/reset-password {"data": {"token", "password"}}: single-use token
  (SHA-256 at rest, TOKEN_LIFETIME), sets the password, ends every session and
  marks the address verified (the link reached it). Older reset links of the
  user stop working when a new one is mailed.
- Registration mails a verification link; POST /v1/auth/verify-email
  {"data": {"token"}} verifies the address the token was sent to, if it is still
  the account's address. POST /v1/auth/resend-verification-email {"data": {"email"}}
  answers the same for any address (rate limited like resets).
- POST /v1/auth/change-password {"data": {"old-password", "new-password"}}: logged
  in; a wrong old password counts towards the login limit; every session ends
  (log in again) and a notice is mailed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import Depends, Request
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow
from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.http import PlainJsonResponse
from openevent.mail.service import load_setting_row, send_mail

from . import service
from .context import RequestContext
from .models import User, UserToken
from .onetime import digest, new_token
from .passwords import verify_password
from .ratelimit import RateLimited, SlidingWindow
from .token_api import read_body, unauthorized

TOKEN_LIFETIME = {"reset_password": timedelta(hours=2), "verify_email": timedelta(days=3)}
RESET_PER_EMAIL = 3
RESET_PER_ADDRESS = 10
RESET_WINDOW = timedelta(hours=1)
SAME_ANSWER = "If an account with this email address exists, a message with a link has been sent to it."


def reset_limit() -> SlidingWindow:
    return SlidingWindow("mail-link", RESET_PER_EMAIL, RESET_WINDOW)


def address_limit() -> SlidingWindow:
    return SlidingWindow("mail-link-address", RESET_PER_ADDRESS, RESET_WINDOW)


# -- tokens ----------------------------------------------------------------------------------------

async def issue(db: AsyncSession, user: User, purpose: str) -> str:
    """A new token for the user's current address; earlier unused ones of the same purpose stop working."""
    now = utcnow()
    await db.execute(update(UserToken).where(UserToken.user_id == user.id, UserToken.purpose == purpose,
                                             UserToken.used_at.is_(None)).values(used_at=now)
                     .execution_options(synchronize_session=False))
    token, token_hash = new_token()
    db.add(UserToken(user_id=user.id, purpose=purpose, token_hash=token_hash, email=user.email, created_at=now,
                     expires_at=now + TOKEN_LIFETIME[purpose]))
    await db.flush()
    return token


async def redeem(db: AsyncSession, token: Any, purpose: str, pointer: str) -> tuple[User, UserToken]:
    """The live user of a valid token, which is used up here (guarded UPDATE: exactly one redemption)."""
    if not isinstance(token, str) or not token:
        raise JsonApiError(422, "'token' is required.", title="Invalid member", pointer=pointer)
    row = (await db.execute(select(UserToken).where(UserToken.token_hash == digest(token),
                                                    UserToken.purpose == purpose))).scalar()
    if row is None or row.used_at is not None:
        raise JsonApiError(404, "This link is invalid or has already been used.", title="Not found", pointer=pointer)
    if row.expires_at <= utcnow():
        raise JsonApiError(410, "This link has expired; ask for a new one.", title="Gone", pointer=pointer)
    user = await db.get(User, row.user_id)
    if user is None or user.deleted_at is not None:
        raise JsonApiError(404, "This link is invalid or has already been used.", title="Not found", pointer=pointer)
    used = await db.execute(update(UserToken).where(UserToken.id == row.id, UserToken.used_at.is_(None))
                            .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if used.rowcount != 1:
        raise JsonApiError(404, "This link is invalid or has already been used.", title="Not found", pointer=pointer)
    return user, row


async def frontend_link(db: AsyncSession, ctx_base_url: str, path: str, token: str) -> str:
    row = await load_setting_row(db)
    base = ((row.frontend_url if row is not None else None) or ctx_base_url).rstrip("/")
    return f"{base}/{path}?token={token}"


async def mail_verification(db: AsyncSession, base_url: str, user: User) -> None:
    """Mail a verification link to the user's current address (called at registration and on request)."""
    token = await issue(db, user, "verify_email")
    link = await frontend_link(db, base_url, "verify", token)
    await send_mail(db, user.email, "Please confirm your email address",
                    f"Hello,\n\nplease confirm that this is your email address by opening this link:\n{link}\n\n"
                    f"The link works once and expires in {TOKEN_LIFETIME['verify_email'].days} days. If you did not "
                    "sign up, ignore this message.\n", "verify_email")


# -- request bodies --------------------------------------------------------------------------------

def data_member(body: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Open Event wraps the members in "data"; a bare object is accepted too. Returns (members, pointer prefix)."""
    data = body.get("data")
    if isinstance(data, dict):
        return data, "/data"
    return body, ""


def text(members: dict[str, Any], name: str, prefix: str) -> str:
    value = members.get(name)
    if not isinstance(value, str) or not value:
        raise JsonApiError(422, f"'{name}' is required and must be a string.", title="Invalid member",
                           pointer=f"{prefix}/{name}")
    return value


async def limited(db: AsyncSession, email: str, client: str) -> None:
    """Count this request for the email and the client address; 429 when either is over its limit."""
    per_email, per_address = reset_limit(), address_limit()
    email_keys = [per_email.key("email", service.canonical_email(email))]
    address_keys = [per_address.key("address", client)]
    try:
        await per_email.check(db, email_keys)
        await per_address.check(db, address_keys)
    except RateLimited as exc:
        raise JsonApiError(429, f"Too many requests for this address; try again in {exc.retry_after} seconds.",
                           title="Too many requests", headers={"Retry-After": str(exc.retry_after)}) from None
    await per_email.record(db, email_keys)
    await per_address.record(db, address_keys)


async def live_user_by_email(db: AsyncSession, email: str) -> User | None:
    return (await db.execute(select(User).where(User.email == service.canonical_email(email),
                                                User.deleted_at.is_(None)))).scalar()


# -- routes ----------------------------------------------------------------------------------------

def register(api: JsonApiRouter) -> None:
    def client_of(request: Request) -> str:
        return request.client.host if request.client else ""

    async def request_reset(request: Request, db=Depends(api.get_db)):
        members, prefix = data_member(await read_body(request))
        email = text(members, "email", prefix)
        await limited(db, email, client_of(request))
        user = await live_user_by_email(db, email)
        if user is not None and not user.is_blocked:
            token = await issue(db, user, "reset_password")
            link = await frontend_link(db, request.app.state.settings.base_url, "reset-password", token)
            hours = int(TOKEN_LIFETIME["reset_password"].total_seconds() // 3600)
            await send_mail(db, user.email, "Reset your password",
                            f"Hello,\n\nsomeone asked to reset the password of your account. To choose a new "
                            f"password, open this link:\n{link}\n\nThe link works once and expires in {hours} hours. "
                            "If you did not ask for this, ignore this message; your password is unchanged.\n",
                            "password_reset")
        await db.commit()
        return PlainJsonResponse({"message": SAME_ANSWER})

    async def reset(request: Request, db=Depends(api.get_db)):
        members, prefix = data_member(await read_body(request))
        password = text(members, "password", prefix)
        try:
            service.check_password(password)
        except service.WeakPassword as exc:
            raise JsonApiError(422, str(exc), title="Invalid member", pointer=f"{prefix}/password") from None
        user, _ = await redeem(db, members.get("token"), "reset_password", f"{prefix}/token")
        await service.set_password(db, user, password)
        user.is_verified = True
        await db.commit()
        return PlainJsonResponse({"id": str(user.id), "email": user.email})

    async def verify(request: Request, db=Depends(api.get_db)):
        members, prefix = data_member(await read_body(request))
        user, row = await redeem(db, members.get("token"), "verify_email", f"{prefix}/token")
        if row.email != user.email:
            raise JsonApiError(409, "The account's email address changed after this link was sent; "
                                    "ask for a new link.", title="Conflict", pointer=f"{prefix}/token")
        user.is_verified = True
        await db.commit()
        return PlainJsonResponse({"message": "Email verified."})

    async def resend_verification(request: Request, db=Depends(api.get_db)):
        members, prefix = data_member(await read_body(request))
        email = text(members, "email", prefix)
        await limited(db, email, client_of(request))
        user = await live_user_by_email(db, email)
        if user is not None and not user.is_verified and not user.is_blocked:
            await mail_verification(db, request.app.state.settings.base_url, user)
        await db.commit()
        return PlainJsonResponse({"message": SAME_ANSWER})

    async def change_password(request: Request, db=Depends(api.get_db), ctx: RequestContext = Depends(api.get_ctx)):
        if not ctx.actor.authenticated:
            raise unauthorized("Log in to change your password.", parameter="Authorization")
        members, prefix = data_member(await read_body(request))
        old = text(members, "old-password", prefix)
        new = text(members, "new-password", prefix)
        limit = service.login_limit(ctx.settings)
        keys = [limit.key("user", str(ctx.actor.user_id))]
        try:
            await limit.check(db, keys)
        except RateLimited as exc:
            raise JsonApiError(429, f"Too many wrong passwords; try again in {exc.retry_after} seconds.",
                               title="Too many requests", headers={"Retry-After": str(exc.retry_after)}) from None
        user = await db.get(User, ctx.actor.user_id)
        if not await verify_password(user.password_hash, old):
            await limit.record(db, keys)
            await db.commit()
            raise JsonApiError(403, "The old password is wrong.", title="Access forbidden",
                               pointer=f"{prefix}/old-password")
        try:
            await service.set_password(db, user, new)
        except service.WeakPassword as exc:
            raise JsonApiError(422, str(exc), title="Invalid member", pointer=f"{prefix}/new-password") from None
        await send_mail(db, user.email, "Your password was changed",
                        "Hello,\n\nthe password of your account was just changed, and every session was logged out. "
                        "If this was not you, reset your password at once.\n", "password_changed")
        await db.commit()
        return PlainJsonResponse({"password-changed": True, "email": user.email})

    routes = [
        ("/v1/auth/reset-password", request_reset, "POST", "Mail a password reset link (same answer for any email)",
         ["email"]),
        ("/v1/auth/reset-password", reset, "PATCH", "Set a new password with a reset token", ["token", "password"]),
        ("/v1/auth/verify-email", verify, "POST", "Verify the email address with a mailed token", ["token"]),
        ("/v1/auth/resend-verification-email", resend_verification, "POST", "Mail a new verification link",
         ["email"]),
        ("/v1/auth/change-password", change_password, "POST", "Change the password (old and new); ends every session",
         ["old-password", "new-password"]),
    ]
    for path, handler, method, summary, members in routes:
        api.router.add_api_route(path, handler, methods=[method], tags=["auth"], summary=summary,
                                 response_class=PlainJsonResponse, openapi_extra=data_body(members))


def data_body(members: list[str]) -> dict:
    """OpenAPI request body {"data": {member: string, ...}} (Open Event's shape; a bare object works too)."""
    inner = {"type": "object", "required": members, "properties": {m: {"type": "string"} for m in members}}
    schema = {"type": "object", "required": ["data"], "properties": {"data": inner}}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
