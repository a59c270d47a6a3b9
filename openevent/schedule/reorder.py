"""Reordering an event's positioned rows in one request.

Open Event's shape (`POST /v1/events/{id}/reorder-speakers`): a plain JSON list
`[{"speaker": "<id>", "order": <int>}, ...]`; `?reset` sets every row back to 0.
The same helper serves tracks, rooms, session types and sponsors with their own
key and `position` (`[{"track": "<id>", "position": <int>}, ...]`). Rows not
listed keep their value. Every id must be a live row of the event; errors point
at the offending entry (`/3/speaker`). One UPDATE ... CASE statement writes all
rows, so the request costs the same at any list length.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.input import parse_id

MAX_ITEMS = 10_000


@dataclass(frozen=True)
class Reorderable:
    model: type
    key: str  # member naming the row in each entry, e.g. "speaker"
    column: str  # "order" or "position"


def _bad(pointer: str, detail: str) -> JsonApiError:
    return JsonApiError(422, detail, title="Invalid reorder entry", pointer=pointer)


def parse_entries(body: Any, spec: Reorderable) -> dict[int, int]:
    """{row id: new value}; accepts the bare list or {"data": [...]} (pointers follow the shape sent)."""
    prefix = ""
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        body, prefix = body["data"], "/data"
    if not isinstance(body, list):
        raise JsonApiError(400, f"The body must be a JSON list of {{\"{spec.key}\": id, \"{spec.column}\": n}}.",
                           title="Invalid document", pointer=prefix or "")
    if len(body) > MAX_ITEMS:
        raise _bad(prefix or "", f"At most {MAX_ITEMS} entries per request.")
    wanted: dict[int, int] = {}
    for index, item in enumerate(body):
        pointer = f"{prefix}/{index}"
        if not isinstance(item, dict):
            raise _bad(pointer, f"Each entry must be an object with {spec.key!r} and {spec.column!r}.")
        raw_id, value = item.get(spec.key), item.get(spec.column)
        ident = str(raw_id) if isinstance(raw_id, (str, int)) and not isinstance(raw_id, bool) else ""
        if not (ident.isascii() and ident.isdigit()):
            raise _bad(f"{pointer}/{spec.key}", f"{spec.key!r} must be the id of a {spec.key}.")
        if parse_id(ident, spec.model) is None:
            raise _bad(f"{pointer}/{spec.key}", f"{spec.key} {ident} is not part of this event.")
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 2**31 - 1:
            raise _bad(f"{pointer}/{spec.column}", f"{spec.column!r} must be a non-negative integer.")
        if int(ident) in wanted:
            raise _bad(f"{pointer}/{spec.key}", f"{spec.key} {ident} is listed twice.")
        wanted[int(ident)] = value
    return wanted


async def reorder(db: AsyncSession, spec: Reorderable, event_id: int, body: Any) -> dict[str, Any]:
    """Apply the entries; returns Open Event's answer {"success": true, "updates": {value: rows}}."""
    wanted = parse_entries(body, spec)
    model = spec.model
    if wanted:
        found = set((await db.scalars(select(model.id).where(
            model.id.in_(list(wanted)), model.event_id == event_id, model.deleted_at.is_(None)))).all())
        for index, row_id in enumerate(wanted):
            if row_id not in found:
                prefix = "/data" if isinstance(body, dict) else ""
                raise _bad(f"{prefix}/{index}/{spec.key}", f"{spec.key} {row_id} is not part of this event.")
        column = getattr(model, spec.column)
        await db.execute(update(model).where(model.id.in_(list(wanted)))
                         .values({column: case(wanted, value=model.id)})
                         .execution_options(synchronize_session=False))
    updates: dict[str, int] = {}
    for value in wanted.values():
        updates[str(value)] = updates.get(str(value), 0) + 1
    return {"success": True, "updates": updates}


async def reset(db: AsyncSession, spec: Reorderable, event_id: int) -> dict[str, Any]:
    model = spec.model
    result = await db.execute(update(model).where(model.event_id == event_id, model.deleted_at.is_(None))
                              .values({getattr(model, spec.column): 0})
                              .execution_options(synchronize_session=False))
    return {"success": True, "updates": result.rowcount}
