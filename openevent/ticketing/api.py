"""HTTP routes of ticketing (thin: parse, authorise, call the service).

- /v1/tickets/{id} GET/PATCH/DELETE, POST /v1/tickets (event relationship), related routes;
  an event's tickets are listed at /v1/events/{id}/tickets (ordered by position).
- GET /v1/events/{id}/tickets/availability: per visible ticket {id, name, quantity, available},
  available = quantity − sold − reserved (the one definition in openevent.orders.availability).
- POST /v1/events/{id}/reorder-tickets: many positions in one request.
"""

from fastapi import Depends, Request

from openevent.auth.dependencies import get_ctx, get_db
from openevent.events.schemas import EVENT
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.http import PlainJsonResponse
from openevent.jsonapi.loading import fetch_collection, fetch_one
from openevent.jsonapi.query import QueryParams

from .models import Ticket
from .schemas import TICKET
from .writers import TicketWriter, reorder_tickets


def register(api: JsonApiRouter) -> None:
    prefix = api.prefix

    async def availability(id: str, db=Depends(get_db), ctx=Depends(get_ctx)):
        from openevent.orders.hooks import sold_and_reserved

        event = await fetch_one(db, EVENT, ctx, id)
        tickets, _ = await fetch_collection(db, TICKET, ctx, QueryParams(page_size=0),
                                            scope=Ticket.event_id == event.id)
        taken = await sold_and_reserved(db, [t.id for t in tickets])
        return PlainJsonResponse([
            {"id": t.id, "name": t.name, "quantity": t.quantity,
             "available": max((t.quantity or 0) - taken.get(t.id, 0), 0)}
            for t in tickets
        ])

    async def reorder(id: str, request: Request, db=Depends(get_db), ctx=Depends(get_ctx)):
        event = await fetch_one(db, EVENT, ctx, id)
        body = await api.body(request)
        await reorder_tickets(db, ctx, event, body)
        await db.commit()
        return await api.collection_response(request, db, ctx, TICKET, scope=Ticket.event_id == event.id)

    api.router.add_api_route(f"{prefix}/events/{{id}}/tickets/availability", availability, methods=["GET"],
                             tags=["ticket"], summary="Tickets left per visible ticket of an event")
    api.router.add_api_route(f"{prefix}/events/{{id}}/reorder-tickets", reorder, methods=["POST"], tags=["ticket"],
                             summary="Set the positions of many tickets in one request")
    api.register(Endpoints(TICKET, writer=TicketWriter(), list=False))
