"""OpenAPI fragments for generic routes, derived from resource definitions, so that
the published document describes request bodies and parameters precisely."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

from .http import MEDIA_TYPE
from .resource import Attribute, Relationship, ResourceDef

_QUERY = {
    "include": "Comma-separated relationship paths to include (e.g. sessions.track).",
    "sort": "Comma-separated attributes; prefix with - for descending; rel.attr for related attributes.",
    "filter": "JSON list of filter objects: {name, op, val} and {and|or: [...]}, {not: {...}}.",
}


def _param(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}


def attribute_schema(attr: Attribute) -> dict[str, Any]:
    kind = attr.type
    if kind is bool:
        schema: dict[str, Any] = {"type": "boolean"}
    elif kind is int:
        schema = {"type": "integer"}
    elif kind in (float, Decimal):
        schema = {"type": "number"}
    elif kind is datetime:
        schema = {"type": "string", "format": "date-time"}
    elif kind is date:
        schema = {"type": "string", "format": "date"}
    elif kind is dict:
        schema = {"type": "object"}
    elif kind is list:
        schema = {"type": "array"}
    elif get_origin(kind) is Literal:
        schema = {"type": "string", "enum": list(get_args(kind))}
    else:
        schema = {"type": "string"}
    if not attr.required:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def _identifier(rel: Relationship) -> dict:
    return {"type": "object", "required": ["type", "id"],
            "properties": {"type": {"type": "string", "enum": [rel.type]}, "id": {"type": "string", "pattern": "^[0-9]+$"}}}


def linkage_schema(rel: Relationship) -> dict:
    ident = _identifier(rel)
    return {"type": "array", "items": ident} if rel.many else {"anyOf": [ident, {"type": "null"}]}


def resource_document_schema(rdef: ResourceDef, *, creating: bool) -> dict:
    writable = [a for a in rdef.attributes if not a.read_only and (creating or not a.create_only)]
    attributes = {"type": "object", "properties": {a.name: attribute_schema(a) for a in writable},
                  "additionalProperties": False}
    required_attrs = [a.name for a in writable if a.required] if creating else []
    if required_attrs:
        attributes["required"] = required_attrs
    rels = [r for r in rdef.relationships if r.writable]
    relationships = {"type": "object", "additionalProperties": False, "properties": {
        r.name: {"type": "object", "required": ["data"], "properties": {"data": linkage_schema(r)}} for r in rels}}
    required_rels = [r.name for r in rels if r.required] if creating else []
    if required_rels:
        relationships["required"] = required_rels
    data: dict[str, Any] = {"type": "object", "required": ["type"] + ([] if creating else ["id"]),
                            "properties": {"type": {"type": "string", "enum": [rdef.type]},
                                           "attributes": attributes, "relationships": relationships}}
    if not creating:
        data["properties"]["id"] = {"type": "string"}
    if required_attrs:
        data["required"].append("attributes")
    if required_rels:
        data["required"].append("relationships")
    return {"type": "object", "required": ["data"], "properties": {"data": data}}


def _error_responses() -> dict:
    error = {"content": {MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Errors"}}}}
    return {code: {"description": text, **error} for code, text in
            [("400", "Bad request"), ("401", "Unauthorized"), ("403", "Forbidden"),
             ("404", "Not found"), ("409", "Conflict"), ("422", "Invalid input")]}


def list_extra(rdef: ResourceDef) -> dict:
    params = [_param(k, v) for k, v in _QUERY.items()]
    params += [_param("page[number]", "1-based page number.", {"type": "integer", "minimum": 1}),
               _param("page[size]", "Page size (default 20, 0 = all).", {"type": "integer", "minimum": 0}),
               _param(f"fields[{rdef.type}]", "Sparse fieldset.")]
    return {"parameters": params, "responses": _error_responses()}


def detail_extra(rdef: ResourceDef) -> dict:
    return {"parameters": [_param("include", _QUERY["include"]), _param(f"fields[{rdef.type}]", "Sparse fieldset.")],
            "responses": _error_responses()}


def write_extra(rdef: ResourceDef, *, creating: bool) -> dict:
    return {"requestBody": {"required": True, "content": {MEDIA_TYPE: {
        "schema": resource_document_schema(rdef, creating=creating)}}}, "responses": _error_responses()}


def delete_extra() -> dict:
    return {"responses": _error_responses()}


def linkage_extra(rel: Relationship) -> dict:
    return {"requestBody": {"required": True, "content": {MEDIA_TYPE: {"schema": {
        "type": "object", "required": ["data"], "properties": {"data": linkage_schema(rel)}}}}},
        "responses": _error_responses()}


ERRORS_COMPONENT = {
    "type": "object",
    "required": ["errors"],
    "properties": {"errors": {"type": "array", "items": {"type": "object", "properties": {
        "status": {"type": "string"}, "title": {"type": "string"}, "detail": {"type": "string"},
        "source": {"type": "object"}}}}, "jsonapi": {"type": "object"}},
}
