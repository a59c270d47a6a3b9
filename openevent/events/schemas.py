"""Resource definitions and policies of the events domain: events, settings, pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from openevent.auth.policy import (
    ADMIN, ANYONE, AUTHENTICATED, COORGANIZER, ORGANIZER, OWNER, SUPER_ADMIN, VERIFIED, define_policy,
)
from openevent.jsonapi.input import parse_id
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .models import Event, Page, Setting
from .visibility import event_visible, is_team_or_admin, may_see_trashed

# -- events ------------------------------------------------------------------------------------

EVENT_STATES = ("draft", "published")
EVENT_PRIVACY = ("public", "private")
# Datetimes a client may send without an offset: read in the event's timezone.
EVENT_LOCAL_TIMES = ("starts_at", "ends_at", "schedule_published_on")


def _flag(key: str) -> A:
    return A(key, bool)


def event_lookup(value: str) -> Any:
    """URL segment -> criteria: all digits is the numeric id, anything else the identifier."""
    if value.isascii() and value.isdigit():
        number = parse_id(value, Event)
        return None if number is None else Event.id == number
    if len(value) > 16:
        return None
    return Event.identifier == value


EVENT = registry.add(ResourceDef(
    type="event",
    model=Event,
    collection="events",
    attributes=[
        A("deleted_at", datetime),  # only ever cleared by a PATCH (restore): see service
        A("identifier", read_only=True),
        A("name", required=True),
        A("external_event_url"),
        A("starts_at", datetime, required=True, local_time=True),
        A("ends_at", datetime, required=True, local_time=True),
        A("timezone"),
        _flag("online"),
        A("latitude", float),
        A("longitude", float),
        A("logo_url"),
        A("location_name"),
        A("searchable_location_name"),
        A("public_stream_link"),
        _flag("stream_loop"),
        _flag("stream_autoplay"),
        A("description"),
        A("after_order_message"),
        A("original_image_url"),
        A("thumbnail_image_url", read_only=True),
        A("large_image_url", read_only=True),
        A("icon_image_url", read_only=True),
        _flag("show_remaining_tickets"),
        A("owner_name"),
        _flag("is_map_shown"),
        _flag("is_oneclick_signup_enabled"),
        _flag("has_owner_info"),
        A("owner_description"),
        _flag("is_sessions_speakers_enabled"),
        A("privacy", Literal[EVENT_PRIVACY]),  # type: ignore[valid-type]
        A("state", Literal[EVENT_STATES]),  # type: ignore[valid-type]
        A("ticket_url"),
        A("code_of_conduct"),
        A("schedule_published_on", datetime, local_time=True),
        _flag("is_featured"),
        _flag("is_promoted"),
        _flag("is_demoted"),
        _flag("is_announced"),
        _flag("is_ticket_form_enabled"),
        _flag("is_cfs_enabled"),
        A("payment_country"),
        A("payment_currency"),
        A("paypal_email"),
        _flag("is_tax_enabled"),
        _flag("is_billing_info_mandatory"),
        _flag("is_donation_enabled"),
        _flag("is_chat_enabled"),
        _flag("is_videoroom_enabled"),
        _flag("is_document_enabled"),
        A("document_links", list, filterable=False, sortable=False),
        A("chat_room_name", read_only=True),
        _flag("can_pay_by_paypal"),
        _flag("can_pay_by_stripe"),
        _flag("can_pay_by_cheque"),
        _flag("can_pay_by_bank"),
        _flag("can_pay_by_invoice"),
        _flag("can_pay_onsite"),
        _flag("can_pay_by_omise"),
        _flag("can_pay_by_alipay"),
        _flag("can_pay_by_paytm"),
        A("cheque_details"),
        A("invoice_details"),
        A("bank_details"),
        A("onsite_details"),
        _flag("is_sponsors_enabled"),
        A("created_at", datetime, read_only=True),
        A("pentabarf_url", read_only=True),
        A("ical_url", read_only=True),
        A("xcal_url", read_only=True),
        A("refund_policy"),
        A("is_stripe_linked", bool, read_only=True),
        _flag("is_badges_enabled"),
    ],
    relationships=[
        R("tickets", "ticket", many=True),
        R("tracks", "track", many=True),
        R("microlocations", "microlocation", many=True),
        R("session_types", "session-type", many=True),
        R("sessions", "session", many=True),
        R("speakers", "speaker", many=True),
        R("roles", "users-events-roles", many=True, private=True),
    ],
    default_sort=["id"],
    soft_delete=True,
    visible=event_visible,
    private_view=is_team_or_admin,
    lookup=event_lookup,
    may_see_trashed=may_see_trashed,
))

# Who may do what to an event. Every write also needs `update` (or `create`);
# `publish` and `feature` are extra requirements for the fields they guard.
define_policy(
    "event",
    create=(AUTHENTICATED,),  # unverified users may create drafts...
    publish=(ADMIN, VERIFIED),  # ...but publishing needs a verified email
    update=(ADMIN, COORGANIZER),
    delete=(ADMIN, ORGANIZER),  # soft delete (move to trash)
    restore=(ADMIN, ORGANIZER),  # PATCH deleted-at: null
    hard_delete=(SUPER_ADMIN, OWNER),  # ?permanent=true, only from the trash
    feature=(ADMIN,),  # is-featured / is-promoted / is-demoted
    list_own=(AUTHENTICATED,),  # ?withRole=true
)

# Writable attributes that need an extra policy action (on top of create/update).
EVENT_FIELD_ACTIONS = {
    "is_featured": "feature",
    "is_promoted": "feature",
    "is_demoted": "feature",
}

# -- settings ------------------------------------------------------------------------------------


def _stripe_activated(s: Setting, _ctx: Any) -> bool:
    if s.stripe_mode == "test":
        return bool(s.stripe_test_publishable_key and s.stripe_test_secret_key)
    return bool(s.stripe_publishable_key and s.stripe_secret_key)


def _paypal_activated(s: Setting, _ctx: Any) -> bool:
    if s.paypal_mode == "sandbox":
        return bool(s.paypal_sandbox_client and s.paypal_sandbox_secret)
    return bool(s.paypal_client and s.paypal_secret)


def _omise_activated(s: Setting, _ctx: Any) -> bool:
    if s.omise_mode == "test":
        return bool(s.omise_test_public and s.omise_test_secret)
    return bool(s.omise_live_public and s.omise_live_secret)


def _alipay_activated(s: Setting, _ctx: Any) -> bool:
    return bool(s.alipay_publishable_key and s.alipay_secret_key)


def _billing_paypal_activated(s: Setting, ctx: Any) -> bool:
    return bool(s.admin_billing_paypal_email) and _paypal_activated(s, ctx)


def _int(key: str) -> A:
    return A(key, int)


SETTING_PUBLIC_ATTRIBUTES = [
    A("app_name"), A("tagline"), _int("order_expiry_time"), A("start_pg_event_id"), A("start_pg_enabled"),
    _int("max_complex_custom_fields"), A("analytics_key"), A("fb_client_id"),
    A("google_url"), A("github_url"), A("twitter_url"), A("support_url"), A("facebook_url"),
    A("instagram_url"), A("patreon_url"), A("gitter_url"), A("telegram_url"), A("youtube_url"),
    A("weblate_url"), A("frontend_url"), A("rocket_chat_url"), A("cookie_policy"), A("cookie_policy_link"),
    _flag("is_paytm_activated"),
    A("is_paypal_activated", bool, getter=_paypal_activated),
    A("is_stripe_activated", bool, getter=_stripe_activated),
    A("is_omise_activated", bool, getter=_omise_activated),
    A("is_alipay_activated", bool, getter=_alipay_activated),
    A("is_billing_paypal_activated", bool, getter=_billing_paypal_activated),
    A("stripe_client_id"), A("stripe_publishable_key"), A("stripe_test_client_id"),
    A("stripe_test_publishable_key"), A("stripe_mode"), A("paypal_mode"), A("paypal_client"),
    A("paypal_sandbox_client"), A("omise_mode"), A("omise_test_public"), A("omise_live_public"),
    A("alipay_publishable_key"), A("paytm_mode"), A("paytm_live_merchant"), A("paytm_sandbox_merchant"),
    A("admin_billing_contact_name"), A("admin_billing_phone"), A("admin_billing_email"),
    A("admin_billing_state"), A("admin_billing_country"), A("admin_billing_tax_info"), A("admin_company"),
    A("admin_billing_address"), A("admin_billing_city"), A("admin_billing_zip"),
    A("admin_billing_additional_info"), A("admin_billing_logo"),
    _int("logo_size"), _int("image_size"), _int("slide_size"),
]
SETTING_USER_ATTRIBUTES = [A("android_app_url"), A("web_app_url")]
SETTING_ADMIN_ATTRIBUTES = [
    A("app_environment"), A("static_domain"), A("storage_place", Literal["local", "s3", "gs"]),
    A("aws_key"), A("aws_secret"), A("aws_bucket_name"), A("aws_region"),
    A("gs_key"), A("gs_secret"), A("gs_bucket_name"),
    _flag("is_google_recaptcha_enabled"), A("google_recaptcha_site"), A("google_recaptcha_secret"),
    A("google_client_id"), A("google_client_secret"), A("fb_client_secret"),
    A("tw_consumer_key"), A("tw_consumer_secret"), A("in_client_id"), A("in_client_secret"),
    A("stripe_secret_key"), A("stripe_test_secret_key"), A("paypal_secret"), A("paypal_sandbox_secret"),
    A("omise_test_secret"), A("omise_live_secret"), A("alipay_secret_key"),
    A("paytm_live_secret"), A("paytm_sandbox_secret"),
    A("email_service"), A("email_from"), A("email_from_name"), A("sendgrid_key"),
    A("smtp_host"), A("smtp_username"), A("smtp_password"), _int("smtp_port"), A("smtp_encryption"),
    A("rocket_chat_registration_secret"), _int("invoice_sending_day"), A("invoice_sending_timezone"),
    A("admin_billing_paypal_email"),
]


def _setting_def(attributes: list[A]) -> ResourceDef:
    return ResourceDef(type="setting", model=Setting, collection="settings", attributes=attributes)


# The three views of the singleton. Only the admin view (the full member list) is
# registered: it parses `fields[setting]` and PATCH bodies; the others only render.
SETTING_PUBLIC = _setting_def(SETTING_PUBLIC_ATTRIBUTES)
SETTING_USER = _setting_def(SETTING_PUBLIC_ATTRIBUTES + SETTING_USER_ATTRIBUTES)
SETTING = registry.add(_setting_def(SETTING_PUBLIC_ATTRIBUTES + SETTING_USER_ATTRIBUTES + SETTING_ADMIN_ATTRIBUTES))

define_policy("setting", update=(ADMIN,))


def setting_view(ctx: Any) -> ResourceDef:
    actor = ctx.actor
    if actor.is_staff:
        return SETTING
    return SETTING_USER if actor.authenticated else SETTING_PUBLIC


# -- pages ---------------------------------------------------------------------------------------

PAGE = registry.add(ResourceDef(
    type="page",
    model=Page,
    collection="pages",
    attributes=[
        A("name", required=True),
        A("title"),
        A("url", required=True),
        A("description"),
        A("place", Literal["footer", "event"]),
        A("language"),
        A("index", int),
    ],
    default_sort=["index", "id"],
))
define_policy("page", read=(ANYONE,), create=(ADMIN,), update=(ADMIN,), delete=(ADMIN,))
