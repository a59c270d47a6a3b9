"""Query building for reads: visibility, soft delete, filters, sort, page, includes.

Every read costs a fixed number of queries: one count, one page, and one per
include level (selectin loading), whatever the page size.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, func, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, selectinload

from .document import IncludeTree, include_tree
from .errors import not_found
from .filtering import build_filters, build_simple_filters
from .input import parse_id
from .query import QueryParams, SortKey
from .resource import ResourceDef, registry


def read_criteria(rdef: ResourceDef, ctx: Any, *, trashed: bool = False) -> Any:
    """What the caller may read of this resource (soft delete + visibility)."""
    clauses = []
    if rdef.soft_delete and not (trashed and rdef.may_see_trashed and rdef.may_see_trashed(ctx)):
        clauses.append(rdef.model.deleted_at.is_(None))
    if rdef.visible is not None:
        visible = rdef.visible(ctx)
        if visible is not None:
            clauses.append(visible)
    return and_(true(), *clauses)


def loader_options(rdef: ResourceDef, tree: IncludeTree, ctx: Any) -> list:
    options = []
    for name, subtree in tree.items():
        rel = rdef.relationship(name)
        target = registry.target(rel)
        attr = getattr(rdef.model, rel.key).and_(read_criteria(target, ctx))
        loader = selectinload(attr)
        children = loader_options(target, subtree, ctx)
        if children:
            loader = loader.options(*children)
        options.append(loader)
    return options


def apply_sort(stmt: Select, rdef: ResourceDef, keys: list[SortKey]) -> Select:
    aliases: dict[tuple[str, ...], Any] = {}
    order = []
    for key in keys:
        current, entity = rdef, rdef.model
        for depth, rel_name in enumerate(key.path[:-1]):
            rel = current.relationship(rel_name)
            target = registry.target(rel)
            prefix = tuple(key.path[: depth + 1])
            if prefix not in aliases:
                alias = aliased(target.model)
                stmt = stmt.outerjoin(alias, getattr(entity, rel.key).of_type(alias))
                aliases[prefix] = alias
            current, entity = target, aliases[prefix]
        column = getattr(entity, current.attribute(key.path[-1]).key)
        order.append(column.desc().nulls_first() if key.descending else column.asc().nulls_last())
    order.append(rdef.model.id.asc())  # stable pages
    return stmt.order_by(*order)


def default_sort_keys(rdef: ResourceDef) -> list[SortKey]:
    keys = []
    for item in rdef.default_sort:
        descending = item.startswith("-")
        if item.lstrip("-") == "id":
            continue  # the id tiebreaker is always appended
        keys.append(SortKey(path=[rdef.attribute(item.lstrip("-")).name], descending=descending))
    return keys


def filtered_select(rdef: ResourceDef, ctx: Any, query: QueryParams, scope: Any = None) -> Select:
    stmt = select(rdef.model).where(read_criteria(rdef, ctx, trashed=query.get_trashed))
    if scope is not None:
        stmt = stmt.where(scope)
    if query.filters:
        stmt = stmt.where(build_filters(rdef, query.filters, ctx))
    if query.simple_filters:
        stmt = stmt.where(build_simple_filters(rdef, query.simple_filters, ctx))
    return stmt


async def fetch_collection(
    db: AsyncSession, rdef: ResourceDef, ctx: Any, query: QueryParams, *, scope: Any = None
) -> tuple[list[Any], int]:
    stmt = filtered_select(rdef, ctx, query, scope)
    count = (await db.execute(select(func.count()).select_from(stmt.subquery()))).scalar_one()
    stmt = apply_sort(stmt, rdef, query.sort or default_sort_keys(rdef))
    if query.page_size:
        stmt = stmt.limit(query.page_size).offset((query.page_number - 1) * query.page_size)
    stmt = stmt.options(*loader_options(rdef, include_tree(query.include), ctx))
    objs = list((await db.execute(stmt)).scalars().unique())
    return objs, count


def lookup_criteria(rdef: ResourceDef, id_value: str) -> Any:
    if rdef.lookup is not None:
        return rdef.lookup(id_value)
    number = parse_id(id_value, rdef.model)
    return None if number is None else rdef.model.id == number


async def fetch_one(
    db: AsyncSession,
    rdef: ResourceDef,
    ctx: Any,
    id_value: str,
    query: QueryParams | None = None,
    *,
    for_update: bool = False,
) -> Any:
    """Load one visible object by URL id; 404 when it does not exist or is hidden."""
    query = query or QueryParams()
    criteria = lookup_criteria(rdef, id_value)
    if criteria is None:
        raise not_found(f"No {rdef.type} with id {id_value!r}.")
    stmt = select(rdef.model).where(criteria, read_criteria(rdef, ctx, trashed=query.get_trashed))
    stmt = stmt.options(*loader_options(rdef, include_tree(query.include), ctx))
    if for_update:
        # Lock only the resource's own row: PostgreSQL refuses FOR UPDATE on the nullable side
        # of an outer join (a joined eager load of an optional relationship).
        stmt = stmt.with_for_update(of=rdef.model)
    obj = (await db.execute(stmt)).scalars().first()
    if obj is None:
        raise not_found(f"No {rdef.type} with id {id_value!r}.")
    return obj


async def reload(db: AsyncSession, rdef: ResourceDef, ctx: Any, obj: Any, query: QueryParams) -> Any:
    """Fetch an object again with the includes a response needs (after a write)."""
    stmt = select(rdef.model).where(rdef.model.id == obj.id)
    stmt = stmt.options(*loader_options(rdef, include_tree(query.include), ctx)).execution_options(
        populate_existing=True
    )
    return (await db.execute(stmt)).scalars().one()
