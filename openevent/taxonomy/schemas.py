"""Resource definitions of the event taxonomy (Open Event's EventTypeSchema, EventTopicSchema,
EventSubTopicSchema, EventLocationSchema) and the event's to-one `event-type`, `event-topic`,
`event-sub-topic` relationships (written through the event, see service.py)."""

from __future__ import annotations

from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .models import EventLocation, EventSubTopic, EventTopic, EventType

EVENT_TYPE = registry.add(ResourceDef(
    type="event-type",
    model=EventType,
    collection="event-types",
    attributes=[A("name", required=True), A("slug")],
    default_sort=["name", "id"],
))

EVENT_TOPIC = registry.add(ResourceDef(
    type="event-topic",
    model=EventTopic,
    collection="event-topics",
    attributes=[A("name", required=True), A("slug"), A("system_image_url")],
    relationships=[R("event_sub_topics", "event-sub-topic", many=True)],
    default_sort=["name", "id"],
))

EVENT_SUB_TOPIC = registry.add(ResourceDef(
    type="event-sub-topic",
    model=EventSubTopic,
    collection="event-sub-topics",
    attributes=[A("name", required=True), A("slug")],
    relationships=[R("event_topic", "event-topic", writable=True, required=True)],
    default_sort=["name", "id"],
))

EVENT_LOCATION = registry.add(ResourceDef(
    type="event-location",
    model=EventLocation,
    collection="event-locations",
    attributes=[A("name", required=True), A("slug")],
    default_sort=["name", "id"],
))

EVENT.add_relationship(R("event_type", "event-type", writable=True))
EVENT.add_relationship(R("event_topic", "event-topic", writable=True))
EVENT.add_relationship(R("event_sub_topic", "event-sub-topic", writable=True))
