"""Parsing and validating request documents for create, update and relationship writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pydantic import ValidationError
from sqlalchemy import BigInteger, Integer, SmallInteger
from sqlalchemy import inspect as sa_inspect

from .errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from .resource import ResourceDef, registry


@dataclass
class ResourceInput:
    """Validated attributes (by model key) and relationship linkage (by relationship key)."""

    attributes: dict[str, Any] = field(default_factory=dict)
    relationships: dict[str, Any] = field(default_factory=dict)  # key -> id str | list[id str] | None
    sent_attribute_names: set[str] = field(default_factory=set)


def _require_object(value: Any, pointer: str, what: str) -> dict:
    if not isinstance(value, dict):
        raise JsonApiError(400, f"{what} must be a JSON object.", title="Invalid document", pointer=pointer)
    return value


def parse_resource(
    body: Any, rdef: ResourceDef, *, creating: bool, url_id: str | None = None
) -> ResourceInput:
    doc = _require_object(body, "", "The request body")
    data = _require_object(doc.get("data"), "/data", "data")
    if data.get("type") != rdef.type:
        raise conflict(f"data.type must be {rdef.type!r}, got {data.get('type')!r}.", pointer="/data/type")
    if not creating:
        if "id" not in data:
            raise JsonApiError(400, "data.id is required when updating.", title="Invalid document", pointer="/data/id")
        if str(data["id"]) != str(url_id):
            raise conflict(f"data.id {data['id']!r} does not match the URL id {url_id!r}.", pointer="/data/id")
    result = ResourceInput()
    attributes = _require_object(data.get("attributes", {}), "/data/attributes", "data.attributes")
    for name, raw in attributes.items():
        attr = rdef.attribute(name)
        if attr is None:
            raise invalid_attribute(name, f"{rdef.type!r} has no attribute {name!r}.")
        if attr.read_only or (attr.create_only and not creating):
            continue  # clients echo read-only members back; they are ignored
        result.attributes[attr.key] = validate_value(attr, raw)
        check_column_fits(rdef, attr, result.attributes[attr.key])
        result.sent_attribute_names.add(attr.name)
    if creating:
        for attr in rdef.attributes:
            if attr.required and attr.key not in result.attributes:
                raise invalid_attribute(attr.name, f"{attr.name!r} is required.")
    for attr in rdef.attributes:
        if attr.required and attr.key in result.attributes and result.attributes[attr.key] is None:
            raise invalid_attribute(attr.name, f"{attr.name!r} may not be null.")
    relationships = _require_object(data.get("relationships", {}), "/data/relationships", "data.relationships")
    for name, member in relationships.items():
        rel = rdef.relationship(name)
        if rel is None:
            raise invalid_relationship(name, f"{rdef.type!r} has no relationship {name!r}.")
        if not rel.writable:
            continue  # read-only relationships sent back by clients are ignored
        member = _require_object(member, f"/data/relationships/{name}", f"relationship {name!r}")
        if "data" not in member:
            raise invalid_relationship(name, f"relationship {name!r} needs a 'data' member.")
        result.relationships[rel.key] = parse_linkage(member["data"], rel, f"/data/relationships/{name}/data")
    if creating:
        for rel in rdef.relationships:
            if rel.required and result.relationships.get(rel.key) in (None, []):
                raise invalid_relationship(rel.name, f"relationship {rel.name!r} is required.")
    return result


def apply_linkage(current: list, given: list, mode: str) -> list:
    """The members of a to-many relationship after a relationship write: PATCH replaces ("replace"),
    POST adds what is missing ("add"), DELETE removes what is given ("remove"); order is kept."""
    if mode == "replace":
        return list(given)
    if mode == "add":
        return list(current) + [item for item in given if item not in current]
    return [item for item in current if item not in given]


def parse_linkage(data: Any, rel, pointer: str) -> Any:
    if rel.many:
        if not isinstance(data, list):
            raise JsonApiError(422, f"{rel.name!r} is to-many: data must be a list.", pointer=pointer)
        return [_identifier(item, rel, f"{pointer}/{i}") for i, item in enumerate(data)]
    if data is None:
        return None
    return _identifier(data, rel, pointer)


def _identifier(item: Any, rel, pointer: str) -> str:
    if not isinstance(item, dict) or "id" not in item or "type" not in item:
        raise JsonApiError(422, "A resource identifier needs 'type' and 'id'.", title="Invalid relationship", pointer=pointer)
    if item["type"] != rel.type:
        raise conflict(f"{rel.name!r} takes type {rel.type!r}, got {item['type']!r}.", pointer=f"{pointer}/type")
    ident = str(item["id"])
    if parse_id(item["id"], registry.target(rel).model) is None:
        raise JsonApiError(422, f"{ident!r} is not a valid id.", title="Invalid relationship", pointer=f"{pointer}/id")
    return ident


def parse_id(value: Any, model: type) -> int | None:
    """The integer id a client sent (string or integer) if it can name a row of `model`, else None.

    Only ASCII digits (str.isdigit also accepts '²', which int() refuses) and only values the
    primary key column can hold, so a lookup never reaches the database with what it would refuse."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    text = str(value)
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    number = int(text)
    return number if id_fits(model, number) else None


