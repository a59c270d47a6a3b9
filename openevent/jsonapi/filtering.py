"""Translate the Open Event `filter=` JSON syntax into SQLAlchemy criteria.

Only declared, filterable attributes can be named, values are coerced to the
attribute's type, and relationship filters (`has`/`any`) are restricted to the
related rows the caller may see, so a filter can never reveal hidden data.
"""

from __future__ import annotations

from datetime import timezone
from decimal import Decimal
from typing import Any, Literal, get_args, get_origin

import orjson
from pydantic import ValidationError
from sqlalchemy import Numeric, and_, false, not_, or_, true

from .errors import bad_parameter
from .resource import Attribute, ResourceDef, registry

COMPARISONS = {
    "eq": lambda c, v: c == v,
    "ne": lambda c, v: c != v,
    "lt": lambda c, v: c < v,
    "le": lambda c, v: c <= v,
    "gt": lambda c, v: c > v,
    "ge": lambda c, v: c >= v,
}
ALIASES = {
    "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge", "equals": "eq",
    "not_in": "notin", "is_not": "isnot", "not_like": "notlike", "not_ilike": "notilike",
    "neq": "ne", "lte": "le", "gte": "ge",
}
STRING_OPS = {"like", "ilike", "notlike", "notilike", "startswith", "endswith", "contains"}


def normalise_op(op: Any) -> str:
    if not isinstance(op, str):
        raise bad_parameter("filter", f"Filter operator must be a string, got {op!r}.")
    name = op.strip()
    name = ALIASES.get(name, name)
    name = name.strip("_")
    return ALIASES.get(name, name)


MAX_FILTER_DEPTH = 10  # nesting of and/or/not and relationship filters


def build_filters(rdef: ResourceDef, nodes: list[Any], ctx: Any, depth: int = 0) -> Any:
    """The AND of all top-level nodes."""
    return and_(true(), *[_node(rdef, node, ctx, depth) for node in nodes])


def build_simple_filters(rdef: ResourceDef, simple: dict[str, str], ctx: Any) -> Any:
    clauses = []
    for name, raw in simple.items():
        attr = _filterable_attribute(rdef, name, ctx, parameter=f"filter[{name}]")
        column = getattr(rdef.model, attr.key)
        clauses.append(column == _value_for(attr, column, raw, f"filter[{name}]"))
    return and_(true(), *clauses)


def _node(rdef: ResourceDef, node: Any, ctx: Any, depth: int = 0) -> Any:
    if depth > MAX_FILTER_DEPTH:
        raise bad_parameter("filter", f"Filters may be nested at most {MAX_FILTER_DEPTH} levels deep.")
    if not isinstance(node, dict):
        raise bad_parameter("filter", f"Each filter must be an object, got {node!r}.")
    if "or" in node or "and" in node:
        key = "or" if "or" in node else "and"
        children = node[key]
        if not isinstance(children, list):
            raise bad_parameter("filter", f"'{key}' takes a list of filters.")
        clauses = [_node(rdef, child, ctx, depth + 1) for child in children]
        if not clauses:
            return true()  # the clients send [{"or": []}] to mean "no constraint"
        return or_(*clauses) if key == "or" else and_(*clauses)
    if "not" in node:
        return not_(_node(rdef, node["not"], ctx, depth + 1))
    name = node.get("name")
    if not isinstance(name, str):
        raise bad_parameter("filter", "A filter needs a 'name' naming an attribute or relationship.")
    op = normalise_op(node.get("op", "eq"))
    rel = rdef.relationship(name)
    if rel is not None and op in {"has", "any"}:
        return _relationship_node(rdef, rel, op, node, ctx, depth)
    attr = _filterable_attribute(rdef, name, ctx, parameter="filter")
    column = getattr(rdef.model, attr.key)
    if "field" in node:
        other = _filterable_attribute(rdef, node["field"], ctx, parameter="filter")
        value = getattr(rdef.model, other.key)
        if op not in COMPARISONS:
            raise bad_parameter("filter", f"Operator {op!r} cannot compare two fields.")
        if other.type != attr.type:
            raise bad_parameter("filter", f"{attr.name!r} and {other.name!r} have different types.")
        _check_operator_fits(attr, op, None)
        return COMPARISONS[op](column, value)
    if "val" not in node:
        raise bad_parameter("filter", f"The filter on {name!r} needs a 'val'.")
    return _comparison(attr, column, op, node["val"])


def _relationship_node(rdef: ResourceDef, rel, op: str, node: dict, ctx: Any, depth: int = 0) -> Any:
    if op == "has" and rel.many:
        raise bad_parameter("filter", f"Use 'any' for the to-many relationship {rel.name!r}.")
    if op == "any" and not rel.many:
        raise bad_parameter("filter", f"Use 'has' for the to-one relationship {rel.name!r}.")
    target = registry.target(rel)
    inner = node.get("val")
    if not isinstance(inner, (dict, list)):
        raise bad_parameter("filter", f"'{op}' on {rel.name!r} takes a filter object as 'val'.")
    clause = build_filters(target, inner if isinstance(inner, list) else [inner], ctx, depth + 1)
    if target.soft_delete:
        clause = and_(clause, target.model.deleted_at.is_(None))
    if target.visible is not None:
        visible = target.visible(ctx)
        if visible is not None:
            clause = and_(clause, visible)
    relationship_attr = getattr(rdef.model, rel.key)
    return relationship_attr.has(clause) if op == "has" else relationship_attr.any(clause)


