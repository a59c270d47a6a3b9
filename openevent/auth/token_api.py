"""Token endpoints in plain JSON, as Open Event clients expect: login, refresh,
logout and blacklist. Errors are JSON:API error documents like everywhere else.

A refresh token (issued with remember-me) is returned in the body and also set
as an httpOnly, SameSite=Strict cookie scoped to /v1/auth, where the refresh
and logout endpoints read it.
"""

from __future__ import annotations

from typing import Any

from fastapi import Depends, Request

from openevent.core.db import utcnow
from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, forbidden
from openevent.jsonapi.http import PlainJsonResponse, read_json

from . import service
from .context import RequestContext
from .dependencies import bearer_token
from .ratelimit import RateLimited

REFRESH_COOKIE = "refresh_token_cookie"  # the flask-jwt-extended name Open Event clients know
COOKIE_PATH = "/v1/auth"
MAX_BODY_BYTES = 16 * 1024


# -- reading requests -------------------------------------------------------------------

async def read_body(request: Request, *, optional: bool = False) -> dict[str, Any]:
    if optional and not (await request.body()).strip():
        return {}
    body = await read_json(request, max_bytes=MAX_BODY_BYTES)
    if not isinstance(body, dict):
        raise JsonApiError(400, "The request body must be a JSON object.", title="Invalid document", pointer="")
    return body


def invalid_member(name: str, detail: str) -> JsonApiError:
    return JsonApiError(422, detail, title="Invalid member", pointer=f"/{name}")


def text_member(body: dict[str, Any], *names: str, required: bool) -> str | None:
    """The first non-empty string among the members `names`."""
    for name in names:
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise invalid_member(name, f"{name!r} must be a string.")
        if value:
            return value
    if required:
        raise invalid_member(names[0], " or ".join(repr(n) for n in names) + " is required.")
    return None


def flag_member(body: dict[str, Any], name: str) -> bool:
    value = body.get(name)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise invalid_member(name, f"{name!r} must be true or false.")
    return value


def header_token_or_none(request: Request) -> str | None:
    try:
        return bearer_token(request)
    except JsonApiError:
        return None


# -- answering --------------------------------------------------------------------------

def unauthorized(detail: str, *, pointer: str | None = None, parameter: str | None = None) -> JsonApiError:
    return JsonApiError(401, detail, title="Unauthorized", pointer=pointer, parameter=parameter,
                        headers={"WWW-Authenticate": "JWT"})


def too_many_attempts(exc: RateLimited) -> JsonApiError:
    return JsonApiError(429, f"Too many failed logins; try again in {exc.retry_after} seconds.",
                        title="Too many requests", pointer="", headers={"Retry-After": str(exc.retry_after)})


def token_response(tokens: service.IssuedTokens, settings: Any) -> PlainJsonResponse:
    body = {"access_token": tokens.access_token}
    if tokens.refresh_token:
        body["refresh_token"] = tokens.refresh_token
    response = PlainJsonResponse(body, headers={"Cache-Control": "no-store"})
    if tokens.refresh_token:
        response.set_cookie(
            REFRESH_COOKIE,
            tokens.refresh_token,
            max_age=max(0, int((tokens.refresh_expires_at - utcnow()).total_seconds())),
            path=COOKIE_PATH,
            secure=settings.base_url.startswith("https://"),
            httponly=True,
            samesite="strict",
        )
    return response


def success_response() -> PlainJsonResponse:
    response = PlainJsonResponse({"success": True})
    response.delete_cookie(REFRESH_COOKIE, path=COOKIE_PATH)
    return response


# -- routes -----------------------------------------------------------------------------

def register(api: JsonApiRouter) -> None:
    routes = [
        ("/v1/auth/login", _login(api), "Log in: access token (and refresh token with remember-me)", LOGIN_BODY),
        ("/auth/session", _login(api), "Log in (Open Event alias of /v1/auth/login)", LOGIN_BODY),
        ("/v1/auth/token/refresh", _refresh(api), "New tokens for a refresh token, which is revoked", REFRESH_BODY),
        ("/v1/auth/logout", _logout(api), "Revoke the presented access and refresh tokens", REFRESH_BODY),
        ("/v1/auth/blacklist", _blacklist(api), "Log out everywhere: revoke every token of the caller", None),
    ]
    for path, handler, summary, body_schema in routes:
        extra = {"requestBody": {"content": {"application/json": {"schema": body_schema}}}} if body_schema else None
        api.router.add_api_route(path, handler, methods=["POST"], tags=["auth"], summary=summary,
                                 response_class=PlainJsonResponse, openapi_extra=extra)


def _login(api: JsonApiRouter):
    async def handler(request: Request, db=Depends(api.get_db)):
        settings = request.app.state.settings
        body = await read_body(request)
        email = text_member(body, "email", "username", required=True)
        password = text_member(body, "password", required=True)
        remember_me = flag_member(body, "remember-me")
        flag_member(body, "include-in-response")  # accepted for compatibility: the body always has the tokens
        client = request.client.host if request.client else ""
        try:
            tokens = await service.login(db, settings, email=email, password=password, remember_me=remember_me,
                                         client_address=client)
        except RateLimited as exc:
            raise too_many_attempts(exc) from None
        except service.InvalidCredentials as exc:
            await db.commit()  # the failed attempt counts towards the limit
            raise unauthorized(str(exc), pointer="") from None
        except service.AccountBlocked as exc:
            raise forbidden(str(exc), pointer="") from None
        await db.commit()
        return token_response(tokens, settings)
    return handler


def _refresh(api: JsonApiRouter):
    async def handler(request: Request, db=Depends(api.get_db)):
        settings = request.app.state.settings
        body = await read_body(request, optional=True)
        token = text_member(body, "refresh_token", required=False) or bearer_token(request) or request.cookies.get(
            REFRESH_COOKIE)
        if not token:
            raise unauthorized("Send the refresh token as 'refresh_token' in the body, in the Authorization header "
                               "or in the refresh cookie.", parameter="refresh_token")
        try:
            tokens = await service.refresh(db, settings, token)
        except service.InvalidRefreshToken as exc:
            raise unauthorized(str(exc), parameter="refresh_token") from None
        await db.commit()
        return token_response(tokens, settings)
    return handler


def _logout(api: JsonApiRouter):
    async def handler(request: Request, db=Depends(api.get_db)):
        settings = request.app.state.settings
        body = await read_body(request, optional=True)
        tokens = [header_token_or_none(request), text_member(body, "refresh_token", required=False),
                  request.cookies.get(REFRESH_COOKIE)]
        await service.logout(db, settings, tokens)
        await db.commit()
        return success_response()
    return handler


def _blacklist(api: JsonApiRouter):
    async def handler(db=Depends(api.get_db), ctx: RequestContext = Depends(api.get_ctx)):
        if not ctx.actor.authenticated:
            raise unauthorized("Log in to end your sessions.", parameter="Authorization")
        await service.end_all_sessions(db, ctx.actor.user_id)
        await db.commit()
        return success_response()
    return handler


LOGIN_BODY = {
    "type": "object",
    "required": ["password"],
    "properties": {
        "email": {"type": "string"},
        "username": {"type": "string", "description": "Alias of email"},
        "password": {"type": "string"},
        "remember-me": {"type": "boolean", "description": "Also issue a refresh token (body and httpOnly cookie)"},
        "include-in-response": {"type": "boolean"},
    },
}
REFRESH_BODY = {"type": "object", "properties": {"refresh_token": {"type": "string"}}}
