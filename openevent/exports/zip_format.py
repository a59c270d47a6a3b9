"""The event zip format (openevent-event-export, version 1): one explicit JSON file per resource.

Shared by the exporter (event_zip.py) and the importer (event_import.py), so what one
writes is exactly what the other reads. Nothing here is a raw database row: every
member lists the fields below, under their API names (dasherized), and nothing else.

    meta.json             {"format": "openevent-event-export", "version": 1, "exported-at": ..., "sections": [...],
                           "media": {image, video, audio, document}, "private-data": bool}
    event.json            one object
    tracks.json, microlocations.json, session-types.json, speakers.json, sessions.json,
    sponsors.json, social-links.json, tickets.json
                          arrays of objects; "id" is a reference inside this file set only
                          (sessions refer to "track", "microlocation", "session-type" and "speakers" by it);
                          the importer gives every row a new database id.
    speakers-call.json, event-copyright.json
                          one object (without "id") or null.
    Prices are decimal strings ("25.00"), times ISO 8601 in UTC. Ticket sales, orders and
    attendees are not part of the export (they are people's purchases, not the event).
    media/<section>/<id>-<field>-<name>
                          files copied from our own storage when the matching toggle was on;
                          the JSON field then holds this relative path instead of a URL.

Private fields (speaker e-mail, phone, address, gender, form answers, organiser comments)
are written only when the organiser asks for them ("private-data": true); otherwise they
are null. Soft-deleted rows are never exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORMAT = "openevent-event-export"
VERSION = 1
META = "meta.json"
MEDIA_DIR = "media/"
MEDIA_TOGGLES = ("image", "video", "audio", "document")


@dataclass(frozen=True)
class Field:
    attr: str  # model attribute
    kind: str  # str | text | int | float | decimal | bool | datetime | json | list | ref | refs
    max_length: int | None = None
    required: bool = False
    private: bool = False  # only with the private-data toggle
    media: str | None = None  # the toggle that copies the file this URL points at
    target: str | None = None  # section a ref/refs field points to
    choices: tuple[str, ...] | None = None

    @property
    def key(self) -> str:
        return self.attr.replace("_", "-")


@dataclass(frozen=True)
class Section:
    name: str  # member file stem
    model_path: str  # "module:Class"
    fields: tuple[Field, ...]
    many: bool = True
    media_name: str = ""  # folder of copied media files
    single: bool = False  # at most one live row: an object or null (speakers-call, event-copyright)
    optional_member: bool = False  # archives written before the section existed lack it: read as empty
    extra: dict = field(default_factory=dict)

    @property
    def member(self) -> str:
        return f"{self.name}.json"


def _s(attr: str, n: int = 255, **kw) -> Field:
    return Field(attr, "str", max_length=n, **kw)


def _t(attr: str, **kw) -> Field:
    return Field(attr, "text", max_length=100_000, **kw)


def _url(attr: str, media: str | None = None, **kw) -> Field:
    return Field(attr, "text", max_length=4_000, media=media, **kw)


EVENT = Section("event", "openevent.events.models:Event", (
    _s("name", 500, required=True),
    Field("starts_at", "datetime", required=True),
    Field("ends_at", "datetime", required=True),
    _s("timezone", 64, required=True),
    _t("description"),
    _url("external_event_url"),
    Field("online", "bool"),
    Field("latitude", "float"),
    Field("longitude", "float"),
    _t("location_name"),
    _url("logo_url", "image"),
    _url("original_image_url", "image"),
    _url("public_stream_link"),
    _s("owner_name"),
    _t("owner_description"),
    Field("has_owner_info", "bool"),
    Field("is_map_shown", "bool"),
    Field("is_sessions_speakers_enabled", "bool"),
    Field("is_sponsors_enabled", "bool"),
    Field("is_cfs_enabled", "bool"),
    Field("is_ticket_form_enabled", "bool"),
    Field("privacy", "str", max_length=16, choices=("public", "private")),
    _url("ticket_url"),
    _t("code_of_conduct"),
    _t("refund_policy"),
    _t("after_order_message"),
    _s("payment_country", 64),
    _s("payment_currency", 16),
    Field("document_links", "list"),
), many=False, media_name="event")

TRACKS = Section("tracks", "openevent.schedule.models:Track", (
    _s("name", required=True),
    _t("description"),
    Field("color", "str", max_length=7, required=True),
    Field("position", "int"),
))

MICROLOCATIONS = Section("microlocations", "openevent.schedule.models:Microlocation", (
    _s("name", required=True),
    Field("latitude", "float"),
    Field("longitude", "float"),
    Field("floor", "int"),
    _s("room"),
    Field("hidden_in_scheduler", "bool"),
    Field("is_global_event_room", "bool"),
    Field("position", "int"),
))

SESSION_TYPES = Section("session-types", "openevent.schedule.models:SessionType", (
    _s("name", required=True),
    Field("length", "str", max_length=8, required=True),
    Field("position", "int"),
))

SPEAKERS = Section("speakers", "openevent.schedule.models:Speaker", (
    _s("name", required=True),
    _s("email", 320, private=True),
    _url("photo_url", "image"),
    _t("short_biography"),
    _t("long_biography"),
    _t("speaking_experience", private=True),
    _s("mobile", 64, private=True),
    _url("website"),
    _url("twitter"),
    _url("facebook"),
    _url("github"),
    _url("mastodon"),
    _url("linkedin"),
    _url("instagram"),
    _s("organisation"),
    Field("is_featured", "bool"),
    _s("position"),
    _s("country"),
    _s("city"),
    _t("address", private=True),
    _s("gender", 32, private=True),
    Field("order", "int"),
    _s("heard_from", private=True),
    _t("sponsorship_required", private=True),
    Field("complex_field_values", "json", private=True),
), media_name="speakers")

SESSIONS = Section("sessions", "openevent.schedule.models:Session", (
    _s("title", 500, required=True),
    _s("subtitle", 500),
    _s("level", 64),
    _t("short_abstract"),
    _t("long_abstract"),
    _t("comments", private=True),
    Field("starts_at", "datetime"),
    Field("ends_at", "datetime"),
    _s("language", 64),
    _url("slides_url", "document"),
    Field("slides", "list"),
    _url("website"),
    _url("twitter"),
    _url("facebook"),
    _url("github"),
    _url("linkedin"),
    _url("instagram"),
    _url("gitlab"),
    _url("mastodon"),
    _url("video_url", "video"),
    _url("audio_url", "audio"),
    _url("signup_url"),
    Field("state", "str", max_length=16, required=True,
          choices=("draft", "pending", "accepted", "confirmed", "rejected", "canceled", "withdrawn")),
    Field("submitted_at", "datetime"),
    Field("is_locked", "bool"),
    Field("complex_field_values", "json", private=True),
    Field("track_id", "ref", target="tracks"),
    Field("microlocation_id", "ref", target="microlocations"),
    Field("session_type_id", "ref", target="session-types"),
    Field("speakers", "refs", target="speakers"),
), media_name="sessions")

SPONSORS = Section("sponsors", "openevent.sponsors.models:Sponsor", (
    _s("name", required=True),
    _t("description"),
    _url("url"),
    Field("level", "int"),
    _url("logo_url", "image"),
    _s("type"),
    Field("position", "int"),
), media_name="sponsors", optional_member=True)

SOCIAL_LINKS = Section("social-links", "openevent.event_info.models:SocialLink", (
    _s("name", required=True),
    Field("link", "text", max_length=4_000, required=True),
    _s("identifier"),
), optional_member=True)

SPEAKERS_CALL = Section("speakers-call", "openevent.speakers_calls.models:SpeakersCall", (
    _t("announcement"),
    Field("starts_at", "datetime", required=True),
    Field("soft_ends_at", "datetime"),
    Field("ends_at", "datetime", required=True),
    Field("privacy", "str", max_length=16, choices=("public", "private")),
), many=False, single=True, optional_member=True)

EVENT_COPYRIGHT = Section("event-copyright", "openevent.event_info.models:EventCopyright", (
    _s("holder", required=True),
    _url("holder_url"),
    _s("licence"),
    _url("licence_url"),
    Field("year", "int"),
    _url("logo_url", "image"),
), many=False, single=True, media_name="copyright", optional_member=True)

TICKETS = Section("tickets", "openevent.ticketing.models:Ticket", (
    _s("name", required=True),
    _t("description"),
    Field("type", "str", max_length=32, required=True,
          choices=("free", "paid", "donation", "freeRegistration", "donationRegistration")),
    Field("price", "decimal"),
    Field("min_price", "decimal"),
    Field("max_price", "decimal"),
    Field("quantity", "int"),
    Field("is_description_visible", "bool"),
    Field("position", "int"),
    Field("is_fee_absorbed", "bool"),
    Field("sales_starts_at", "datetime", required=True),
    Field("sales_ends_at", "datetime", required=True),
    Field("is_hidden", "bool"),
    Field("min_order", "int"),
    Field("max_order", "int"),
    Field("is_checkin_restricted", "bool"),
    Field("auto_checkin_enabled", "bool"),
), optional_member=True)

# Order matters: a section only refers to sections before it.
SECTIONS: tuple[Section, ...] = (EVENT, TRACKS, MICROLOCATIONS, SESSION_TYPES, SPEAKERS, SESSIONS, SPONSORS,
                                 SOCIAL_LINKS, SPEAKERS_CALL, EVENT_COPYRIGHT, TICKETS)


def ref_key(f: Field) -> str:
    """Wire name of a reference: track_id -> "track", speakers -> "speakers"."""
    return f.attr.removesuffix("_id").replace("_", "-")


def wire_key(f: Field) -> str:
    return ref_key(f) if f.kind in ("ref", "refs") else f.key


def load_model(section: Section):
    import importlib

    module, _, name = section.model_path.partition(":")
    return getattr(importlib.import_module(module), name)
