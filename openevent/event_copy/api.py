"""POST /v1/events/{id-or-identifier}/copy: a new draft event with copies of the configuration.

Body (optional): {"sessions": true} also copies speakers and sessions (with their links).
Answers the new event's JSON:API document (201, Location) with meta {"copied": true}; Open Event's
plain {"id", "identifier", "copied"} fields are all inside it (data.id, data.attributes.identifier).
"""

from __future__ import annotations

from fastapi import Depends, Request

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.events.schemas import EVENT
from openevent.jsonapi.document import DocumentBuilder, resource_url
from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, unauthorized
from openevent.jsonapi.http import JsonApiResponse, parse_options_body
from openevent.jsonapi.loading import fetch_one, reload
from openevent.jsonapi.query import QueryParams
from openevent.media.service import copy_media

from .service import copy_event

define_policy("event-copy", create=(ADMIN, COORGANIZER))
MAX_BODY_BYTES = 4096


def parse_options(body: bytes) -> bool:
    """Whether to copy the programme: {"sessions": bool}, also inside a JSON:API data.attributes."""
    value = parse_options_body(body, max_bytes=MAX_BODY_BYTES).get("sessions", False)
    if not isinstance(value, bool):
        raise JsonApiError(422, "'sessions' must be true or false.", pointer="/sessions")
    return value


def register(api: JsonApiRouter) -> None:
    async def copy(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        if not ctx.actor.authenticated:
            raise unauthorized("Log in to copy an event.")
        with_programme = parse_options(await request.body())
        source = await fetch_one(db, EVENT, ctx, id)
        storage, base_url = request.app.state.storage, ctx.settings.base_url
        copied = await copy_event(db, ctx, source, with_programme=with_programme,
                                  copy_media=lambda url: copy_media(storage, base_url, url))
        await db.commit()
        copied = await reload(db, EVENT, ctx, copied, QueryParams())
        doc = DocumentBuilder(ctx).single(EVENT, copied, meta={"copied": True})
        return JsonApiResponse(doc, status_code=201, headers={"Location": resource_url(EVENT, copied.id)})

    api.router.add_api_route(f"{api.prefix}/events/{{id}}/copy", copy, methods=["POST"], tags=["event"],
                             summary="Copy an event (configuration; programme with {\"sessions\": true})",
                             status_code=201)
