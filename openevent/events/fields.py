"""Validation of single attribute values that the type alone cannot express.

Each check raises a 422 whose source.pointer names the wire attribute.
"""

from __future__ import annotations

import math
import re
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from openevent.jsonapi.errors import invalid_attribute

MAX_URL_LENGTH = 2048
_CURRENCY = re.compile(r"^[A-Za-z]{3}$")


def blank_to_none(value: Any) -> Any:
    """Forms send "" for a cleared optional field; store it as null."""
    return None if isinstance(value, str) and not value.strip() else value


def normalise_url(value: Any, attribute: str) -> str | None:
    """An optional absolute http(s) URL ("" counts as null)."""
    value = blank_to_none(value)
    check_http_url(value, attribute)
    return value


def check_http_url(value: Any, attribute: str) -> None:
    """Absolute http(s) URLs only: no javascript:, data: or relative URLs."""
    if value is None:
        return
    if len(value) > MAX_URL_LENGTH:
        raise invalid_attribute(attribute, f"{attribute!r} may be at most {MAX_URL_LENGTH} characters long.")
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        raise invalid_attribute(attribute, f"{attribute!r} must be an absolute http(s) URL.")


def normalise_email(value: Any, attribute: str) -> str | None:
    """A trimmed, syntactically valid email address (no DNS lookups); "" counts as null."""
    value = blank_to_none(value)
    if value is None:
        return None
    value = value.strip()
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise invalid_attribute(attribute, f"{attribute!r} is not a valid email address.") from None
    return value


def check_range(value: Any, low: float, high: float, attribute: str) -> None:
    if value is None:
        return
    if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
        raise invalid_attribute(attribute, f"{attribute!r} must be between {low:g} and {high:g}.")


def check_not_blank(value: Any, attribute: str) -> None:
    if isinstance(value, str) and not value.strip():
        raise invalid_attribute(attribute, f"{attribute!r} may not be blank.")


def normalise_currency(value: Any, attribute: str) -> str | None:
    value = blank_to_none(value)
    if value is None:
        return None
    if not _CURRENCY.match(value):
        raise invalid_attribute(attribute, f"{attribute!r} must be a three-letter ISO 4217 code such as 'EUR'.")
    return value.upper()


def check_document_links(value: Any, attribute: str) -> None:
    """A list of {"name": text, "link": http(s) URL} objects."""
    if value is None:
        return
    if len(value) > 100:
        raise invalid_attribute(attribute, f"{attribute!r} may hold at most 100 links.")
    for item in value:
        if not isinstance(item, dict) or set(item) - {"name", "link"} or not isinstance(item.get("name"), str):
            raise invalid_attribute(attribute, f"Each of {attribute!r} must be an object with 'name' and 'link'.")
        if not isinstance(item.get("link"), str):
            raise invalid_attribute(attribute, f"Each of {attribute!r} needs a 'link' URL.")
        check_http_url(item["link"], attribute)
