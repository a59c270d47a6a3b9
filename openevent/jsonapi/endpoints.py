"""Generic JSON:API routes for a resource: list, create, detail, update, delete,
related and relationship endpoints. Domains supply a writer with the business rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Protocol

from fastapi import APIRouter, Depends, Request, Response
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import with_parent

from . import openapi
from .document import DocumentBuilder, meta_document, resource_url
from .errors import JsonApiError, unauthorized
from .http import JsonApiResponse, check_accept, read_json
from .input import ResourceInput, parse_linkage, parse_resource
from .loading import fetch_collection, fetch_one, reload
from .query import QueryParams, parse_query
from .resource import Relationship, ResourceDef, registry


class ResourceWriter(Protocol):
    async def create(self, db: AsyncSession, ctx: Any, data: ResourceInput) -> Any: ...
    async def update(self, db: AsyncSession, ctx: Any, obj: Any, data: ResourceInput) -> Any: ...
    async def delete(self, db: AsyncSession, ctx: Any, obj: Any, params: dict[str, str]) -> None: ...


class RelationshipWriter(Protocol):
    async def update_relationship(
        self, db: AsyncSession, ctx: Any, obj: Any, rel: Relationship, linkage: Any, mode: str
    ) -> None: ...


@dataclass
class Limits:
    max_page_size: int = 1000
    max_include_depth: int = 3
    max_body_bytes: int = 2 * 1024 * 1024


@dataclass
class Endpoints:
    """Which generic routes a resource gets, and the hooks they call."""

    rdef: ResourceDef
    writer: Any = None  # ResourceWriter (+ RelationshipWriter) or None for read-only
    list: bool = True
    create: bool = True
    detail: bool = True
    update: bool = True
    delete: bool = True
    relationships: bool = True
    list_guard: Callable[[Any], None] | None = None
    create_path: str | None = None  # defaults to the collection path


class JsonApiRouter:
    """Builds FastAPI routes; the app supplies its DB-session and context dependencies."""

    def __init__(
        self,
        get_db: Callable[..., Awaitable[AsyncSession]],
        get_ctx: Callable[..., Awaitable[Any]],
        limits: Limits,
        prefix: str = "/v1",
    ) -> None:
        self.get_db = get_db
        self.get_ctx = get_ctx
        self.limits = limits
        self.prefix = prefix
        self.router = APIRouter()

    # -- query helpers usable by custom routes too ------------------------------------
    def parse(self, request: Request, rdef: ResourceDef, *, collection: bool) -> QueryParams:
        check_accept(request)
        return parse_query(
            request.query_params,
            rdef,
            max_page_size=self.limits.max_page_size,
            max_include_depth=self.limits.max_include_depth,
            collection=collection,
        )

    async def collection_response(
        self, request: Request, db: AsyncSession, ctx: Any, rdef: ResourceDef, *, scope: Any = None
    ) -> JsonApiResponse:
        query = self.parse(request, rdef, collection=True)
        objs, count = await fetch_collection(db, rdef, ctx, query, scope=scope)
        params = {k: v for k, v in request.query_params.items() if k != "page[number]"}
        doc = DocumentBuilder(ctx, query).collection(rdef, objs, count=count, self_path=request.url.path, params=params)
        return JsonApiResponse(doc)

    async def single_response(
        self, request: Request, db: AsyncSession, ctx: Any, rdef: ResourceDef, obj: Any, *, status: int = 200
    ) -> JsonApiResponse:
        query = self.parse(request, rdef, collection=False)
        if obj is not None and query.include:
            obj = await reload(db, rdef, ctx, obj, query)
        doc = DocumentBuilder(ctx, query).single(rdef, obj)
        headers = {"Location": resource_url(rdef, obj.id)} if status == 201 else None
        return JsonApiResponse(doc, status_code=status, headers=headers)

    async def body(self, request: Request) -> Any:
        return await read_json(request, max_bytes=self.limits.max_body_bytes)

    # -- registration -----------------------------------------------------------------
    def register(self, spec: Endpoints) -> None:
        rdef = spec.rdef
        base = f"{self.prefix}/{rdef.collection}"
        tag = rdef.type
        if spec.list:
            self.router.add_api_route(base, self._list(spec), methods=["GET"], tags=[tag],
                                      summary=f"List {rdef.type} resources", openapi_extra=openapi.list_extra(rdef))
        if spec.create and spec.writer is not None:
            self.router.add_api_route(spec.create_path or base, self._create(spec), methods=["POST"], tags=[tag],
                                      status_code=201, summary=f"Create a {rdef.type}",
                                      openapi_extra=openapi.write_extra(rdef, creating=True))
        if spec.detail:
            detail = f"{base}/{{id}}"
            self.router.add_api_route(detail, self._get(spec), methods=["GET"], tags=[tag],
                                      summary=f"Get a {rdef.type}", openapi_extra=openapi.detail_extra(rdef))
            if spec.update and spec.writer is not None:
                self.router.add_api_route(detail, self._patch(spec), methods=["PATCH"], tags=[tag],
                                          summary=f"Update a {rdef.type}",
                                          openapi_extra=openapi.write_extra(rdef, creating=False))
            if spec.delete and spec.writer is not None:
                self.router.add_api_route(detail, self._delete(spec), methods=["DELETE"], tags=[tag],
                                          summary=f"Delete a {rdef.type}", openapi_extra=openapi.delete_extra())
            if spec.relationships:
                for rel in rdef.relationships:
                    self._register_relationship(spec, rel, detail, tag)

    def _register_relationship(self, spec: Endpoints, rel: Relationship, detail: str, tag: str) -> None:
        related_path = f"{detail}/{rel.name}"
        extra = openapi.list_extra(registry.target(rel)) if rel.many else openapi.detail_extra(registry.target(rel))
        self.router.add_api_route(related_path, self._related(spec, rel), methods=["GET"], tags=[tag],
                                  summary=f"Related {rel.name} of a {spec.rdef.type}", openapi_extra=extra)
        rel_path = f"{detail}/relationships/{rel.name}"
        self.router.add_api_route(rel_path, self._relationship_get(spec, rel), methods=["GET"], tags=[tag],
                                  summary=f"Linkage of {rel.name}")
        if rel.writable and spec.writer is not None and hasattr(spec.writer, "update_relationship"):
            methods = ["PATCH", "POST", "DELETE"] if rel.many else ["PATCH"]
            for method in methods:
                self.router.add_api_route(rel_path, self._relationship_write(spec, rel, method), methods=[method],
                                          tags=[tag], summary=f"{method} linkage of {rel.name}",
                                          openapi_extra=openapi.linkage_extra(rel))

    # -- handlers -----------------------------------------------------------------------
    def _list(self, spec: Endpoints):
        async def handler(request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            if spec.list_guard:
                spec.list_guard(ctx)
            return await self.collection_response(request, db, ctx, spec.rdef)
        return handler

    def _get(self, spec: Endpoints):
        async def handler(id: str, request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            query = self.parse(request, spec.rdef, collection=False)
            obj = await fetch_one(db, spec.rdef, ctx, id, query)
            return JsonApiResponse(DocumentBuilder(ctx, query).single(spec.rdef, obj))
        return handler

    def _create(self, spec: Endpoints):
        async def handler(request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            check_accept(request)
            data = parse_resource(await self.body(request), spec.rdef, creating=True)
            obj = await spec.writer.create(db, ctx, data)
            await db.commit()
            return await self.single_response(request, db, ctx, spec.rdef, obj, status=201)
        return handler

    def _patch(self, spec: Endpoints):
        async def handler(id: str, request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            trashed = self.parse(request, spec.rdef, collection=False).get_trashed
            body = await self.body(request)
            obj = await fetch_one(db, spec.rdef, ctx, id, QueryParams(get_trashed=trashed), for_update=True)
            # events are addressed by id or identifier in URLs; data.id is always the id
            data = parse_resource(body, spec.rdef, creating=False, url_id=str(obj.id))
            obj = await spec.writer.update(db, ctx, obj, data)
            await db.commit()
            return await self.single_response(request, db, ctx, spec.rdef, obj)
        return handler

    def _delete(self, spec: Endpoints):
        async def handler(id: str, request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            trashed = self.parse(request, spec.rdef, collection=False).get_trashed
            obj = await fetch_one(db, spec.rdef, ctx, id, QueryParams(get_trashed=trashed), for_update=True)
            await spec.writer.delete(db, ctx, obj, dict(request.query_params))
            await db.commit()
            return JsonApiResponse(meta_document({"message": "Object successfully deleted"}))
        return handler

    def _related(self, spec: Endpoints, rel: Relationship):
        target = registry.target(rel)

        async def handler(id: str, request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            parent = await fetch_one(db, spec.rdef, ctx, id)
            self._check_private_relationship(spec.rdef, rel, parent, ctx)
            if rel.many:
                scope = with_parent(parent, getattr(spec.rdef.model, rel.key))
                return await self.collection_response(request, db, ctx, target, scope=scope)
            query = self.parse(request, target, collection=False)
            objs, _ = await fetch_collection(
                db, target, ctx, _single_page(query), scope=with_parent(parent, getattr(spec.rdef.model, rel.key))
            )
            return JsonApiResponse(DocumentBuilder(ctx, query).single(target, objs[0] if objs else None))
        return handler

    def _relationship_get(self, spec: Endpoints, rel: Relationship):
        target = registry.target(rel)

        async def handler(id: str, request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            check_accept(request)
            parent = await fetch_one(db, spec.rdef, ctx, id)
            self._check_private_relationship(spec.rdef, rel, parent, ctx)
            everything = QueryParams(page_size=0)
            objs, _ = await fetch_collection(
                db, target, ctx, everything, scope=with_parent(parent, getattr(spec.rdef.model, rel.key))
            )
            linkage = [{"type": target.type, "id": str(o.id)} for o in objs]
            base = f"{resource_url(spec.rdef, parent.id)}"
            doc = {
                "data": linkage if rel.many else (linkage[0] if linkage else None),
                "links": {"self": f"{base}/relationships/{rel.name}", "related": f"{base}/{rel.name}"},
                "jsonapi": {"version": "1.0"},
            }
            return JsonApiResponse(doc)
        return handler

    def _relationship_write(self, spec: Endpoints, rel: Relationship, method: str):
        mode = {"PATCH": "replace", "POST": "add", "DELETE": "remove"}[method]

        async def handler(id: str, request: Request, db=Depends(self.get_db), ctx=Depends(self.get_ctx)):
            check_accept(request)
            body = await self.body(request)
            if not isinstance(body, dict) or "data" not in body:
                raise JsonApiError(400, "A relationship document needs a 'data' member.", pointer="/data")
            linkage = parse_linkage(body["data"], rel, "/data")
            obj = await fetch_one(db, spec.rdef, ctx, id, for_update=True)
            await spec.writer.update_relationship(db, ctx, obj, rel, linkage, mode)
            await db.commit()
            return Response(status_code=204)
        return handler

    @staticmethod
    def _check_private_relationship(rdef: ResourceDef, rel: Relationship, obj: Any, ctx: Any) -> None:
        if rel.private and not rdef.shows_private(obj, ctx):
            if not getattr(ctx, "authenticated", True):
                raise unauthorized(f"Log in to see the {rel.name} of this {rdef.type}.")
            raise JsonApiError(403, f"You may not see the {rel.name} of this {rdef.type}.", title="Access forbidden")


def _single_page(query: QueryParams) -> QueryParams:
    query.page_size = 1
    query.page_number = 1
    return query
