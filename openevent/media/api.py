"""HTTP routes of the media domain.

- POST /v1/upload/image `{"data": "data:image/png;base64,..."}` -> `{"url": ...}`
- POST /v1/upload/files multipart `file` (-> `{"url"}`) or `files[]` (-> `{"urls": [...]}`)
  Both need a login; the content is sniffed (PNG, JPEG, WebP, GIF only), at most
  MAX_UPLOAD_BYTES each, decompression bombs refused.
- GET /media/<path>: the stored images (public, nosniff, immutable).
- GET/PATCH /v1/event-image-sizes[/1], /v1/speaker-image-sizes[/1]: public read, admin PATCH.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import re
from email.parser import BytesParser
from email.policy import HTTP

import orjson
from fastapi import Depends, Request
from fastapi.responses import Response

from openevent.auth.policy import authorize
from openevent.jsonapi.document import DocumentBuilder
from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, not_found, unauthorized
from openevent.jsonapi.http import JsonApiResponse, PlainJsonResponse
from openevent.jsonapi.input import parse_resource
from openevent.jsonapi.resource import ResourceDef
from openevent.storage.base import FileMissing
from openevent.storage.keys import InvalidKey, validate_key

from . import receivers  # noqa: F401  (image changes start the variant jobs)
from . import tasks  # noqa: F401  (registers the media.* tasks)
from .images import ALLOWED_FORMATS, BadImage
from .models import EventImageSize, SpeakerImageSize
from .schemas import EVENT_IMAGE_SIZE, SPEAKER_IMAGE_SIZE
from .service import MAX_UPLOAD_BYTES, MEDIA_PREFIX, singleton, store_upload

DATA_URI = re.compile(r"^data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(;[\w.+-]+=[\w.+-]+)*);base64,(?P<data>.*)$", re.S)
CONTENT_TYPES = {ext: content_type for ext, content_type in ALLOWED_FORMATS.values()}
MAX_FILES = 10


def _login_required(ctx) -> None:
    if not ctx.actor.authenticated:
        raise unauthorized("Log in to upload files.")


def _too_large(where: str, pointer: bool = True) -> JsonApiError:
    detail = f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
    return JsonApiError(413, detail, title="Payload too large", pointer=where if pointer else None,
                        parameter=None if pointer else where)


async def _store(request: Request, data: bytes, where: str, *, pointer: bool = True) -> str:
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large(where, pointer)
    if not data:
        raise JsonApiError(422, "The file is empty.", pointer=where if pointer else None,
                           parameter=None if pointer else where)
    try:
        return await store_upload(request.app.state.storage, asyncio.to_thread, data,
                                  request.app.state.settings.base_url)
    except BadImage as exc:
        raise JsonApiError(415, str(exc), title="Unsupported media type", pointer=where if pointer else None,
                           parameter=None if pointer else where) from None


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it exceeds `limit` (declared or streamed: never buffered beyond it)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large("body", pointer=False)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large("body", pointer=False)
        chunks.append(chunk)
    return b"".join(chunks)


def decode_data_uri(value: object) -> bytes:
    if not isinstance(value, str):
        raise JsonApiError(422, "'data' must be a data URI string (data:image/png;base64,...).", pointer="/data")
    match = DATA_URI.match(value.strip())
    if match is None:
        raise JsonApiError(422, "'data' must be a base64 data URI (data:image/png;base64,...).", pointer="/data")
    if len(match["data"]) > MAX_UPLOAD_BYTES * 4 // 3 + 4:
        raise _too_large("/data")
    try:
        return base64.b64decode(match["data"], validate=False)
    except (binascii.Error, ValueError):
        raise JsonApiError(422, "The data URI is not valid base64.", pointer="/data") from None


def multipart_files(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """(form field name, content) of every file part of a multipart/form-data body."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise JsonApiError(415, "Send the files as multipart/form-data.", title="Unsupported media type",
                           parameter="Content-Type")
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    if not message.is_multipart():
        raise JsonApiError(400, "The multipart body could not be read.", parameter="body")
    files = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_param("filename", header="content-disposition") is None or not name:
            continue
        files.append((name, part.get_payload(decode=True) or b""))
    return files