def id_fits(model: type, value: int) -> bool:
    """Whether the model's integer primary key column can hold the value (PostgreSQL refuses
    an int4 parameter beyond 2**31 - 1 with an error, where SQLite simply finds nothing)."""
    bits = _integer_bits(sa_inspect(model).primary_key[0].type)
    return bits is None or value < 2 ** (bits - 1)


def validate_value(attr, raw: Any) -> Any:
    if attr.type is str and raw is not None and not isinstance(raw, str):
        raise invalid_attribute(attr.name, f"{attr.name!r} must be a string.")
    try:
        value = attr.adapter.validate_python(raw, strict=attr.type in (bool,))
    except ValidationError as exc:
        message = exc.errors()[0].get("msg", "invalid value")
        raise invalid_attribute(attr.name, f"Invalid value for {attr.name!r}: {message}.") from None
    if isinstance(value, datetime):
        value = _utc_instant(attr, value)
    if isinstance(value, str) and "\x00" in value:
        raise invalid_attribute(attr.name, f"{attr.name!r} may not contain NUL characters.")
    return value


def _utc_instant(attr, value: datetime) -> datetime:
    """Aware datetimes become UTC; naive ones are refused unless the domain resolves them."""
    if value.tzinfo is None:
        if attr.local_time:
            return value
        raise invalid_attribute(attr.name, f"{attr.name!r} must carry a timezone offset (e.g. 2026-05-01T09:00:00Z).")
    try:
        return value.astimezone(timezone.utc)
    except OverflowError:
        raise invalid_attribute(attr.name, f"{attr.name!r} is out of the supported date range.") from None


def check_column_fits(rdef: ResourceDef, attr, value: Any) -> None:
    """Refuse what the column cannot store (NULL in NOT NULL, too long strings) with a 422, not a 500."""
    column = sa_inspect(rdef.model).columns.get(attr.key)
    if column is None:
        return
    if value is None and not column.nullable and not column.primary_key:
        raise invalid_attribute(attr.name, f"{attr.name!r} may not be null.")
    length = getattr(column.type, "length", None)
    if isinstance(value, str) and length is not None and len(value) > length:
        raise invalid_attribute(attr.name, f"{attr.name!r} may be at most {length} characters long.")
    bits = _integer_bits(column.type)
    if bits and isinstance(value, int) and not isinstance(value, bool) and not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
        raise invalid_attribute(attr.name, f"{attr.name!r} is out of range (at most {2 ** (bits - 1) - 1}).")


def _integer_bits(column_type: Any) -> int | None:
    """The storage width of an integer column (PostgreSQL refuses what does not fit; SQLite would not)."""
    if isinstance(column_type, SmallInteger):
        return 16
    if isinstance(column_type, BigInteger):
        return 64
    if isinstance(column_type, Integer):
        return 32
    return None
