"""The public schedule page: /e/{identifier}/schedule (server-rendered HTML) and its static assets.

A bounded number of queries whatever the size of the programme: the published event by
identifier, then `load_schedule` (the one public-programme query shared with the exports).
"""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import ANONYMOUS, RequestContext
from openevent.core.db import utcnow
from openevent.events.models import Event
from openevent.events.visibility import event_visible
from openevent.exports.schedule_data import ScheduleNotFound, load_schedule
from openevent.jsonapi.endpoints import JsonApiRouter

from .assets import ASSETS, URL_PREFIX, asset_url
from .view import Query, build_page, date_range_label, zone_label

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
PAGE_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Vary": "Accept-Encoding",
}
EXPORT_FORMATS = (("ics", "iCal"), ("xcal", "xCal"), ("xml", "Pentabarf XML"), ("json", "JSON"))

templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
templates.globals["asset"] = asset_url


def register(api: JsonApiRouter) -> None:
    async def schedule_page(identifier: str, request: Request, db: AsyncSession = Depends(api.get_db)) -> Response:
        event = await find_public_event(db, request, identifier)
        if event is None:
            return not_found(request)
        try:
            schedule = await load_schedule(db, event.id)
        except ScheduleNotFound:  # deleted in between
            return not_found(request)
        zone = schedule.event.zone
        query = Query.from_params(request.query_params)
        page = build_page(schedule, query, today=utcnow().astimezone(zone).date())
        logo = event.logo_url if event.logo_url and event.logo_url.startswith(("https://", "/")) else None
        exports = [(label, f"/e/{identifier}/schedule.{extension}") for extension, label in EXPORT_FORMATS]
        body = render(
            "schedule.html", event=schedule.event, venue=event.location_name, logo=logo, page=page, query=query,
            exports=exports, ics_url=f"/v1/events/{identifier}.ics", zone=zone_label(zone, schedule.event.starts_at),
            dates=date_range_label(schedule.event.starts_at, schedule.event.ends_at),
        )
        return html_response(request, body, cache="public, max-age=60")

    async def static_asset(name: str, request: Request) -> Response:
        asset = ASSETS.get(name)
        if asset is None:
            return Response("Not found.", status_code=404, media_type="text/plain")
        headers = {"Cache-Control": "public, max-age=31536000, immutable", "Vary": "Accept-Encoding",
                   "X-Content-Type-Options": "nosniff"}
        if accepts_gzip(request):
            headers["Content-Encoding"] = "gzip"
            return Response(asset.gzipped, media_type=asset.content_type, headers=headers)
        return Response(asset.body, media_type=asset.content_type, headers=headers)

    async def event_page(identifier: str) -> Response:
        # The exports link to /e/{identifier} and /e/{identifier}/session/{id}: the schedule shows both.
        return RedirectResponse(f"/e/{quote(identifier, safe='')}/schedule", status_code=302)

    async def session_page(identifier: str, session_id: int) -> Response:
        return RedirectResponse(f"/e/{quote(identifier, safe='')}/schedule#s{session_id}", status_code=302)

    api.router.add_api_route("/e/{identifier}/schedule", schedule_page, methods=["GET"],
                             response_class=HTMLResponse, include_in_schema=False)
    api.router.add_api_route("/e/{identifier}", event_page, methods=["GET"], include_in_schema=False)
    api.router.add_api_route("/e/{identifier}/session/{session_id}", session_page, methods=["GET"],
                             include_in_schema=False)
    api.router.add_api_route(URL_PREFIX + "{name}", static_asset, methods=["GET"], include_in_schema=False)


async def find_public_event(db: AsyncSession, request: Request, identifier: str):
    """The event as an anonymous visitor sees it (published, not deleted): id, venue and logo."""
    ctx = RequestContext(actor=ANONYMOUS, settings=request.app.state.settings)
    stmt = select(Event.id, Event.location_name, Event.logo_url).where(
        Event.identifier == identifier, Event.deleted_at.is_(None))
    criteria = event_visible(ctx)
    if criteria is not None:
        stmt = stmt.where(criteria)
    return (await db.execute(stmt)).first()


def not_found(request: Request) -> Response:
    return html_response(request, render("not_found.html"), status_code=404)


def render(template: str, **context) -> str:
    return templates.get_template(template).render(**context)


def accepts_gzip(request: Request) -> bool:
    return "gzip" in request.headers.get("accept-encoding", "").lower()


def html_response(request: Request, body: str, *, status_code: int = 200, cache: str = "no-cache") -> Response:
    headers = {**PAGE_HEADERS, "Cache-Control": cache}
    content = body.encode()
    if accepts_gzip(request):
        headers["Content-Encoding"] = "gzip"
        content = gzip.compress(content, compresslevel=6)
    return Response(content, status_code=status_code, media_type="text/html; charset=utf-8", headers=headers)
