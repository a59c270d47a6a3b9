"""Resource definitions: which model a JSON:API type maps to, its members and hooks.

The layer is generic: a domain describes its resources with these classes and
supplies callables for visibility, private views and writes. Nothing here knows
what an event is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Awaitable, Callable, Protocol

from pydantic import TypeAdapter

from .errors import JsonApiError


def dasherize(name: str) -> str:
    return name.replace("_", "-")


def underscore(name: str) -> str:
    return name.replace("-", "_")


class Context(Protocol):
    """What the layer needs to know about the request; domains add more."""

    base_url: str


@dataclass
class Attribute:
    """One attribute: wire name (dasherized), model key and type.

    read_only attributes are ignored when a client sends them (clients echo
    the whole resource back on PATCH); unknown attributes are refused.
    """

    key: str
    type: Any = str
    name: str = ""
    read_only: bool = False
    write_only: bool = False
    required: bool = False
    private: bool = False
    filterable: bool = True
    sortable: bool = True
    getter: Callable[[Any, Any], Any] | None = None  # (obj, ctx) -> value, for computed members
    create_only: bool = False
    # Datetimes without an offset are passed on naive for the domain to resolve
    # (e.g. in an event's timezone) instead of being refused.
    local_time: bool = False

    def __post_init__(self) -> None:
        if not self.name:
            self.name = dasherize(self.key)
        if self.getter is not None:
            self.read_only = True
            self.filterable = False
            self.sortable = False
        if self.write_only:
            self.filterable = False
            self.sortable = False
        self._adapter: TypeAdapter | None = None

    @property
    def adapter(self) -> TypeAdapter:
        if self._adapter is None:
            self._adapter = TypeAdapter(self.type | None)
        return self._adapter

    @property
    def is_datetime(self) -> bool:
        return self.type is datetime

    @property
    def is_decimal(self) -> bool:
        return self.type is Decimal


@dataclass
class Relationship:
    """A relationship to another resource type, backed by an ORM relationship."""

    key: str
    type: str
    many: bool = False
    name: str = ""
    writable: bool = False
    required: bool = False
    private: bool = False
    includable: bool = True

    def __post_init__(self) -> None:
        if not self.name:
            self.name = dasherize(self.key)


Criteria = Any  # a SQLAlchemy boolean clause or None


@dataclass
class ResourceDef:
    type: str
    model: type
    collection: str
    attributes: list[Attribute] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    default_sort: list[str] = field(default_factory=lambda: ["id"])
    soft_delete: bool = False
    # Read access: extra WHERE criteria for what this caller may see (None = everything).
    visible: Callable[[Any], Criteria] | None = None
    # Whether the caller may see private members of this object.
    private_view: Callable[[Any, Any], bool] | None = None
    # How a URL id segment selects a row (e.g. events by numeric id or identifier).
    lookup: Callable[[str], Criteria] | None = None
    # Whether the caller may see soft-deleted rows when asking for get_trashed.
    may_see_trashed: Callable[[Any], bool] | None = None
    # Whether the caller may filter and sort by private attributes (e.g. staff searching by email).
    may_filter_private: Callable[[Any], bool] | None = None

    def __post_init__(self) -> None:
        self.attrs_by_name = {a.name: a for a in self.attributes}
        self.rels_by_name = {r.name: r for r in self.relationships}
        for attr in self.attributes:
            self.attrs_by_name.setdefault(underscore(attr.name), attr)
        for rel in self.relationships:
            self.rels_by_name.setdefault(underscore(rel.name), rel)

    def add_relationship(self, rel: Relationship) -> Relationship:
        """Attach a relationship declared by a later domain (e.g. event → sponsors), at import time,
        before routes are registered, so the earlier domain needs no knowledge of the later one."""
        if rel.name in self.rels_by_name:
            raise ValueError(f"{self.type} already has a relationship {rel.name!r}")
        self.relationships.append(rel)
        self.rels_by_name[rel.name] = rel
        self.rels_by_name.setdefault(underscore(rel.name), rel)
        return rel

    def add_attribute(self, attr: Attribute) -> Attribute:
        """Attach a (typically computed, read-only) attribute declared by a later domain (e.g. a
        session's average-rating from the feedbacks domain), at import time, before routes are registered."""
        if attr.name in self.attrs_by_name:
            raise ValueError(f"{self.type} already has an attribute {attr.name!r}")
        self.attributes.append(attr)
        self.attrs_by_name[attr.name] = attr
        self.attrs_by_name.setdefault(underscore(attr.name), attr)
        return attr

    def attribute(self, name: str) -> Attribute | None:
        return self.attrs_by_name.get(name) or self.attrs_by_name.get(dasherize(name))

    def relationship(self, name: str) -> Relationship | None:
        return self.rels_by_name.get(name) or self.rels_by_name.get(dasherize(name))

    def shows_private(self, obj: Any, ctx: Any) -> bool:
        return bool(self.private_view and self.private_view(obj, ctx))


class Registry:
    """All resource definitions by type name and by model class."""

    def __init__(self) -> None:
        self.by_type: dict[str, ResourceDef] = {}
        self.by_model: dict[type, ResourceDef] = {}

    def add(self, rdef: ResourceDef) -> ResourceDef:
        if rdef.type in self.by_type:
            raise ValueError(f"resource type {rdef.type!r} registered twice")
        self.by_type[rdef.type] = rdef
        self.by_model[rdef.model] = rdef
        return rdef

    def get(self, type_name: str) -> ResourceDef:
        try:
            return self.by_type[type_name]
        except KeyError:
            raise JsonApiError(500, f"resource type {type_name!r} is not registered") from None

    def target(self, rel: Relationship) -> ResourceDef:
        return self.get(rel.type)


registry = Registry()

AsyncHook = Callable[..., Awaitable[Any]]
