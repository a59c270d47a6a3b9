"""HTTP routes of the programme (thin: parse, authorise, call the service).

Detail, related and relationship GETs for every type and the flat session list;
lists of an event's children hang off the event resource. Tracks, rooms,
session types, sessions and speakers are written here (see *writers.py);
reordering in one request and the schedule's dates/languages are event routes.
"""

from __future__ import annotations

from fastapi import Depends, Request

from openevent.auth.policy import ADMIN, COORGANIZER, TRACK_ORGANIZER, Target, authorize, define_policy
from openevent.events.schemas import EVENT
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.http import JsonApiResponse, check_accept
from openevent.jsonapi.loading import fetch_one

from . import programme
from .models import Microlocation, SessionType, Speaker, Track
from .reorder import Reorderable, reorder, reset
from .schemas import MICROLOCATION, SESSION, SESSION_TYPE, SPEAKER, TRACK
from .session_writers import SessionWriter, state_tables
from .speaker_writers import SpeakerWriter
from .writers import MICROLOCATION_WRITER, SESSION_TYPE_WRITER, TRACK_WRITER

define_policy("track", create=(ADMIN, TRACK_ORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("microlocation", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("session-type", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    # before /v1/sessions/{id}: routes match in order
    api.router.add_api_route(f"{api.prefix}/sessions/states", session_states, methods=["GET"], tags=["session"],
                             summary="Allowed session state transitions")
    api.register(Endpoints(SESSION, writer=SessionWriter()))
    for rdef, writer in ((TRACK, TRACK_WRITER), (MICROLOCATION, MICROLOCATION_WRITER),
                         (SESSION_TYPE, SESSION_TYPE_WRITER), (SPEAKER, SpeakerWriter())):
        api.register(Endpoints(rdef, writer=writer, list=False))
    register_reorder(api, "speakers", Reorderable(Speaker, "speaker", "order"), "speaker", "reorder")
    register_reorder(api, "tracks", Reorderable(Track, "track", "position"), "track", "update")
    register_reorder(api, "microlocations", Reorderable(Microlocation, "microlocation", "position"),
                     "microlocation", "update")
    register_reorder(api, "session-types", Reorderable(SessionType, "session-type", "position"),
                     "session-type", "update")
    _register_programme_facts(api)


async def session_states() -> JsonApiResponse:
    """The server-owned state transition tables of sessions: {"organizer"|"speaker": {from: {to: true}}}."""
    return JsonApiResponse(state_tables())


def register_reorder(api: JsonApiRouter, name: str, spec: Reorderable, resource: str, action: str) -> None:
    """POST /v1/events/{id}/reorder-<name>: body [{"<key>": id, "<column>": n}, ...]; ?reset sets all to 0."""

    async def handler(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        check_accept(request)
        event = await fetch_one(db, EVENT, ctx, id)
        authorize(ctx, resource, action, Target(event_id=event.id),
                  detail=f"Only the event's organisers may reorder its {name}.")
        if "reset" in request.query_params:
            result = await reset(db, spec, event.id)
        else:
            result = await reorder(db, spec, event.id, await api.body(request))
        await db.commit()
        return JsonApiResponse(result)

    entry = {"type": "object", "required": [spec.key, spec.column],
             "properties": {spec.key: {"type": "string", "pattern": "^[0-9]+$"},
                            spec.column: {"type": "integer", "minimum": 0}}}
    extra = {
        "parameters": [{"name": "reset", "in": "query", "required": False, "schema": {"type": "string"},
                        "description": f"Present: set every {spec.column} of the event's {name} to 0 (no body)."}],
        "requestBody": {"required": False, "content": {"application/json": {"schema": {
            "type": "array", "items": entry}}}},
    }
    api.router.add_api_route(f"{api.prefix}/events/{{id}}/reorder-{name}", handler, methods=["POST"],
                             tags=[resource], summary=f"Reorder an event's {name} in one request",
                             openapi_extra=extra)


def _register_programme_facts(api: JsonApiRouter) -> None:
    async def dates(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        check_accept(request)
        event = await fetch_one(db, EVENT, ctx, id)
        return JsonApiResponse(await programme.session_dates(db, ctx, event))

    async def languages(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        check_accept(request)
        event = await fetch_one(db, EVENT, ctx, id)
        return JsonApiResponse(await programme.session_languages(db, ctx, event))

    api.router.add_api_route(f"{api.prefix}/events/{{id}}/sessions/dates", dates, methods=["GET"], tags=["session"],
                             summary="Days with sessions (YYYY-MM-DD in the event's timezone)")
    api.router.add_api_route(f"{api.prefix}/events/{{id}}/sessions/languages", languages, methods=["GET"],
                             tags=["session"], summary="Languages of the event's sessions")
