"""HTTP routes of the events domain: events, settings (singleton) and pages."""

from __future__ import annotations

import logging

from fastapi import Depends, Request

from openevent.auth.policy import authorize
from openevent.auth.writers import PolicyWriter
from openevent.jsonapi import openapi
from openevent.jsonapi.document import DocumentBuilder
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import not_found
from openevent.jsonapi.http import JsonApiResponse
from openevent.jsonapi.input import parse_resource
from openevent.jsonapi.resource import ResourceDef, registry

from .models import Page
from .schemas import EVENT, PAGE, SETTING, setting_view
from .service import EventWriter, get_settings, update_settings
from .visibility import listed_events, role_events

log = logging.getLogger("openevent.events")

SETTINGS_ID = "1"


def register(api: JsonApiRouter) -> None:
    keep_registered_relationships(EVENT)
    _register_event_list(api)
    api.register(Endpoints(EVENT, writer=EventWriter(), list=False))
    _register_settings(api)
    api.register(Endpoints(PAGE, writer=PolicyWriter("page", Page)))


def keep_registered_relationships(rdef: ResourceDef) -> None:
    """Drop relationships whose target type no domain registered (logged), so the app still starts."""
    missing = [rel for rel in rdef.relationships if rel.type not in registry.by_type]
    if not missing:
        return
    log.warning("%s: relationships without a registered target type left out: %s", rdef.type,
                ", ".join(f"{rel.name}->{rel.type}" for rel in missing))
    rdef.relationships = [rel for rel in rdef.relationships if rel not in missing]
    rdef.__post_init__()


# -- events --------------------------------------------------------------------------------------


def event_list_scope(ctx, params):
    """GET /v1/events lists published public events plus the caller's team events;
    `?withRole=true` lists only the events where the caller holds a role (login required)."""
    raw = params.get("withRole")
    if raw is None or raw.lower() in {"false", "0"}:
        return listed_events(ctx)
    authorize(ctx, "event", "list_own", detail="Log in to list your events.")
    return role_events(ctx)


def _register_event_list(api: JsonApiRouter) -> None:
    async def list_events(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        scope = event_list_scope(ctx, request.query_params)
        return await api.collection_response(request, db, ctx, EVENT, scope=scope)

    extra = openapi.list_extra(EVENT)
    extra["parameters"].append({"name": "withRole", "in": "query", "required": False, "schema": {"type": "string"},
                                "description": "true: only events where the caller holds a role (login required)."})
    api.router.add_api_route(f"{api.prefix}/events", list_events, methods=["GET"], tags=["event"],
                             summary="List events", openapi_extra=extra)


# -- settings ------------------------------------------------------------------------------------


def _register_settings(api: JsonApiRouter) -> None:
    base = f"{api.prefix}/settings"

    async def get_singleton(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        return await _settings_document(api, request, db, ctx)

    async def get_by_id(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        _check_settings_id(id)
        return await _settings_document(api, request, db, ctx)

    async def patch_singleton(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        return await _patch_settings(api, request, db, ctx)

    async def patch_by_id(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        _check_settings_id(id)
        return await _patch_settings(api, request, db, ctx)

    read = openapi.detail_extra(SETTING)
    write = openapi.write_extra(SETTING, creating=False)
    for path, get, patch in ((base, get_singleton, patch_singleton), (f"{base}/{{id}}", get_by_id, patch_by_id)):
        api.router.add_api_route(path, get, methods=["GET"], tags=["setting"], summary="Get the settings",
                                 openapi_extra=read)
        api.router.add_api_route(path, patch, methods=["PATCH"], tags=["setting"],
                                 summary="Update the settings (admin)", openapi_extra=write)


def _check_settings_id(id: str) -> None:
    if id != SETTINGS_ID:
        raise not_found(f"No setting with id {id!r}; the settings singleton is /v1/settings/1.")


async def _settings_document(api: JsonApiRouter, request: Request, db, ctx) -> JsonApiResponse:
    query = api.parse(request, SETTING, collection=False)
    row = await get_settings(db)
    await db.commit()  # the row is created on first use when missing
    return JsonApiResponse(DocumentBuilder(ctx, query).single(setting_view(ctx), row))


async def _patch_settings(api: JsonApiRouter, request: Request, db, ctx) -> JsonApiResponse:
    query = api.parse(request, SETTING, collection=False)
    authorize(ctx, "setting", "update", detail="Only admins may change the settings.")
    data = parse_resource(await api.body(request), SETTING, creating=False, url_id=SETTINGS_ID)
    row = await get_settings(db)
    await update_settings(db, ctx, row, data)
    await db.commit()
    return JsonApiResponse(DocumentBuilder(ctx, query).single(setting_view(ctx), row))
