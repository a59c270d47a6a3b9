"""HTTP routes of check-in (thin: parse, authorise, call the service).

JSON:API resources
    /v1/stations[/{id}]                 station CRUD (also POST /v1/station, as Open Event);
                                        /v1/events/{id}/stations, /v1/microlocations/{id}/stations
    /v1/user-check-in[/{id}]            POST a user check-in (Open Event); GET check-in rows
                                        (also /v1/events/{id}/user-check-in); never PATCH/DELETE
    /v1/check-in-devices[/{id}]         POST issues a device token (shown once); DELETE revokes it;
                                        /v1/events/{id}/check-in-devices
Plain JSON
    POST /v1/events/{id}/check-ins         one online scan -> its result
    POST /v1/events/{id}/check-ins/batch   {"scans": [...]} offline replay -> {"results": [...]}
    GET  /v1/user-check-in/stats/event/{id}[?session_ids=1,2&track_ids=3&date=YYYY-MM-DD]
    GET  /v1/users/user-details/get-user-id
    GET  /v1/badge-forms/print-badge-pdf?attendee_id=...  -> {"task_url": ...} (export.badge.pdf)

Attendee search (GET /v1/events/{id}/attendees/search) belongs to the orders domain.

Scans and batches accept `Authorization: Device <token>` (a check-in device of that event) as
well as a user's JWT; everything else needs a user.
"""

from __future__ import annotations

from fastapi import Depends, Request

from openevent.auth.context import ANONYMOUS, RequestContext
from openevent.auth.policy import ADMIN, COORGANIZER, REGISTRAR, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, unauthorized
from openevent.jsonapi.http import PlainJsonResponse, read_json
from openevent.orders.hooks import CHECKIN_MEMBERS, register_attendee_patch_hook
from openevent.tasks import task_url

from . import queries, service
from . import tasks as checkin_tasks  # noqa: F401  (registers export.badge.pdf)
from .schemas import CHECK_IN_DEVICE, STATION, USER_CHECK_IN
from .writers import DeviceWriter, StationWriter, UserCheckInWriter, patch_attendee_checkin

define_policy("station", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("check-in", create=(ADMIN, REGISTRAR), read=(ADMIN, REGISTRAR))
define_policy("check-in-device", create=(ADMIN, REGISTRAR), delete=(ADMIN, REGISTRAR))

register_attendee_patch_hook(CHECKIN_MEMBERS, patch_attendee_checkin)

SCAN_DOC = {"200": {"description": "The result of the scan (status ok or error, with a reason).",
                    "content": {"application/json": {}}}}


def register(api: JsonApiRouter) -> None:
    prefix = api.prefix
    context = _scan_context(api)

    async def scan(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(context)):
        event, scanner = await queries.scan_event(db, ctx, id)
        body = await read_json(request, max_bytes=api.limits.max_body_bytes, negotiate=False)
        if not isinstance(body, dict):
            raise JsonApiError(422, "The request body must be one scan (a JSON object).", pointer="")
        result = (await service.process_scans(db, event, scanner, [body], source="scan", require_nonce=False))[0]
        if result.reason == "invalid":
            pointer = (result.pointer or "")[len("/scans/0"):]
            raise JsonApiError(422, result.detail, title="Invalid scan", pointer=pointer)
        await db.commit()
        return PlainJsonResponse(result.as_json())

    async def batch(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(context)):
        event, scanner = await queries.scan_event(db, ctx, id)
        body = await read_json(request, max_bytes=api.limits.max_body_bytes, negotiate=False)
        scans = body.get("scans") if isinstance(body, dict) else None
        if not isinstance(scans, list):
            raise JsonApiError(422, "The body must be {\"scans\": [ ... ]}.", pointer="/scans")
        if len(scans) > service.MAX_BATCH:
            raise JsonApiError(413, f"At most {service.MAX_BATCH} scans per batch; split the queue.", pointer="/scans")
        results = await service.process_scans(db, event, scanner, scans, source="batch")
        await db.commit()
        counts = {"count": len(results), "ok": sum(r.reason == "ok" for r in results),
                  "errors": sum(r.reason != "ok" for r in results), "replayed": sum(r.replayed for r in results)}
        return PlainJsonResponse({"results": [r.as_json() for r in results], "meta": counts})

    async def stats(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        event = await queries.checkin_event(db, ctx, id, action="read")
        params = request.query_params
        return PlainJsonResponse(await queries.registration_stats(
            db, event, session_ids=params.get("session_ids"), track_ids=params.get("track_ids"),
            day=params.get("date")))

    async def get_user_id(ctx=Depends(api.get_ctx)):
        if not ctx.actor.authenticated:
            raise unauthorized("Authentication token is missing.")
        return PlainJsonResponse({"user_id": ctx.actor.user_id})

    async def print_badge(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        attendee = await queries.badge_attendee(db, ctx, request.query_params.get("attendee_id"))
        fields = [f.strip() for f in (request.query_params.get("list_field_show") or "").split(",") if f.strip()]
        runner = request.app.state.task_runner
        task_id = await runner.enqueue(db, "export.badge.pdf", owner_id=ctx.actor.user_id,
                                       event_id=attendee.event_id, attendee_id=attendee.id, fields=fields)
        return PlainJsonResponse({"task_url": task_url(task_id)})

    events = f"{prefix}/events/{{id}}"
    router = api.router
    router.add_api_route(f"{events}/check-ins", scan, methods=["POST"], tags=["check-in"],
                         summary="Check one scan in (online)", response_class=PlainJsonResponse, responses=SCAN_DOC)
    router.add_api_route(f"{events}/check-ins/batch", batch, methods=["POST"], tags=["check-in"],
                         summary="Replay many scans (offline queue); a result per scan",
                         response_class=PlainJsonResponse, responses=SCAN_DOC)
    router.add_api_route(f"{prefix}/user-check-in/stats/event/{{id}}", stats, methods=["GET"], tags=["check-in"],
                         summary="Registration and check-in statistics of an event", response_class=PlainJsonResponse)
    router.add_api_route(f"{prefix}/users/user-details/get-user-id", get_user_id, methods=["GET"], tags=["user"],
                         summary="The id of the user of the token", response_class=PlainJsonResponse)
    router.add_api_route(f"{prefix}/badge-forms/print-badge-pdf", print_badge, methods=["GET"], tags=["check-in"],
                         summary="Print an attendee's badge (PDF, background task)", response_class=PlainJsonResponse)

    station_spec = Endpoints(STATION, writer=StationWriter())
    api.register(station_spec)
    api.register(Endpoints(USER_CHECK_IN, writer=UserCheckInWriter(), update=False, delete=False))
    api.register(Endpoints(CHECK_IN_DEVICE, writer=DeviceWriter(), list=False, update=False))
    router.add_api_route(f"{prefix}/station", api._create(station_spec), methods=["POST"], tags=["station"],
                         status_code=201, summary="Create a station (Open Event path)")


def _scan_context(api: JsonApiRouter):
    """The request context of scanning routes: a check-in device token, or the usual user JWT."""

    async def dependency(request: Request, db=Depends(api.get_db)) -> RequestContext:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "device":
            return await api.get_ctx(request, db)
        device = await service.device_for_token(db, token.strip())
        if device is None:
            raise unauthorized("The device token is unknown or was revoked.")
        ctx = RequestContext(actor=ANONYMOUS, settings=request.app.state.settings,
                             client_address=request.client.host if request.client else "")
        ctx.extra["device"] = device
        return ctx

    return dependency

