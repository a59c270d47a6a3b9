"""JSON:API error objects and the exception that carries them."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

JSONAPI_VERSION = {"version": "1.0"}


class JsonApiError(Exception):
    """An error a client caused (or a server fault); rendered as an error document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        pointer: str | None = None,
        parameter: str | None = None,
        headers: dict[str, str] | None = None,
        code: str | None = None,
        extra_errors: list["JsonApiError"] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.pointer = pointer
        self.parameter = parameter
        self.headers = headers or {}
        self.code = code
        self.extra_errors = extra_errors or []

    def error_object(self) -> dict[str, Any]:
        obj: dict[str, Any] = {"status": str(self.status), "title": self.title, "detail": self.detail}
        if self.code:
            obj["code"] = self.code
        if self.pointer is not None:
            obj["source"] = {"pointer": self.pointer}
        elif self.parameter is not None:
            obj["source"] = {"parameter": self.parameter}
        return obj

    def document(self) -> dict[str, Any]:
        errors = [self.error_object()] + [e.error_object() for e in self.extra_errors]
        return {"errors": errors, "jsonapi": JSONAPI_VERSION}


def bad_parameter(parameter: str, detail: str) -> JsonApiError:
    return JsonApiError(400, detail, title="Invalid query parameter", parameter=parameter)


def invalid_attribute(name: str, detail: str) -> JsonApiError:
    return JsonApiError(422, detail, title="Invalid attribute", pointer=f"/data/attributes/{name}")


def invalid_relationship(name: str, detail: str, status: int = 422) -> JsonApiError:
    return JsonApiError(status, detail, title="Invalid relationship", pointer=f"/data/relationships/{name}")


def not_found(detail: str = "The requested object was not found.", *, parameter: str | None = None) -> JsonApiError:
    return JsonApiError(404, detail, title="Not found", parameter=parameter)


def forbidden(detail: str = "You are not allowed to do this.", *, pointer: str | None = None) -> JsonApiError:
    return JsonApiError(403, detail, title="Access forbidden", pointer=pointer)


def unauthorized(detail: str = "Authentication is required.") -> JsonApiError:
    return JsonApiError(401, detail, title="Unauthorized", headers={"WWW-Authenticate": "JWT"})


def conflict(detail: str, *, pointer: str | None = None) -> JsonApiError:
    return JsonApiError(409, detail, title="Conflict", pointer=pointer)
