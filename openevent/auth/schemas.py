"""Resource definitions and policies of the auth domain: users, roles, team memberships.

Users have a public view (UserSchemaPublic of Open Event) and a private view for
the user themself and admins (UserSchema). Unlike Open Event, the email address
is private: anyone can read a live user's public profile, and emails would make
that a harvestable address list.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator
from sqlalchemy import false

from openevent.events.visibility import visible_event_ids
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .context import EVENT_ACCESS_ROLES, RequestContext
from .models import EVENT_ROLE_NAMES, Role, RoleInvite, User, UsersEventsRoles
from .policy import ADMIN, ANYONE, COORGANIZER, ORGANIZER, OWNER, SELF, SUPER_ADMIN, define_policy


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError("must be an http or https URL")
    return value


HttpUrl = Annotated[str, AfterValidator(_http_url)]

# ctx.extra key: the account created by this request (its registrant sees the private view).
REGISTERED_USER = "registered_user_id"


def is_staff(ctx: RequestContext) -> bool:
    return ctx.actor.is_staff


def sees_private_profile(user: User, ctx: RequestContext) -> bool:
    actor = ctx.actor
    if actor.is_staff or (actor.authenticated and actor.user_id == user.id):
        return True
    return ctx.extra.get(REGISTERED_USER) == user.id


def private(key: str, type_=str, **options) -> A:
    """A member of the private view; never sortable, so list order cannot leak it."""
    return A(key, type_, private=True, sortable=False, **options)


USER = registry.add(ResourceDef(
    type="user",
    model=User,
    collection="users",
    attributes=[
        # UserSchemaPublic (minus email)
        A("avatar_url", HttpUrl),
        A("first_name"),
        A("last_name"),
        A("public_name"),
        A("is_profile_public", bool),
        A("original_image_url", read_only=True),
        A("thumbnail_image_url", read_only=True),
        A("small_image_url", read_only=True),
        A("icon_image_url", read_only=True),
        A("was_registered_with_order", bool, read_only=True),
        A("deleted_at", datetime, read_only=True),
        # UserSchema: the user themself and admins
        private("email", required=True),
        A("password", write_only=True, required=True),
        private("facebook_url", HttpUrl),
        private("twitter_url", HttpUrl),
        private("instagram_url", HttpUrl),
        private("google_plus_url", HttpUrl),
        private("is_super_admin", bool, read_only=True),
        private("is_admin", bool),
        private("is_sales_admin", bool),
        private("is_marketer", bool),
        private("is_verified", bool),
        private("is_blocked", bool),
        private("last_accessed_at", datetime, read_only=True),
        private("created_at", datetime, read_only=True),
        private("details"),
        private("language_prefrence"),
        private("contact"),
        private("billing_contact_name"),
        private("billing_phone"),
        private("billing_state"),
        private("billing_country"),
        private("billing_tax_info"),
        private("company"),
        private("billing_address"),
        private("billing_city"),
        private("billing_zip_code"),
        private("billing_additional_info"),
    ],
    soft_delete=True,
    private_view=sees_private_profile,
    may_see_trashed=is_staff,
    may_filter_private=is_staff,
))

# Attributes only some callers may change; each has a policy action "set_<key>".
PRIVILEGED_ATTRIBUTES = ("is_admin", "is_sales_admin", "is_marketer", "is_verified", "is_blocked")

define_policy(
    "user",
    list=(ADMIN,),
    read=(ANYONE,),
    create=(ANYONE,),
    update=(SELF, ADMIN),
    delete=(SELF, ADMIN),
    manage_staff=(SUPER_ADMIN,),  # change or delete another admin's account
    set_password=(SELF,),  # admins cannot choose other people's passwords
    set_is_admin=(SUPER_ADMIN,),
    set_is_sales_admin=(ADMIN,),
    set_is_marketer=(ADMIN,),
    set_is_verified=(ADMIN,),
    set_is_blocked=(ADMIN,),
)


ROLE = registry.add(ResourceDef(
    type="role",
    model=Role,
    collection="roles",
    attributes=[A("name", required=True), A("title_name")],
))
define_policy("role", read=(ANYONE,), create=(ADMIN,), update=(ADMIN,), delete=(ADMIN,))


def team_rows_visible(ctx: RequestContext):
    """Team memberships are visible to admins, to the event's owner/organizers/coorganizers,
    and each member sees their own (so that they can leave a team)."""
    actor = ctx.actor
    if actor.is_staff:
        return None
    managed = actor.event_ids_with(EVENT_ACCESS_ROLES)
    own = UsersEventsRoles.user_id == actor.user_id if actor.authenticated else false()
    return (UsersEventsRoles.event_id.in_(managed) | own) & UsersEventsRoles.event_id.in_(visible_event_ids(ctx))


USERS_EVENTS_ROLES = registry.add(ResourceDef(
    type="users-events-roles",
    model=UsersEventsRoles,
    collection="users-events-roles",
    # Only the role can change (PATCH); the event and the user of a membership are fixed.
    relationships=[R("event", "event"), R("user", "user"), R("role", "role", writable=True)],
    visible=team_rows_visible,
))
define_policy(
    "users-events-roles",
    read=(ADMIN, COORGANIZER),
    manage=(ADMIN, ORGANIZER),  # change a member's role, remove a member
    leave=(SELF,),  # a member may leave a team (not the owner)
)


def invites_visible(ctx: RequestContext):
    """Invites are visible to admins and to the event's owner/organizers/coorganizers."""
    actor = ctx.actor
    if actor.is_staff:
        return None
    return RoleInvite.event_id.in_(actor.event_ids_with(EVENT_ACCESS_ROLES))


ROLE_INVITE = registry.add(ResourceDef(
    type="role-invite",
    model=RoleInvite,
    collection="role-invites",
    attributes=[
        A("email", required=True, create_only=True),
        A("role_name", Literal[EVENT_ROLE_NAMES], create_only=True),  # type: ignore[valid-type]
        A("status", read_only=True),
        A("created_at", datetime, read_only=True),
        A("expires_at", datetime, read_only=True),
        A("accepted_at", datetime, read_only=True),
    ],
    # the token (Open Event's `hash`) is never shown: only its digest is stored, and it is mailed
    relationships=[R("event", "event", writable=True), R("role", "role", writable=True)],
    default_sort=["-created_at"],
    visible=invites_visible,
))
define_policy(
    "role-invite",
    read=(ADMIN, COORGANIZER),
    create=(ADMIN, ORGANIZER),
    invite_owner=(ADMIN, OWNER),  # only the owner hands over the ownership
    delete=(ADMIN, ORGANIZER),
    resend=(ADMIN, ORGANIZER),
)