def _filterable_attribute(rdef: ResourceDef, name: Any, ctx: Any, *, parameter: str) -> Attribute:
    attr = rdef.attribute(name) if isinstance(name, str) else None
    if attr is None or not attr.filterable:
        raise bad_parameter(parameter, f"{rdef.type!r} has no filterable attribute {name!r}.")
    if attr.private and not _may_filter_private(rdef, ctx):
        raise bad_parameter(parameter, f"{rdef.type!r} has no filterable attribute {name!r}.")
    return attr


def _may_filter_private(rdef: ResourceDef, ctx: Any) -> bool:
    check = getattr(rdef, "may_filter_private", None)
    return bool(check and check(ctx))


def _comparison(attr: Attribute, column: Any, op: str, raw: Any) -> Any:
    _check_operator_fits(attr, op, raw)
    if op in COMPARISONS:
        if raw is None:
            return column.is_(None) if op == "eq" else column.is_not(None) if op == "ne" else false()
        return COMPARISONS[op](column, _value_for(attr, column, raw))
    if op in STRING_OPS:
        if not isinstance(raw, str) or "\x00" in raw:
            raise bad_parameter("filter", f"Operator {op!r} on {attr.name!r} takes a string (without NUL characters).")
        if op in {"startswith", "endswith", "contains"}:
            return getattr(column, op)(raw, autoescape=True)
        if op == "ilike":
            return column.ilike(raw)
        if op == "notilike":
            return column.not_ilike(raw)
        return column.like(raw) if op == "like" else column.not_like(raw)
    if op in {"in", "notin"}:
        if not isinstance(raw, list):
            raise bad_parameter("filter", f"Operator {op!r} on {attr.name!r} takes a list.")
        values = [_value_for(attr, column, v) for v in raw]
        return column.in_(values) if op == "in" else column.not_in(values)
    if op in {"is", "isnot"}:
        if raw is not None and not isinstance(raw, bool):
            raise bad_parameter("filter", f"Operator {op!r} takes null, true or false.")
        return column.is_(raw) if op == "is" else column.is_not(raw)
    if op == "between":
        if not isinstance(raw, list) or len(raw) != 2:
            raise bad_parameter("filter", "Operator 'between' takes a list of two values.")
        return column.between(_value_for(attr, column, raw[0]), _value_for(attr, column, raw[1]))
    raise bad_parameter("filter", f"Unknown filter operator {op!r}.")


def _check_operator_fits(attr: Attribute, op: str, raw: Any) -> None:
    """Refuse (400) operators the attribute's column cannot evaluate, instead of a database error."""
    if op in STRING_OPS and not _is_text(attr):
        raise bad_parameter("filter", f"Operator {op!r} applies to text attributes; {attr.name!r} is not text.")
    if op in {"is", "isnot"} and isinstance(raw, bool) and attr.type is not bool:
        raise bad_parameter("filter", f"Operator {op!r} on {attr.name!r} takes null.")
    if attr.type is bool and op in {"lt", "le", "gt", "ge", "between"}:
        raise bad_parameter("filter", f"Operator {op!r} cannot order true/false values of {attr.name!r}.")


def _is_text(attr: Attribute) -> bool:
    if attr.type is str:
        return True
    return get_origin(attr.type) is Literal and all(isinstance(v, str) for v in get_args(attr.type))


def _value_for(attr: Attribute, column: Any, raw: Any, parameter: str = "filter") -> Any:
    """The filter value coerced to the attribute's type and storable in its column (else 400)."""
    value = _coerce(attr, raw, parameter)
    if isinstance(value, str) and "\x00" in value:
        raise bad_parameter(parameter, f"Invalid value for {attr.name!r}: NUL characters are not allowed.")
    column_type = getattr(column.type, "impl", column.type)
    if isinstance(value, Decimal) and isinstance(column_type, Numeric) and column_type.precision:
        digits = column_type.precision - (column_type.scale or 0)
        if abs(value) >= Decimal(10) ** digits:
            raise bad_parameter(parameter, f"Invalid value for {attr.name!r}: {raw!r} is out of range.")
    return value


def _coerce(attr: Attribute, raw: Any, parameter: str = "filter") -> Any:
    if isinstance(raw, (dict, list)):
        raise bad_parameter(parameter, f"Invalid value for {attr.name!r}: {raw!r}.")
    try:
        if isinstance(raw, str) and attr.type is not str:
            value = attr.adapter.validate_json(_as_json(raw, attr))  # "5", "true" from query strings
        else:
            value = attr.adapter.validate_python(raw, strict=False)
    except ValidationError:
        raise bad_parameter(parameter, f"Invalid value for {attr.name!r}: {raw!r}.") from None
    if attr.is_datetime and value is not None:
        value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
        try:
            value = value.astimezone(timezone.utc)
        except OverflowError:
            raise bad_parameter(parameter, f"Invalid value for {attr.name!r}: {raw!r} is out of range.") from None
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**63:
        raise bad_parameter(parameter, f"Invalid value for {attr.name!r}: {raw!r} is out of range.")
    return value


def _as_json(raw: str, attr: Attribute) -> bytes:
    """Strings from a query string parsed as the attribute type (e.g. "5", "true")."""
    if attr.type in (int, float, bool) or attr.is_decimal:
        return raw.encode() if raw.strip() else b'""'
    return orjson.dumps(raw)
