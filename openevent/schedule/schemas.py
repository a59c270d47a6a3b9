"""Resource definitions of the programme: tracks, rooms, session types, sessions, speakers.

Wire names follow the Open Event v1 schemas (dasherized). The writers
(writers.py, session_writers.py, speaker_writers.py) hold the business rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from . import service
from .models import SESSION_STATES, Microlocation, Session, SessionType, Speaker, Track

SessionState = Literal[SESSION_STATES]  # type: ignore[valid-type]


def _json(key: str) -> A:
    return A(key, dict, filterable=False, sortable=False)


def _deleted_at() -> A:
    return A("deleted_at", datetime, read_only=True)


TRACK = registry.add(ResourceDef(
    type="track",
    model=Track,
    collection="tracks",
    attributes=[
        _deleted_at(),
        A("name", required=True),
        A("description"),
        A("color", required=True),
        A("font_color", getter=lambda track, ctx: service.font_color(track.color)),
        A("position", int),
    ],
    relationships=[R("event", "event", writable=True, required=True), R("sessions", "session", many=True)],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=service.event_child_visible(Track),
    may_see_trashed=service.staff_only,
))

MICROLOCATION = registry.add(ResourceDef(
    type="microlocation",
    model=Microlocation,
    collection="microlocations",
    attributes=[
        _deleted_at(),
        A("name", required=True),
        A("latitude", float),
        A("longitude", float),
        A("floor", int),
        A("hidden_in_scheduler", bool),
        A("chat_room_name", read_only=True),
        A("is_chat_enabled", bool),
        A("is_global_event_room", bool),
        A("position", int),
        A("room"),
    ],
    relationships=[R("event", "event", writable=True, required=True), R("sessions", "session", many=True)],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=service.event_child_visible(Microlocation),
    may_see_trashed=service.staff_only,
))

SESSION_TYPE = registry.add(ResourceDef(
    type="session-type",
    model=SessionType,
    collection="session-types",
    attributes=[
        _deleted_at(),
        A("name", required=True),
        A("length", required=True),
        A("position", int),
    ],
    relationships=[R("event", "event", writable=True, required=True), R("sessions", "session", many=True)],
    default_sort=["position", "id"],
    soft_delete=True,
    visible=service.event_child_visible(SessionType),
    may_see_trashed=service.staff_only,
))

SESSION = registry.add(ResourceDef(
    type="session",
    model=Session,
    collection="sessions",
    attributes=[
        _deleted_at(),
        A("title", required=True),
        A("subtitle"),
        A("level"),
        A("short_abstract"),
        A("long_abstract"),
        A("comments"),
        A("starts_at", datetime),
        A("ends_at", datetime),
        A("language"),
        A("slides_url"),
        A("slides", list, filterable=False, sortable=False),
        A("website"),
        A("twitter"),
        A("facebook"),
        A("github"),
        A("linkedin"),
        A("instagram"),
        A("gitlab"),
        A("mastodon"),
        A("video_url"),
        A("audio_url"),
        A("signup_url"),
        A("state", SessionState),
        A("created_at", datetime, read_only=True),
        A("submitted_at", datetime),
        A("is_mail_sent", bool),
        A("is_locked", bool),
        A("last_modified_at", datetime, read_only=True),
        _json("complex_field_values"),
    ],
    relationships=[
        R("microlocation", "microlocation", writable=True),
        R("track", "track", writable=True),
        R("session_type", "session-type", writable=True),
        R("event", "event", writable=True, required=True),
        R("speakers", "speaker", many=True, writable=True),
    ],
    default_sort=["starts_at", "id"],
    soft_delete=True,
    visible=service.session_visible,
    may_see_trashed=service.staff_only,
))

SPEAKER = registry.add(ResourceDef(
    type="speaker",
    model=Speaker,
    collection="speakers",
    attributes=[
        _deleted_at(),
        A("name", required=True),
        A("email", private=True, sortable=False),
        A("photo_url"),
        A("thumbnail_image_url"),
        A("small_image_url"),
        A("icon_image_url"),
        A("short_biography"),
        A("long_biography"),
        A("speaking_experience"),
        A("mobile", private=True, sortable=False),
        A("website"),
        A("twitter"),
        A("facebook"),
        A("github"),
        A("mastodon"),
        A("linkedin"),
        A("instagram"),
        A("organisation"),
        A("is_featured", bool),
        A("is_email_overridden", bool),
        A("position"),
        A("country"),
        A("city"),
        A("address"),
        A("gender"),
        A("order", int),
        A("heard_from"),
        A("sponsorship_required"),
        _json("complex_field_values"),
        _json("speaker_positions"),
    ],
    relationships=[
        R("event", "event", writable=True, required=True),
        R("user", "user", writable=True, private=True),
        R("sessions", "session", many=True, writable=True),
    ],
    default_sort=["order", "id"],
    soft_delete=True,
    visible=service.speaker_visible,
    private_view=service.speaker_private_view,
    may_see_trashed=service.staff_only,
    may_filter_private=service.staff_only,
))
