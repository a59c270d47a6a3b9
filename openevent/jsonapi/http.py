"""HTTP edges of the JSON:API layer: responses, content negotiation, body reading."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request
from fastapi.responses import Response

from .errors import JsonApiError

MEDIA_TYPE = "application/vnd.api+json"
_ACCEPTABLE = {"*/*", "application/*", "application/json", MEDIA_TYPE}


class JsonApiResponse(Response):
    media_type = MEDIA_TYPE

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


class PlainJsonResponse(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def error_response(error: JsonApiError) -> JsonApiResponse:
    return JsonApiResponse(error.document(), status_code=error.status, headers=error.headers)


def check_accept(request: Request) -> None:
    """406 when the client accepts nothing we can send (JSON:API §content negotiation)."""
    header = request.headers.get("accept")
    if not header:
        return
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        params = [p for p in parts[1:] if p and not p.startswith("q=")]
        if media == MEDIA_TYPE and params and not all(p.split("=")[0] in {"ext", "profile"} for p in params):
            continue
        if media in _ACCEPTABLE:
            return
    raise JsonApiError(406, f"This API answers with {MEDIA_TYPE}; the Accept header allows none of it.", parameter="Accept")


def check_content_type(request: Request) -> None:
    header = request.headers.get("content-type", "")
    parts = [p.strip() for p in header.split(";")]
    media = parts[0].lower()
    params = [p for p in parts[1:] if p]
    if media != MEDIA_TYPE and media != "application/json":
        raise JsonApiError(415, f"Send request documents as Content-Type: {MEDIA_TYPE}.", title="Unsupported media type")
    if media == MEDIA_TYPE and any(p.split("=")[0].strip().lower() not in {"ext", "profile", "charset"} for p in params):
        raise JsonApiError(415, f"{MEDIA_TYPE} may not carry media type parameters.", title="Unsupported media type")


async def read_json(request: Request, *, max_bytes: int, negotiate: bool = True) -> Any:
    if negotiate:
        check_content_type(request)
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise JsonApiError(413, f"The request body is larger than {max_bytes} bytes.")
    body = await request.body()
    if len(body) > max_bytes:
        raise JsonApiError(413, f"The request body is larger than {max_bytes} bytes.")
    if not body.strip():
        raise JsonApiError(400, "The request body is empty; a JSON document is required.", title="Invalid document", pointer="")
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise JsonApiError(400, f"The request body is not valid JSON: {exc.args[0]}", title="Malformed JSON", pointer="") from None
    if b"\\u0000" in body:  # JSON can only carry NUL escaped; no database text column can store it
        pointer = _nul_pointer(document, "")
        if pointer is not None:
            raise JsonApiError(422, "Text may not contain NUL characters.", title="Invalid value", pointer=pointer)
    return document


def parse_options_body(body: bytes, *, max_bytes: int) -> dict:
    """The optional small JSON object some action routes take (export toggles, copy options):
    empty means {}; a JSON:API-shaped document contributes its data.attributes."""
    if len(body) > max_bytes:
        raise JsonApiError(413, f"The request body is larger than {max_bytes} bytes.")
    if not body.strip():
        return {}
    try:
        data: Any = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise JsonApiError(400, f"The request body is not valid JSON: {exc.args[0]}", title="Malformed JSON",
                           pointer="") from None
    if isinstance(data, dict) and isinstance(data.get("data"), dict) and "attributes" in data["data"]:
        data = data["data"]["attributes"]
    if not isinstance(data, dict):
        raise JsonApiError(422, "The request body must be a JSON object.", pointer="")
    return data


def _nul_pointer(value: Any, pointer: str) -> str | None:
    """The JSON pointer of the first string (value or key) holding a NUL character, if any."""
    if isinstance(value, str):
        return pointer if "\x00" in value else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        path = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
        if isinstance(key, str) and "\x00" in key:
            return path
        found = _nul_pointer(item, path)
        if found is not None:
            return found
    return None
