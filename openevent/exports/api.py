"""HTTP routes of the exports: background export triggers and the synchronous calendar feed.

    GET|POST /v1/events/{id}/export/ical        -> export.ical
    GET|POST /v1/events/{id}/export/xcal        -> export.xcal
    GET|POST /v1/events/{id}/export/pentabarf   -> export.pentabarf
    GET|POST /v1/events/{id}/export/schedule-json -> export.schedule_json (frab/c3voc schedule.json)
    POST     /v1/events/{id}/export/json        -> export.event: the event zip (event_zip.py), body
                                                   {image, video, audio, document, private-data} booleans
        each answers {"task_url": "/v1/tasks/<id>"} (plain JSON, 200, as Open Event does);
        poll it until {"state": "SUCCESS", "result": {"download_url": ...}}.
    POST|GET /v1/events/{id}/export/{sessions,speakers}/csv  body {"status": "all" | a session state}
    GET|POST /v1/events/{id}/export/{orders,attendees}/csv   (csv_export.py, orders_csv.py)
    POST     /v1/events/import/json             -> import.event: multipart `file` (or a raw application/zip
                                                   body); the task result is {"id", "identifier"} of the
                                                   NEW event, owned by the caller
    GET      /v1/events/{id}.ics                -> text/calendar of a visible event (anonymous OK when published)
    GET      /e/{identifier}/schedule.{ics,xcal,xml,json}
                                                -> the public programme in each format (what calendar programs
                                                   and apps such as ConfClerk subscribe to); .ics/.xcal/.xml are
                                                   the event's ical-url/xcal-url/pentabarf-url: a current stored
                                                   file is served as is, a stale one is rendered on request and
                                                   regenerated in the background (feeds.py)

{id} is the numeric id or the identifier. The .ics route is moved to the front of the
route table, so `/v1/events/{id}` (whose {id} also matches "abc.ics") never swallows it,
whatever the order of DOMAIN_APIS.
"""

from __future__ import annotations

import logging

from fastapi import Depends, Request, Response
from sqlalchemy.exc import OperationalError, ProgrammingError

from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, unauthorized
from openevent.jsonapi.http import PlainJsonResponse
from openevent.tasks import task_url

from . import feeds, ical, pentabarf, schedule_json, xcal
from . import tasks as export_tasks  # noqa: F401  (registers the export.* tasks)
from .service import (
    ICS_MAX_AGE,
    feed_etag,
    find_visible_event,
    parse_status,
    etag_matches,
    event_for_export,
    parse_media_toggles,
    schedule_feed,
)

log = logging.getLogger("openevent.exports")

TRIGGER_DOC = {
    "200": {"description": "The export was queued; poll task_url.", "content": {"application/json": {"schema": {
        "type": "object", "required": ["task_url"], "properties": {"task_url": {"type": "string"}}}}}},
}
# path part, task, methods (Open Event: sessions/speakers are POST with {status}, orders/attendees GET)
CSV_EXPORTS = (("sessions", "export.sessions.csv", ("POST", "GET")),
               ("speakers", "export.speakers.csv", ("POST", "GET")),
               ("orders", "export.orders.csv", ("GET", "POST")),
               ("attendees", "export.attendees.csv", ("GET", "POST")))
# public feed extension -> (export name, module with CONTENT_TYPE, file name suffix)
PUBLIC_FEEDS = {
    "ics": ("export.ical", ical, ""),
    "xcal": ("export.xcal", xcal, ""),
    "xml": ("export.pentabarf", pentabarf, "-schedule"),
    "json": ("export.schedule_json", schedule_json, "-schedule"),
}
SIMPLE_EXPORTS = (("ical", "export.ical", "iCalendar (.ics)"), ("xcal", "export.xcal", "xCal (RFC 6321)"),
                  ("pentabarf", "export.pentabarf", "Pentabarf/frab schedule.xml"),
                  ("schedule-json", "export.schedule_json", "frab/c3voc schedule.json"))


