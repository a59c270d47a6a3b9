"""Building JSON:API documents: resource objects, included, links, meta."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable
from urllib.parse import urlencode

from .errors import JSONAPI_VERSION
from .query import QueryParams
from .resource import Relationship, ResourceDef, registry

API_PREFIX = "/v1"

IncludeTree = dict[str, "IncludeTree"]


def include_tree(paths: Iterable[list[str]]) -> IncludeTree:
    tree: IncludeTree = {}
    for path in paths:
        node = tree
        for name in path:
            node = node.setdefault(name, {})
    return tree


def resource_url(rdef: ResourceDef, obj_id: Any) -> str:
    return f"{API_PREFIX}/{rdef.collection}/{obj_id}"


def wire_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


class DocumentBuilder:
    """Serializes loaded objects; collects included resources without duplicates."""

    def __init__(self, ctx: Any, query: QueryParams | None = None) -> None:
        self.ctx = ctx
        self.query = query or QueryParams()
        self.tree = include_tree(self.query.include)
        self.included: dict[tuple[str, str], dict] = {}
        self.primary_keys: set[tuple[str, str]] = set()

    def resource_object(self, rdef: ResourceDef, obj: Any, tree: IncludeTree | None = None) -> dict:
        obj_id = str(obj.id)
        wanted = self.query.fields.get(rdef.type)
        private = rdef.shows_private(obj, self.ctx)
        attributes: dict[str, Any] = {}
        for attr in rdef.attributes:
            if attr.write_only or (attr.private and not private):
                continue
            if wanted is not None and attr.name not in wanted:
                continue
            value = attr.getter(obj, self.ctx) if attr.getter else getattr(obj, attr.key)
            attributes[attr.name] = wire_value(value)
        relationships: dict[str, Any] = {}
        base = resource_url(rdef, obj_id)
        for rel in rdef.relationships:
            if rel.private and not private:
                continue
            if wanted is not None and rel.name not in wanted and rel.name not in (tree or {}):
                continue
            member: dict[str, Any] = {
                "links": {"self": f"{base}/relationships/{rel.name}", "related": f"{base}/{rel.name}"}
            }
            if tree and rel.name in tree:
                member["data"] = self._linkage_and_include(rel, getattr(obj, rel.key), tree[rel.name])
            if wanted is None or rel.name in wanted:
                relationships[rel.name] = member
        resource = {"type": rdef.type, "id": obj_id, "attributes": attributes}
        if relationships:
            resource["relationships"] = relationships
        resource["links"] = {"self": base}
        return resource

    def _linkage_and_include(self, rel: Relationship, value: Any, subtree: IncludeTree) -> Any:
        target = registry.target(rel)
        if rel.many:
            return [self._include(target, item, subtree) for item in value or []]
        if value is None:
            return None
        return self._include(target, value, subtree)

    def _include(self, rdef: ResourceDef, obj: Any, subtree: IncludeTree) -> dict:
        key = (rdef.type, str(obj.id))
        if key not in self.included and key not in self.primary_keys:
            self.included[key] = {}  # placeholder against cycles
            self.included[key] = self.resource_object(rdef, obj, subtree)
        elif subtree and key in self.primary_keys:
            # The object is primary data; still walk deeper includes through it.
            self.resource_object(rdef, obj, subtree)
        return {"type": rdef.type, "id": str(obj.id)}

    def single(self, rdef: ResourceDef, obj: Any | None, *, meta: dict | None = None) -> dict:
        if obj is None:
            doc: dict[str, Any] = {"data": None}
        else:
            self.primary_keys.add((rdef.type, str(obj.id)))
            data = self.resource_object(rdef, obj, self.tree)
            doc = {"data": data, "links": {"self": data["links"]["self"]}}
        return self._finish(doc, meta)

    def collection(
        self, rdef: ResourceDef, objs: list[Any], *, count: int, self_path: str, params: dict[str, str]
    ) -> dict:
        self.primary_keys.update((rdef.type, str(o.id)) for o in objs)
        data = [self.resource_object(rdef, obj, self.tree) for obj in objs]
        doc = {"data": data, "links": pagination_links(self_path, params, self.query, count)}
        return self._finish(doc, {"count": count})

    def _finish(self, doc: dict, meta: dict | None) -> dict:
        if self.included:
            doc["included"] = [v for v in self.included.values() if v]
        if meta:
            doc["meta"] = meta
        doc["jsonapi"] = JSONAPI_VERSION
        return doc


def pagination_links(path: str, params: dict[str, str], query: QueryParams, count: int) -> dict:
    links = {"self": _with_page(path, params, None)}
    size = query.page_size
    if size == 0 or count <= size:
        return links
    last = max(1, -(-count // size))
    number = query.page_number
    links["first"] = _with_page(path, params, 1)
    links["last"] = _with_page(path, params, last)
    if number > 1:
        links["prev"] = _with_page(path, params, min(number - 1, last))
    if number < last:
        links["next"] = _with_page(path, params, number + 1)
    return links


def _with_page(path: str, params: dict[str, str], number: int | None) -> str:
    items = dict(params)
    if number is not None:
        items["page[number]"] = str(number)
    return f"{path}?{urlencode(items)}" if items else path


def meta_document(meta: dict) -> dict:
    return {"meta": meta, "jsonapi": JSONAPI_VERSION}
