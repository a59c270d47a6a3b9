"""GET /v1/downloads/{token}: files of the local storage, through short-lived signed links.

Only keys the server signed can be fetched, so no client ever names a path (W5).
S3 storage hands out presigned URLs instead; this route then answers 404.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import FileResponse

from openevent.jsonapi.endpoints import JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, not_found

from .base import FileMissing
from .keys import InvalidKey, filename_of
from .local import LocalStorage
from .signing import BadToken, ExpiredToken, unsign_key

CONTENT_TYPES = {
    ".ics": "text/calendar",
    ".xcs": "application/xml",
    ".xml": "application/xml",
    ".json": "application/json",
    ".zip": "application/zip",
    ".csv": "text/csv",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}


def register(api: JsonApiRouter) -> None:
    api.router.add_api_route(
        f"{api.prefix}/downloads/{{token}}", download, methods=["GET"], tags=["downloads"],
        summary="Download a generated file through a signed, short-lived link",
        response_class=FileResponse,
    )


async def download(token: str, request: Request) -> FileResponse:
    storage = request.app.state.storage
    if not isinstance(storage, LocalStorage):
        raise not_found("Downloads are served by the file storage directly.", parameter="token")
    key = _key_from_token(request.app.state.settings.secret_key, token)
    try:
        path = storage.path(key)
    except (FileMissing, InvalidKey):
        raise not_found("This download link is invalid.", parameter="token") from None
    if not path.is_file():
        raise not_found("The file of this download link no longer exists.", parameter="token")
    return FileResponse(
        path,
        media_type=content_type_of(key),
        filename=filename_of(key),
        content_disposition_type="attachment",
        headers={"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"},
    )


def _key_from_token(secret: str, token: str) -> str:
    try:
        return unsign_key(secret, token)
    except ExpiredToken:
        raise JsonApiError(410, "This download link has expired; ask for the task again to get a fresh link.",
                           title="Gone", parameter="token") from None
    except BadToken:
        raise not_found("This download link is invalid.", parameter="token") from None


def content_type_of(key: str) -> str:
    name = filename_of(key).lower()
    suffix = name[name.rfind("."):] if "." in name else ""
    return CONTENT_TYPES.get(suffix, "application/octet-stream")
