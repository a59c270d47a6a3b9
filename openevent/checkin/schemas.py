"""Resource definitions of check-in: station, user-check-in (every check-in row), check-in-device.

Who reads what:
- stations: the event's team and admins (door staff pick their station);
- user-check-in rows and check-in devices: admins and the event's check-in staff only
  (owner, organizer, coorganizer, registrar); nobody else ever sees that they exist (404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from sqlalchemy import false

from openevent.auth.context import EVENT_ACCESS_ROLES, TEAM_ROLES, RequestContext
from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.schemas import MICROLOCATION

from .models import STATION_TYPES, CheckIn, CheckInDevice, Station

# Who may check attendees in, and read check-in data.
CHECKIN_ROLES = EVENT_ACCESS_ROLES | {"registrar"}

StationType = Literal[STATION_TYPES]  # type: ignore[valid-type]


def _in_events(model: type, roles: frozenset[str]):
    def visible(ctx: RequestContext) -> Any:
        actor = ctx.actor
        if actor.is_staff:
            return None
        events = actor.event_ids_with(roles)
        return model.event_id.in_(events) if events else false()

    return visible


def may_check_in(ctx: RequestContext, event_id: int) -> bool:
    return ctx.actor.is_staff or ctx.actor.has_event_role(event_id, CHECKIN_ROLES)


STATION = registry.add(ResourceDef(
    type="station",
    model=Station,
    collection="stations",
    attributes=[
        A("station_name", required=True),
        A("station_type", StationType, required=True),
        A("microlocation_id", getter=lambda s, ctx: str(s.microlocation_id) if s.microlocation_id else None),
        A("room", getter=lambda s, ctx: s.microlocation.room if s.microlocation is not None else None),
        A("created_at", datetime, read_only=True),
    ],
    relationships=[
        R("event", "event", writable=True, required=True),
        R("microlocation", "microlocation", writable=True),
    ],
    default_sort=["id"],
    visible=_in_events(Station, TEAM_ROLES),
))

USER_CHECK_IN = registry.add(ResourceDef(
    type="user-check-in",
    model=CheckIn,
    collection="user-check-in",
    attributes=[
        A("direction", read_only=True),
        A("is_registration", bool, read_only=True),
        A("scanned_at", datetime, read_only=True),
        A("received_at", datetime, read_only=True),
        A("device_name", read_only=True),
        A("nonce", create_only=True),
        A("source", read_only=True),
        A("forced", bool, read_only=True),
        A("successful", bool, read_only=True),
        A("reason", read_only=True),
        A("session_name", read_only=True),
        A("track_name", read_only=True),
        A("speaker_name", read_only=True),
    ],
    relationships=[
        R("attendee", "attendee", name="ticket-holder", writable=True, required=True),
        R("station", "station", writable=True, required=True),
        R("session", "session", writable=True),
        R("ticket", "ticket"),
        R("event", "event"),
        R("device", "check-in-device"),
    ],
    default_sort=["id"],
    visible=_in_events(CheckIn, CHECKIN_ROLES),
))

CHECK_IN_DEVICE = registry.add(ResourceDef(
    type="check-in-device",
    model=CheckInDevice,
    collection="check-in-devices",
    attributes=[
        A("name", required=True),
        # the token itself: in the response to POST only (only its SHA-256 is stored)
        A("token", getter=lambda d, ctx: getattr(d, "plain_token", None)),
        A("token_prefix", read_only=True),
        A("created_at", datetime, read_only=True),
        A("revoked_at", datetime, read_only=True),
        A("last_used_at", datetime, read_only=True),
    ],
    relationships=[R("event", "event", writable=True, required=True)],
    default_sort=["id"],
    visible=_in_events(CheckInDevice, CHECKIN_ROLES),
))

EVENT.add_relationship(R("stations", "station", many=True))
EVENT.add_relationship(R("check_ins", "user-check-in", many=True, name="user-check-in", private=True))
EVENT.add_relationship(R("check_in_devices", "check-in-device", many=True, private=True))
MICROLOCATION.add_relationship(R("stations", "station", many=True))
