"""GET /v1/tasks/{id}: poll a background task (plain JSON, as Open Event clients expect).

    {"state": "WAITING"}                       queued or running ("meta": {"progress": n} when known)
    {"state": "SUCCESS", "result": {...}}      a produced file shows as {"download_url": <fresh signed URL>}
    {"state": "FAILURE", "result": "<message>"}

Only the user who started the task, or an admin, may read it: anyone else gets
404 (existence is not revealed), anonymous callers 401 (W8).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Depends, Request

from openevent.auth.context import RequestContext
from openevent.auth.policy import ADMIN, SELF, Target, allowed, define_policy
from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import not_found, unauthorized
from openevent.jsonapi.http import PlainJsonResponse

from . import service
from .context import DOWNLOAD_KEY
from .models import FAILURE, SUCCESS, Task

define_policy("task", read=(ADMIN, SELF))
MAX_ID_LENGTH = 64
TASK_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # anything else cannot be a task id: 404 without a query

TASK_STATES_DOC = {
    "200": {"description": "The task's state", "content": {"application/json": {"schema": {
        "type": "object",
        "required": ["state"],
        "properties": {
            "state": {"type": "string", "enum": ["WAITING", "SUCCESS", "FAILURE"]},
            "result": {"oneOf": [{"type": "object"}, {"type": "string"}]},
            "meta": {"type": "object", "properties": {"progress": {"type": "integer"}}},
        },
    }}}},
}


def task_url(task_id: str) -> str:
    """The polling URL export endpoints hand back: {"task_url": task_url(task_id)}."""
    return f"/v1/tasks/{task_id}"


def register(api: JsonApiRouter) -> None:
    async def get_task(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        return await task_status(request, db, ctx, id)

    api.router.add_api_route(f"{api.prefix}/tasks/{{id}}", get_task, methods=["GET"], tags=["tasks"],
                             summary="Poll a background task", response_class=PlainJsonResponse,
                             responses=TASK_STATES_DOC)


async def task_status(request: Request, db, ctx: RequestContext, task_id: str) -> PlainJsonResponse:
    if not ctx.actor.authenticated:
        raise unauthorized("Log in to see your tasks.")
    row = await service.get_task_row(db, task_id) if TASK_ID.fullmatch(task_id) else None
    if row is None or not allowed(ctx.actor, "task", "read", Target(user_id=row.owner_id)):
        raise not_found(f"No task {task_id[:MAX_ID_LENGTH]!r} was found.", parameter="id")
    settings = request.app.state.settings
    if await service.reap_stale(db, settings, task_id=row.id):
        row = await service.get_task_row(db, row.id)
    return PlainJsonResponse(render(row, request.app.state.storage, settings))


def render(row: Task, storage: Any, settings: Any) -> dict:
    if row.state == SUCCESS:
        return {"state": SUCCESS, "result": _public_result(row.result or {}, storage, settings)}
    if row.state == FAILURE:
        return {"state": FAILURE, "result": row.error or "The task failed."}
    body: dict[str, Any] = {"state": "WAITING"}
    if row.progress is not None:
        body["meta"] = {"progress": row.progress}
    return body


def _public_result(result: dict, storage: Any, settings: Any) -> dict:
    """Swap the stored file key for a download URL minted now (signed links are short-lived)."""
    public = {k: v for k, v in result.items() if k != DOWNLOAD_KEY}
    key = result.get(DOWNLOAD_KEY)
    if key:
        public = {"download_url": storage.url(key, expires=settings.download_url_seconds), **public}
    return public
