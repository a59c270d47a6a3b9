"""Receive an uploaded file without holding it in memory.

POST /v1/events/import/json accepts, like Open Event, multipart/form-data with the zip in
the `file` field; a raw body with Content-Type application/zip is accepted too. The body
is streamed to a temporary file with a size cap (413 beyond it); the multipart part is
then located with mmap (no parser library, no copy of the body in memory).
"""

from __future__ import annotations

import mmap
import re
import tempfile
from typing import BinaryIO

from fastapi import Request

from openevent.jsonapi.errors import JsonApiError

RAW_TYPES = {"application/zip", "application/x-zip-compressed", "application/octet-stream"}
_BOUNDARY = re.compile(r'boundary="?([^";]{1,200})"?', re.IGNORECASE)
_NAME = re.compile(rb'\bname="([^"]*)"', re.IGNORECASE)
CHUNK = 1024 * 1024


async def receive_upload(request: Request, *, field: str, max_bytes: int) -> BinaryIO:
    """The uploaded file (a temporary file positioned at 0); the caller closes it."""
    content_type = request.headers.get("content-type", "")
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type != "multipart/form-data" and media_type not in RAW_TYPES:
        raise JsonApiError(415, "Upload the zip as multipart/form-data (field 'file') or as application/zip.",
                           title="Unsupported media type", parameter="Content-Type")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > max_bytes + 64 * 1024:
        raise _too_large(max_bytes)
    body = tempfile.TemporaryFile(prefix="openevent-upload-")
    try:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes + 64 * 1024:
                raise _too_large(max_bytes)
            body.write(chunk)
        body.seek(0)
        if media_type != "multipart/form-data":
            if size == 0:
                raise JsonApiError(422, "The request body is empty; send the zip file.", pointer="")
            if size > max_bytes:
                raise _too_large(max_bytes)
            return body
        match = _BOUNDARY.search(content_type)
        if not match:
            raise JsonApiError(400, "The multipart Content-Type has no boundary.", parameter="Content-Type")
        part = _extract_part(body, size, match.group(1).encode("latin-1"), field.encode(), max_bytes)
        body.close()
        return part
    except BaseException:
        body.close()
        raise


def _too_large(max_bytes: int) -> JsonApiError:
    return JsonApiError(413, f"The uploaded file is larger than {max_bytes} bytes.", title="Payload too large",
                        parameter="file")


def _extract_part(body: BinaryIO, size: int, boundary: bytes, field: bytes, max_bytes: int) -> BinaryIO:
    missing = JsonApiError(422, f"The multipart body has no '{field.decode()}' file field.", parameter="file")
    if size == 0:
        raise missing
    delimiter = b"--" + boundary
    with mmap.mmap(body.fileno(), 0, access=mmap.ACCESS_READ) as view:
        position = view.find(delimiter)
        while position != -1:
            header_start = position + len(delimiter)
            if view[header_start:header_start + 2] == b"--":
                break  # closing delimiter
            header_end = view.find(b"\r\n\r\n", header_start)
            if header_end == -1 or header_end - header_start > 16 * 1024:
                break
            headers = view[header_start:header_end]
            content_start = header_end + 4
            next_delimiter = view.find(b"\r\n" + delimiter, content_start)
            if next_delimiter == -1:
                raise JsonApiError(400, "The multipart body is truncated.", parameter="file")
            name = _NAME.search(headers)
            if name and name.group(1) == field:
                length = next_delimiter - content_start
                if length > max_bytes:
                    raise _too_large(max_bytes)
                if length == 0:
                    raise JsonApiError(422, "The uploaded file is empty.", parameter="file")
                out = tempfile.TemporaryFile(prefix="openevent-upload-part-")
                for offset in range(content_start, next_delimiter, CHUNK):
                    out.write(view[offset:min(offset + CHUNK, next_delimiter)])
                out.seek(0)
                return out
            position = next_delimiter + 2
    raise missing
