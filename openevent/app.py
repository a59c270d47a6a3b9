"""The application factory: the composition root that wires every domain together."""

from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from starlette.exceptions import HTTPException as StarletteHTTPException

import openevent.models  # noqa: F401  (every table, so mappers configure in any process, e.g. uvicorn workers)
from openevent import __version__, http_security
from openevent.auth.dependencies import get_ctx, get_db
from openevent.core.db import create_engine, session_factory
from openevent.core.settings import Settings
from openevent.jsonapi.endpoints import JsonApiRouter, Limits
from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.http import JsonApiResponse, error_response
from openevent.jsonapi.openapi import ERRORS_COMPONENT
from openevent.storage import make_storage
from openevent.tasks.runner import make_runner

log = logging.getLogger("openevent")

# Each domain's api module exposes register(api: JsonApiRouter) -> None.
DOMAIN_APIS = (
    "openevent.auth.api",
    "openevent.events.api",
    "openevent.schedule.api",
    "openevent.sponsors.api",
    "openevent.speakers_calls.api",
    "openevent.event_info.api",
    "openevent.ticketing.api",
    "openevent.orders.api",
    "openevent.checkin.api",
    "openevent.stripe_connect.api",
    "openevent.media.api",
    "openevent.mail.api",
    "openevent.taxonomy.api",
    "openevent.faqs.api",
    "openevent.feedbacks.api",
    "openevent.ticket_tags.api",
    "openevent.exhibitors.api",
    "openevent.tasks.api",
    "openevent.event_copy.api",
    "openevent.exports.api",
    "openevent.storage.api",
    "openevent.web.api",
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = create_engine(settings.database_url, echo=settings.echo_sql, schema=settings.database_schema)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        await _app.state.task_runner.start()
        yield
        await _app.state.task_runner.stop()
        await engine.dispose()

    app = FastAPI(
        title="openevent",
        version=__version__,
        description="Open Event v1 compatible JSON:API.",
        default_response_class=JsonApiResponse,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessionmaker = session_factory(engine)
    app.state.storage = make_storage(settings)
    http_security.install(app, settings.cors_origins)
    app.state.task_runner = make_runner(settings, app.state.sessionmaker, app.state.storage)
    install_error_handlers(app)

    api = JsonApiRouter(get_db, get_ctx, Limits(settings.max_page_size, settings.max_include_depth, settings.max_body_bytes))
    app.state.jsonapi = api
    # Import every domain first: resource definitions refer to each other by type name.
    modules = [importlib.import_module(name) for name in DOMAIN_APIS]
    for module in modules:
        module.register(api)
    app.include_router(api.router)
    app.openapi = lambda: _openapi(app)
    return app


def _openapi(app: FastAPI) -> dict:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        schema.setdefault("components", {}).setdefault("schemas", {})["Errors"] = ERRORS_COMPONENT
        schema["components"]["securitySchemes"] = {
            "JWT": {"type": "apiKey", "in": "header", "name": "Authorization",
                    "description": "Authorization: JWT <token> (Bearer is accepted too)"}
        }
        schema["security"] = [{}, {"JWT": []}]
        app.openapi_schema = schema
    return app.openapi_schema


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JsonApiError)
    async def _jsonapi_error(_request: Request, exc: JsonApiError):
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        location = [str(p) for p in first.get("loc", [])]
        message = first.get("msg", "Invalid request.")
        if location and location[0] in {"query", "path", "header"}:
            error = JsonApiError(400, f"{location[-1]}: {message}", parameter=location[-1])
        else:
            error = JsonApiError(422, message, pointer="/" + "/".join(location[1:]))
        return error_response(error)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if exc.status_code == 404:
            error = JsonApiError(404, f"No route {request.url.path!r}.", title="Not found", parameter="path")
        elif exc.status_code == 405:
            error = JsonApiError(405, f"{request.method} is not allowed on {request.url.path!r}.",
                                 title="Method not allowed", parameter="method",
                                 headers=dict(exc.headers or {}))
        else:
            error = JsonApiError(exc.status_code, str(exc.detail), parameter="path")
        return error_response(error)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(JsonApiError(500, "An unexpected error occurred; it has been logged.",
                                           title="Internal server error"))
