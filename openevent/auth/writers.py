"""A writer for simple resources: authorise with the policy table, then apply attributes.

Domains with real business rules write their own service; this covers plain CRUD.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow
from openevent.jsonapi.input import ResourceInput

from .context import RequestContext
from .policy import Target, authorize


def apply_attributes(obj: Any, data: ResourceInput) -> None:
    for key, value in data.attributes.items():
        setattr(obj, key, value)


@dataclass
class PolicyWriter:
    resource: str
    model: type
    target_of: Callable[[Any], Target] = lambda obj: Target()
    soft_delete: bool = False

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "create")
        obj = self.model(**data.attributes)
        db.add(obj)
        await db.flush()
        return obj

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "update", self.target_of(obj))
        apply_attributes(obj, data)
        await db.flush()
        return obj

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        authorize(ctx, self.resource, "delete", self.target_of(obj))
        if self.soft_delete:
            obj.deleted_at = utcnow()
        else:
            await db.delete(obj)
        await db.flush()
