"""HTTP routes of the event taxonomy: /v1/event-types, /v1/event-topics, /v1/event-sub-topics,
/v1/event-locations (lists and details public; writes admins), /v1/event-topics/{id}/event-sub-topics,
/v1/event-sub-topics/{id}/event-topic and the event's /v1/events/{id}/event-type|event-topic|event-sub-topic."""

from openevent.auth.policy import ADMIN, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from . import service
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
