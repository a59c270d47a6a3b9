"""Transport-level protections for every response: security headers and configurable CORS."""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.http import error_response

# JSON and file responses never need to run scripts or be framed; HTML pages set their own CSP.
API_CSP = b"default-src 'none'; frame-ancestors 'none'"
DOCS_PATHS = ("/docs", "/redoc")  # Swagger UI / ReDoc load their own scripts and styles
BASE_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
)


class SecurityHeaders:
    """Adds nosniff, referrer and framing headers, and a strict CSP where the route set none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = scope.get("path", "").startswith(DOCS_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in BASE_HEADERS if h[0] not in present)
                if b"content-security-policy" not in present and not is_docs:
                    headers.append((b"content-security-policy", API_CSP))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RejectNulInUrl:
    """A NUL character in a URL is never legitimate and no database text column can store it:
    answer 400 at the door instead of letting it reach a query (PostgreSQL would raise)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            in_path = "\x00" in scope.get("path", "")
            if in_path or b"%00" in scope.get("query_string", b""):
                where = "path" if in_path else "query"
                error = JsonApiError(400, f"The URL {where} may not contain NUL characters (%00).",
                                     title="Invalid request", parameter=where)
                await error_response(error)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def install(app, cors_origins: tuple[str, ...]) -> None:
    """CORS only for configured origins: '*' allows any origin but never with credentials."""
    if cors_origins:
        any_origin = "*" in cors_origins
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if any_origin else list(cors_origins),
            allow_credentials=not any_origin,
            allow_methods=["GET", "POST", "PATCH", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
            expose_headers=["Retry-After", "ETag", "Location"],
            max_age=600,
        )
    app.add_middleware(RejectNulInUrl)
    app.add_middleware(SecurityHeaders)