def register(api: JsonApiRouter) -> None:
    from openevent.events.schemas import EVENT

    feeds.attach_feed_urls(EVENT)  # ical-url/xcal-url/pentabarf-url -> the stable /e/... feed URLs
    events = f"{api.prefix}/events"
    for path_name, task_name, label in SIMPLE_EXPORTS:
        for method in ("GET", "POST"):  # Open Event clients use GET; POST is the proper verb (W28)
            api.router.add_api_route(f"{events}/{{id}}/export/{path_name}", _simple_trigger(api, task_name),
                                     methods=[method], tags=["export"], summary=f"Export the schedule as {label}",
                                     operation_id=f"export_{path_name.replace('-', '_')}_{method.lower()}",
                                     response_class=PlainJsonResponse, responses=TRIGGER_DOC)

    async def export_json(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        event = await event_for_export(db, ctx, id)
        toggles = parse_media_toggles(await request.body(), extra=("private-data",))
        return await _enqueue(request, db, ctx, "export.event", event.id, **toggles)

    api.router.add_api_route(f"{events}/{{id}}/export/json", export_json, methods=["POST"], tags=["export"],
                             summary="Export the whole event as a zip of versioned JSON files (+ own media)",
                             response_class=PlainJsonResponse, responses=TRIGGER_DOC)

    for path_name, task_name, methods in CSV_EXPORTS:
        for method in methods:
            api.router.add_api_route(f"{events}/{{id}}/export/{path_name}/csv", _csv_trigger(api, task_name),
                                     methods=[method], tags=["export"], summary=f"Export the {path_name} as CSV",
                                     operation_id=f"export_{path_name}_csv_{method.lower()}",
                                     response_class=PlainJsonResponse, responses=TRIGGER_DOC)

    async def import_json(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        return await start_import(request, db, ctx)

    api.router.add_api_route(f"{events}/import/json", import_json, methods=["POST"], tags=["export"],
                             summary="Import an event zip into a new event owned by the caller",
                             response_class=PlainJsonResponse, responses=TRIGGER_DOC, openapi_extra={
                                 "requestBody": {"required": True, "content": {
                                     "multipart/form-data": {"schema": {
                                         "type": "object", "required": ["file"],
                                         "properties": {"file": {"type": "string", "format": "binary"}}}},
                                     "application/zip": {"schema": {"type": "string", "format": "binary"}},
                                 }}})
    # Before /v1/events/{id}/...: no route there matches POST /v1/events/import/json, but keep it first anyway.
    routes = api.router.routes
    routes.insert(0, routes.pop())

    api.router.add_api_route(f"{events}/{{id}}.ics", _feed(api, "ics"), methods=["GET"], tags=["export"],
                             summary="The event's schedule as an iCalendar feed",
                             responses={"200": {"content": {"text/calendar": {}}}})
    # Before /v1/events/{id}: Starlette's {id} matches "abc.ics" too, and routes match in order.
    routes = api.router.routes
    routes.insert(0, routes.pop())
    for extension, (_name, module, _suffix) in PUBLIC_FEEDS.items():
        api.router.add_api_route(f"/e/{{id}}/schedule.{extension}", _feed(api, extension), methods=["GET"],
                                 tags=["export"], summary=f"The public schedule as .{extension}",
                                 operation_id=f"public_schedule_{extension}",
                                 responses={"200": {"content": {module.CONTENT_TYPE.split(";")[0]: {}}}})


async def start_import(request: Request, db, ctx) -> PlainJsonResponse:
    from openevent.storage.keys import job_key
    from openevent.tasks.service import new_task_id

    from . import event_import
    from .upload import receive_upload

    if not ctx.actor.authenticated:
        raise unauthorized("Log in to import an event.")
    file = await receive_upload(request, field="file", max_bytes=event_import.MAX_UPLOAD_BYTES)
    storage = request.app.state.storage
    try:
        key = job_key("imports", new_task_id(), "event.zip")
        await storage.put(key, file, "application/zip")
    finally:
        file.close()
    try:
        return await _enqueue(request, db, ctx, "import.event", None, upload_key=key)
    except BaseException:
        await storage.delete(key)  # nobody will read it
        raise


def _feed(api: JsonApiRouter, extension: str):
    export_name, module, suffix = PUBLIC_FEEDS[extension]

    async def feed(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        event, body, etag = await _current_feed(request, db, ctx, id, extension, export_name)
        public = event.state == "published"
        headers = {
            "ETag": etag,
            "Cache-Control": f"public, max-age={ICS_MAX_AGE}" if public else "private, no-cache",
            "Content-Disposition": f'inline; filename="{event.identifier}{suffix}.{module.FILE_EXTENSION}"',
            "Vary": "Authorization",
        }
        if etag_matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        return Response(body, media_type=module.CONTENT_TYPE, headers=headers)

    feed.__name__ = f"schedule_feed_{extension}"
    return feed


async def _current_feed(request: Request, db, ctx, id: str, extension: str, export_name: str):
    """The stored feed file when it is current; otherwise rendered now, and a background refresh queued."""
    if extension in feeds.FEED_FORMATS:
        event = await find_visible_event(db, ctx, id)
        if event.state == "published":
            event_id = event.id
            try:
                body = await feeds.stored_feed(db, request.app.state.storage, event_id, extension)
                if body is not None:
                    return event, body, feed_etag(body)
                if await feeds.request_refresh(db, event_id):
                    await request.app.state.task_runner.enqueue(db, "export.refresh_feeds", owner_id=None,
                                                                event_id=event_id)
            except JsonApiError:  # broker down: the feed is still served, rendered below
                pass
            except (OperationalError, ProgrammingError):  # export_feeds not migrated yet: render on request
                log.warning("stored feeds unavailable; rendering on request", exc_info=True)
                await db.rollback()
    return await schedule_feed(db, ctx, id, export_name)


def _csv_trigger(api: JsonApiRouter, task_name: str):
    with_status = task_name in ("export.sessions.csv", "export.speakers.csv")

    async def trigger(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        event = await event_for_export(db, ctx, id)
        args = {"status": parse_status(await request.body())} if with_status else {}
        return await _enqueue(request, db, ctx, task_name, event.id, **args)

    trigger.__name__ = "export_" + task_name.split(".", 1)[1].replace(".", "_")
    return trigger


def _simple_trigger(api: JsonApiRouter, task_name: str):
    async def trigger(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        event = await event_for_export(db, ctx, id)
        return await _enqueue(request, db, ctx, task_name, event.id)

    trigger.__name__ = "export_" + task_name.split(".", 1)[1]
    return trigger


async def _enqueue(request: Request, db, ctx, task_name: str, event_id: int | None, **args) -> PlainJsonResponse:
    runner = request.app.state.task_runner
    if event_id is not None:
        args["event_id"] = event_id
    task_id = await runner.enqueue(db, task_name, owner_id=ctx.actor.user_id, **args)
    return PlainJsonResponse({"task_url": task_url(task_id)})
