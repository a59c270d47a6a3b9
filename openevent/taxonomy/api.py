"""HTTP routes of the event taxonomy: /v1/event-types, /v1/event-topics, /v1/event-sub-topics,
/v1/event-locations (lists and details public; writes admins), /v1/event-topics/{id}/event-sub-topics,
/v1/event-sub-topics/{id}/event-topic and the event's /v1/events/{id}/event-type|event-topic|event-sub-topic."""

from fastapi import Depends, Request
from sqlalchemy import and_, select

from openevent.auth.policy import ADMIN, define_policy
from openevent.events.schemas import EVENT
from openevent.events.visibility import listed_events
from openevent.jsonapi import openapi
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.loading import fetch_one
from openevent.jsonapi.resource import ResourceDef

from . import service
from .models import EventTaxonomy
from .schemas import EVENT_LOCATION, EVENT_SUB_TOPIC, EVENT_TOPIC, EVENT_TYPE

for _resource in ("event-type", "event-topic", "event-sub-topic", "event-location"):
    define_policy(_resource, create=(ADMIN,), update=(ADMIN,), delete=(ADMIN,))


def _register_event_relationship_writers() -> None:
    """The event writer stores these relationships through the hook of openevent.events.service
    (when that hook exists; until then they are read-only on the event)."""
    from openevent.events import service as events_service

    register = getattr(events_service, "register_relationship_writer", None)
    if register is None:
        return
    for key in ("event_type", "event_topic", "event_sub_topic"):
        register(key, service.make_relationship_writer(key))


_register_event_relationship_writers()


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(EVENT_TYPE, writer=service.EVENT_TYPE_WRITER))
    api.register(Endpoints(EVENT_TOPIC, writer=service.EVENT_TOPIC_WRITER))
    api.register(Endpoints(EVENT_SUB_TOPIC, writer=service.EVENT_SUB_TOPIC_WRITER))
    api.register(Endpoints(EVENT_LOCATION, writer=service.EVENT_LOCATION_WRITER))
    _register_events_of(api, EVENT_TYPE, EventTaxonomy.event_type_id)
    _register_events_of(api, EVENT_TOPIC, EventTaxonomy.event_topic_id)
    _register_events_of(api, EVENT_SUB_TOPIC, EventTaxonomy.event_sub_topic_id)


def _register_events_of(api: JsonApiRouter, rdef: ResourceDef, column) -> None:
    """GET /v1/<taxonomy>/{id}/events: the events classified so, with the public listing's rules
    (published public events, plus the caller's own team events), never drafts or private events
    of others (Open Event's sub-topic events list leaked them, W8)."""

    async def handler(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        entry = await fetch_one(db, rdef, ctx, id)
        classified = EVENT.model.id.in_(select(EventTaxonomy.event_id).where(column == entry.id))
        listed = listed_events(ctx)
        scope = classified if listed is None else and_(classified, listed)
        return await api.collection_response(request, db, ctx, EVENT, scope=scope)

    api.router.add_api_route(f"{api.prefix}/{rdef.collection}/{{id}}/events", handler, methods=["GET"],
                             tags=[rdef.type], summary=f"Events of a {rdef.type}",
                             openapi_extra=openapi.list_extra(EVENT))
