"""Parsing of the JSON:API query string: include, fields, sort, filter, page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping

import orjson

from .errors import bad_parameter
from .resource import ResourceDef, registry

DEFAULT_PAGE_SIZE = 20
_BRACKET = re.compile(r"^(\w+)\[([^\]]*)\]$")


@dataclass
class SortKey:
    path: list[str]  # relationship names then the attribute name
    descending: bool


@dataclass
class QueryParams:
    include: list[list[str]] = field(default_factory=list)
    fields: dict[str, set[str]] = field(default_factory=dict)
    sort: list[SortKey] = field(default_factory=list)
    filters: list[Any] = field(default_factory=list)  # parsed filter nodes (JSON)
    simple_filters: dict[str, str] = field(default_factory=dict)
    page_number: int = 1
    page_size: int = DEFAULT_PAGE_SIZE  # 0 = everything
    get_trashed: bool = False

    def include_paths(self) -> set[str]:
        return {".".join(p) for p in self.include}


def parse_query(
    params: Mapping[str, str],
    rdef: ResourceDef,
    *,
    max_page_size: int,
    max_include_depth: int,
    collection: bool,
) -> QueryParams:
    query = QueryParams()
    for key in params.keys():
        match = _BRACKET.match(key)
        family = match.group(1) if match else key
        if family == "page" and match:
            if match.group(2) not in {"number", "size"}:
                raise bad_parameter(key, f"Unknown pagination parameter {key!r}; use page[number] and page[size].")
        elif family == "fields" and match:
            query.fields[match.group(2)] = _parse_fields(key, match.group(2), params[key])
        elif family == "filter" and match:
            query.simple_filters[match.group(2)] = params[key]
    if "include" in params:
        query.include = _parse_include(params["include"], rdef, max_include_depth)
    if "sort" in params:
        query.sort = _parse_sort(params["sort"], rdef)
    if "filter" in params:
        query.filters = _parse_filter_json(params["filter"])
    if collection:
        query.page_number = _parse_int(params, "page[number]", 1, minimum=1)
        query.page_size = _parse_int(params, "page[size]", DEFAULT_PAGE_SIZE, minimum=0)
        if query.page_size > max_page_size:
            raise bad_parameter(
                "page[size]", f"page[size] may be at most {max_page_size} (or 0 for all results)."
            )
    query.get_trashed = params.get("get_trashed", "").lower() == "true"
    return query


def _parse_int(params: Mapping[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise bad_parameter(name, f"{name} must be an integer, got {raw!r}.") from None
    if value < minimum:
        raise bad_parameter(name, f"{name} must be at least {minimum}.")
    if value > 10**9:
        raise bad_parameter(name, f"{name} is too large.")
    return value


def _parse_fields(key: str, type_name: str, raw: str) -> set[str]:
    rdef = registry.by_type.get(type_name)
    if rdef is None:
        raise bad_parameter(key, f"Unknown resource type {type_name!r} in {key}.")
    names = {n for n in raw.split(",") if n}
    for name in names:
        attr = rdef.attribute(name)
        rel = rdef.relationship(name)
        if (attr is None or attr.write_only) and rel is None:
            raise bad_parameter(key, f"{type_name!r} has no field {name!r}.")
    return {(rdef.attribute(n) or rdef.relationship(n)).name for n in names}


def _parse_include(raw: str, rdef: ResourceDef, max_depth: int) -> list[list[str]]:
    paths: list[list[str]] = []
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        parts = item.split(".")
        if len(parts) > max_depth:
            raise bad_parameter("include", f"Include path {item!r} is deeper than {max_depth} levels.")
        current = rdef
        names = []
        for part in parts:
            rel = current.relationship(part)
            if rel is None or not rel.includable:
                raise bad_parameter("include", f"{current.type!r} has no relationship {part!r} to include.")
            names.append(rel.name)
            current = registry.target(rel)
        if names not in paths:
            paths.append(names)
    return paths


def _parse_sort(raw: str, rdef: ResourceDef) -> list[SortKey]:
    keys = []
    for item in raw.split(","):
        item = item.strip()
        if not item:
            continue
        descending = item.startswith("-")
        parts = item.lstrip("-").split(".")
        current = rdef
        path: list[str] = []
        for part in parts[:-1]:
            rel = current.relationship(part)
            if rel is None or rel.many:
                raise bad_parameter("sort", f"Cannot sort by {item!r}: {part!r} is not a to-one relationship.")
            path.append(rel.name)
            current = registry.target(rel)
        attr = current.attribute(parts[-1])
        if attr is None or not attr.sortable:
            raise bad_parameter("sort", f"Cannot sort by {item!r}: {current.type!r} has no sortable attribute {parts[-1]!r}.")
        path.append(attr.name)
        keys.append(SortKey(path=path, descending=descending))
    return keys


def _parse_filter_json(raw: str) -> list[Any]:
    if raw.strip() == "":
        return []
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise bad_parameter("filter", "filter must be a JSON list of filter objects.") from None
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise bad_parameter("filter", "filter must be a JSON list of filter objects.")
    return value