def register(api: JsonApiRouter) -> None:
    async def upload_image(request: Request, ctx=Depends(api.get_ctx)):
        _login_required(ctx)
        raw = await read_limited(request, MAX_UPLOAD_BYTES * 4 // 3 + 4096)
        try:
            body = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise JsonApiError(400, "The request body is not valid JSON.", title="Malformed JSON", pointer="") from None
        if not isinstance(body, dict) or "data" not in body:
            raise JsonApiError(422, "Send {\"data\": \"data:image/...;base64,...\"}.", pointer="/data")
        url = await _store(request, decode_data_uri(body["data"]), "/data")
        return PlainJsonResponse({"url": url})

    async def upload_files(request: Request, ctx=Depends(api.get_ctx)):
        _login_required(ctx)
        body = await read_limited(request, MAX_UPLOAD_BYTES * MAX_FILES + 64 * 1024)
        files = multipart_files(request.headers.get("content-type", ""), body)
        single = [data for name, data in files if name == "file"]
        many = [data for name, data in files if name == "files[]"]
        if single and not many and len(single) == 1:
            return PlainJsonResponse({"url": await _store(request, single[0], "file", pointer=False)})
        if many and not single and len(many) <= MAX_FILES:
            urls = [await _store(request, data, f"files[{i}]", pointer=False) for i, data in enumerate(many)]
            return PlainJsonResponse({"urls": urls})
        raise JsonApiError(422, f"Send one file as 'file', or up to {MAX_FILES} files as 'files[]'.",
                           parameter="file")

    async def serve(path: str, request: Request):
        try:
            key = validate_key(MEDIA_PREFIX + path)
        except InvalidKey:
            raise not_found("No such file.", parameter="path") from None
        extension = key.rsplit(".", 1)[-1].lower() if "." in key else ""
        if extension not in CONTENT_TYPES:
            raise not_found("No such file.", parameter="path")
        try:
            data = await request.app.state.storage.get(key)
        except FileMissing:
            raise not_found("No such file.", parameter="path") from None
        return Response(data, media_type=CONTENT_TYPES[extension], headers={
            "X-Content-Type-Options": "nosniff", "Cache-Control": "public, max-age=31536000, immutable",
            "Content-Security-Policy": "default-src 'none'; sandbox"})

    image_body = {"type": "object", "required": ["data"],
                  "properties": {"data": {"type": "string", "description": "data:image/png;base64,..."}}}
    files_body = {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"},
        "files[]": {"type": "array", "items": {"type": "string", "format": "binary"}}}}
    api.router.add_api_route(
        f"{api.prefix}/upload/image", upload_image, methods=["POST"], tags=["upload"],
        summary="Upload an image as a data URI", response_class=PlainJsonResponse,
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": image_body}}}})
    api.router.add_api_route(
        f"{api.prefix}/upload/files", upload_files, methods=["POST"], tags=["upload"],
        summary="Upload images (multipart 'file' or 'files[]')", response_class=PlainJsonResponse,
        openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": files_body}}}})
    api.router.add_api_route("/media/{path:path}", serve, methods=["GET"], tags=["upload"],
                             summary="A stored image", response_class=Response)
    _register_sizes(api, EVENT_IMAGE_SIZE, EventImageSize)
    _register_sizes(api, SPEAKER_IMAGE_SIZE, SpeakerImageSize)


def _register_sizes(api: JsonApiRouter, rdef: ResourceDef, model: type) -> None:
    base = f"{api.prefix}/{rdef.collection}"

    async def read(request: Request, db, ctx):
        query = api.parse(request, rdef, collection=False)
        row = await singleton(db, model)
        await db.commit()
        return JsonApiResponse(DocumentBuilder(ctx, query).single(rdef, row))

    async def write(request: Request, db, ctx):
        query = api.parse(request, rdef, collection=False)
        authorize(ctx, rdef.type, "update", detail="Only admins may change the image sizes.")
        data = parse_resource(await api.body(request), rdef, creating=False, url_id="1")
        row = await singleton(db, model)
        for key, value in data.attributes.items():
            setattr(row, key, value)
        await db.commit()
        return JsonApiResponse(DocumentBuilder(ctx, query).single(rdef, row))

    def check(id: str) -> None:
        if id != "1":
            raise not_found(f"No {rdef.type} with id {id!r}; the sizes are the single resource {base}/1.")

    async def get_singleton(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        return await read(request, db, ctx)

    async def get_by_id(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        check(id)
        return await read(request, db, ctx)

    async def patch_singleton(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        return await write(request, db, ctx)

    async def patch_by_id(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        check(id)
        return await write(request, db, ctx)

    for path, get, patch in ((base, get_singleton, patch_singleton), (f"{base}/{{id}}", get_by_id, patch_by_id)):
        api.router.add_api_route(path, get, methods=["GET"], tags=[rdef.type], summary=f"Get the {rdef.type}s")
        api.router.add_api_route(path, patch, methods=["PATCH"], tags=[rdef.type],
                                 summary=f"Update the {rdef.type}s (admin)")
