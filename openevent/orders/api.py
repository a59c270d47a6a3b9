"""HTTP routes of the orders domain (thin: parse, authorise, call the service).

- POST /v1/orders/calculate-amount: price an order (anyone; nothing is reserved).
- POST /v1/orders/create-order: create an order (logged in) → 201 with the `order` resource.
- /v1/orders (the caller's visible orders), /v1/orders/{identifier} GET/PATCH and its related
  attendees/tickets/event/user; /v1/events/{id}/orders, /v1/users/{id}/orders.
- /v1/attendees/{id} GET/PATCH; /v1/events/{id}/attendees (filters), /v1/orders/{identifier}/attendees,
  /v1/tickets/{id}/attendees, GET /v1/events/{id}/attendees/search?q=... (name, email or order).
- /v1/access-codes and /v1/discount-codes (organisers); DELETE /v1/events/{id}/discount-codes/delete-unused;
  GET /v1/events/{id}/discount-codes/{code}
  and /v1/events/{id}/access-codes/{code} reveal one currently valid code by its text.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from fastapi import Depends, Request
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from openevent.auth.dependencies import get_ctx, get_db
from openevent.core.db import utcnow
from openevent.events.schemas import EVENT
from openevent.auth.policy import Target, authorize
from openevent.auth.ratelimit import RateLimited, SlidingWindow
from openevent.jsonapi.document import DocumentBuilder, meta_document
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import JsonApiError, bad_parameter, not_found, unauthorized
from openevent.jsonapi.http import JsonApiResponse, PlainJsonResponse
from openevent.jsonapi.loading import fetch_one
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef
from openevent.ticketing.schemas import TICKET

from . import checkout, tasks  # noqa: F401  (tasks registers the periodic order expiry)
from .availability import access_code_used, discount_code_used
from .code_writers import ACCESS_CODE_WRITER, DISCOUNT_CODE_WRITER
from .models import AccessCode, Attendee, DiscountCode, Order
from .schemas import ACCESS_CODE, ATTENDEE, DISCOUNT_CODE, ORDER, REGISTRAR_ROLES
from .service import AttendeeWriter, OrderWriter
from .tax import TAX, TaxWriter

# Failed code look-ups allowed per user (guessing codes is slowed down; valid look-ups do not count).
CODE_LOOKUP_LIMIT = SlidingWindow("code-lookup", 20, timedelta(minutes=10))

# What a buyer learns from a code look-up: enough to show the discount, nothing about its quota.
PUBLIC_DISCOUNT_CODE = ResourceDef(
    type="discount-code", model=DiscountCode, collection="discount-codes",
    attributes=[A("code"), A("value", Decimal), A("type"), A("valid_from", datetime),
                A("valid_till", datetime), A("min_quantity", int), A("max_quantity", int)],
    relationships=[R("event", "event"), R("tickets", "ticket", many=True)],
)
PUBLIC_ACCESS_CODE = ResourceDef(
    type="access-code", model=AccessCode, collection="access-codes",
    attributes=[A("code"), A("valid_from", datetime),
                A("valid_till", datetime), A("min_quantity", int), A("max_quantity", int)],
    relationships=[R("event", "event"), R("tickets", "ticket", many=True)],
)


def register(api: JsonApiRouter) -> None:
    prefix = api.prefix

    async def calculate_amount(request: Request, db=Depends(get_db), ctx=Depends(get_ctx)):
        req = checkout.parse_checkout(await api.body(request))
        priced = await checkout.price_order(db, ctx, req)
        return PlainJsonResponse(priced.summary())

    async def create_order(request: Request, db=Depends(get_db), ctx=Depends(get_ctx)):
        if not ctx.actor.authenticated:
            raise unauthorized("Log in to order tickets.")
        req = checkout.parse_checkout(await api.body(request))
        order = await checkout.create_order(db, ctx, req)
        return await api.single_response(request, db, ctx, ORDER, order, status=201)

    async def lookup_code(model, public_rdef, label, used_fn, id: str, code: str, request: Request, db, ctx):
        if not ctx.actor.authenticated:
            raise unauthorized(f"Log in to use a {label}.")
        event = await fetch_one(db, EVENT, ctx, id)
        if "\x00" in code or len(code) > 255:
            raise not_found(f"No valid {label} for this event.")
        keys = [CODE_LOOKUP_LIMIT.key("user", str(ctx.actor.user_id))]
        try:
            await CODE_LOOKUP_LIMIT.check(db, keys)
        except RateLimited as exc:
            raise JsonApiError(429, f"Too many unknown codes tried; try again in {exc.retry_after} seconds.",
                               title="Too many requests", headers={"Retry-After": str(exc.retry_after)}) from None
        now = utcnow()
        stmt = (select(model).where(model.event_id == event.id, model.code == code, model.deleted_at.is_(None),
                                    model.is_active.is_(True))
                .options(selectinload(model.tickets)))
        found = (await db.execute(stmt)).scalars().first()
        valid = found is not None and (found.valid_from is None or found.valid_from <= now) and (
            found.valid_till is None or now <= found.valid_till)
        if valid and found.tickets_number is not None:
            valid = await used_fn(db, found.id, now) < found.tickets_number
        if not valid:
            # one answer for unknown, inactive, expired and used-up codes: no oracle; failures count
            # against a per-user limit so codes cannot be guessed by trying many
            await CODE_LOOKUP_LIMIT.record(db, keys)
            await db.commit()
            raise not_found(f"No valid {label} {code!r} for this event.")
        builder = DocumentBuilder(ctx, api.parse(request, public_rdef, collection=False))
        doc = builder.single(public_rdef, found)
        links = [{"type": "ticket", "id": str(t.id)} for t in found.tickets if t.deleted_at is None]
        doc["data"].setdefault("relationships", {}).setdefault("tickets", {})["data"] = links
        doc["included"] = [builder.resource_object(TICKET, t) for t in found.tickets if t.deleted_at is None]
        return JsonApiResponse(doc)

    async def discount_code_lookup(id: str, code: str, request: Request, db=Depends(get_db), ctx=Depends(get_ctx)):
        return await lookup_code(DiscountCode, PUBLIC_DISCOUNT_CODE, "discount code", discount_code_used,
                                 id, code, request, db, ctx)

    async def access_code_lookup(id: str, code: str, request: Request, db=Depends(get_db), ctx=Depends(get_ctx)):
        return await lookup_code(AccessCode, PUBLIC_ACCESS_CODE, "access code", access_code_used,
                                 id, code, request, db, ctx)

    async def delete_unused_discount_codes(id: str, db=Depends(get_db), ctx=Depends(get_ctx)):
        event = await fetch_one(db, EVENT, ctx, id)
        authorize(ctx, "discount-code", "delete", Target(event_id=event.id),
                  detail="Only the event's organisers may delete its discount codes.")
        used = select(Order.discount_code_id).where(Order.discount_code_id.is_not(None)).correlate(None)
        result = await db.execute(
            update(DiscountCode)
            .where(DiscountCode.event_id == event.id, DiscountCode.deleted_at.is_(None), DiscountCode.id.not_in(used))
            .values(deleted_at=utcnow())
            .execution_options(synchronize_session=False))
        await db.commit()
        return JsonApiResponse(meta_document({"message": f"{result.rowcount} unused discount code(s) deleted",
                                              "deleted": result.rowcount}))

    async def search_attendees(id: str, request: Request, db=Depends(get_db), ctx=Depends(get_ctx)):
        event = await fetch_one(db, EVENT, ctx, id)
        if not ctx.actor.authenticated:
            raise unauthorized("Log in to search attendees.")
        if not (ctx.actor.is_staff or ctx.actor.has_event_role(event.id, REGISTRAR_ROLES)):
            raise JsonApiError(403, "Only the event's registrars and organisers may search its attendees.",
                               title="Access forbidden")
        q = (request.query_params.get("q") or request.query_params.get("search") or "").strip()
        if not q or len(q) > 200 or "\x00" in q:
            raise bad_parameter("q", "Send ?q=<part of a name or email, or an order identifier> (1-200 characters).")
        pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        full_name = func.lower(func.coalesce(Attendee.firstname, "") + " " + func.coalesce(Attendee.lastname, ""))
        orders = select(Order.id).where(Order.identifier == q).correlate(None)
        scope = (Attendee.event_id == event.id) & or_(
            full_name.like(pattern, escape="\\"), func.lower(Attendee.email).like(pattern, escape="\\"),
            Attendee.order_id.in_(orders))
        return await api.collection_response(request, db, ctx, ATTENDEE, scope=scope)

    routes = (
        (f"{prefix}/orders/calculate-amount", calculate_amount, "POST", "order", "Price an order (nothing reserved)"),
        (f"{prefix}/orders/create-order", create_order, "POST", "order", "Create an order (reserves tickets)"),
        (f"{prefix}/events/{{id}}/discount-codes/{{code}}", discount_code_lookup, "GET", "discount-code",
         "Look up one valid discount code by its text"),
        (f"{prefix}/events/{{id}}/discount-codes/delete-unused", delete_unused_discount_codes, "DELETE",
         "discount-code", "Delete the event's discount codes no order used"),
        (f"{prefix}/events/{{id}}/access-codes/{{code}}", access_code_lookup, "GET", "access-code",
         "Look up one valid access code by its text (with the hidden tickets it unlocks)"),
        (f"{prefix}/events/{{id}}/attendees/search", search_attendees, "GET", "attendee",
         "Search an event's attendees by name, email or order identifier"),
    )
    for path, handler, method, tag, summary in routes:
        api.router.add_api_route(path, handler, methods=[method], tags=[tag], summary=summary)
    api.register(Endpoints(ORDER, writer=OrderWriter(), create=False, delete=False))
    api.register(Endpoints(ATTENDEE, writer=AttendeeWriter(), list=False, create=False, delete=False))
    api.register(Endpoints(ACCESS_CODE, writer=ACCESS_CODE_WRITER, list=False))
    api.register(Endpoints(DISCOUNT_CODE, writer=DISCOUNT_CODE_WRITER, list=False))
    api.register(Endpoints(TAX, writer=TaxWriter(), list=False))
