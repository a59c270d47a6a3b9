"""Writes of speakers: organisers manage an event's speakers, speakers their own profile.

Decisions:
- Organisers (track organizer and up) and admins create, edit and delete any
  speaker of their event; they may link any existing user (`user`).
- A verified user may create a speaker profile for themself in an event they
  can see whose call for speakers is open (sessions/speakers enabled and a live
  speakers-call running now). `user` is forced to the caller (another user is a
  403 at /data/relationships/user); the email must be the account's own (422
  at /data/attributes/email; it defaults to it). The same user edits or deletes
  their own speaker (linked by user or by email); `is-featured`, `order` and
  `is-email-overridden` are organiser-only (403 pointer).
- Emails are trimmed and lower-cased; unique per event among live speakers
  (409 at /data/attributes/email). The partial unique index backs the check and
  the insert/update runs in a SAVEPOINT, so a concurrent duplicate is a 409 too.
- Linking sessions: they must be live sessions of the same event (422 pointer);
  non-organisers may add only sessions they created and may not touch locked
  sessions (403). Every session whose speakers change gets a new
  `last-modified-at`, also when a linked speaker is deleted.
- DELETE is a soft delete.
- `POST /v1/events/{id}/reorder-speakers` (see api.py) sets `order` in bulk.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.models import User
from openevent.auth.policy import ADMIN, COORGANIZER, TRACK_ORGANIZER, Target, allowed, define_policy
from openevent.core.db import utcnow
from openevent.core.savepoint import savepoint
from openevent.core.signals import emit_after_commit
from openevent.events import fields
from openevent.events.sanitize import clean_html
from openevent.jsonapi.errors import (
    JsonApiError,
    conflict,
    forbidden,
    invalid_attribute,
    invalid_relationship,
    unauthorized,
)
from openevent.jsonapi.input import ResourceInput, apply_linkage
from openevent.jsonapi.resource import Relationship
from openevent.speakers_calls.service import call_is_open

from .models import Session, Speaker
from .writers import changed_attributes, visible_event

define_policy("speaker", create=(ADMIN, TRACK_ORGANIZER), update=(ADMIN, TRACK_ORGANIZER),
              delete=(ADMIN, TRACK_ORGANIZER), reorder=(ADMIN, COORGANIZER))

SPEAKER_URLS = ("photo_url", "thumbnail_image_url", "small_image_url", "icon_image_url", "website", "twitter",
                "facebook", "github", "mastodon", "linkedin", "instagram")
SPEAKER_RICH_TEXT = ("short_biography", "long_biography", "speaking_experience")
ORGANISER_ONLY_ATTRIBUTES = ("is_featured", "order", "is_email_overridden")


def wire(key: str) -> str:
    return key.replace("_", "-")


def clean_speaker(attrs: dict[str, Any]) -> None:
    if "name" in attrs:
        fields.check_not_blank(attrs["name"], "name")
    for key in SPEAKER_URLS:
        if key in attrs:
            attrs[key] = fields.normalise_url(attrs[key], wire(key))
    if "email" in attrs:
        email = fields.normalise_email(attrs["email"], "email")
        attrs["email"] = email.lower() if email else None
    for key in SPEAKER_RICH_TEXT:
        if key in attrs:
            attrs[key] = clean_html(attrs[key], allow_links=True)


def is_organiser(ctx: RequestContext, action: str, event_id: int) -> bool:
    return allowed(ctx.actor, "speaker", action, Target(event_id=event_id))


def is_own_speaker(ctx: RequestContext, speaker: Speaker) -> bool:
    actor = ctx.actor
    if not actor.authenticated:
        return False
    if speaker.user_id is not None and speaker.user_id == actor.user_id:
        return True
    return bool(actor.email and speaker.email and speaker.email.lower() == actor.email.lower())


def duplicate_email() -> JsonApiError:
    return conflict("A speaker with this email already exists in this event.", pointer="/data/attributes/email")


async def check_unique_email(db: AsyncSession, event_id: int, email: str | None, speaker_id: int | None) -> None:
    if email is None:
        return
    stmt = select(Speaker.id).where(Speaker.event_id == event_id, Speaker.deleted_at.is_(None),
                                    func.lower(Speaker.email) == email.lower())
    if speaker_id is not None:
        stmt = stmt.where(Speaker.id != speaker_id)
    if await db.scalar(stmt.limit(1)) is not None:
        raise duplicate_email()


async def flush_unique(db: AsyncSession) -> None:
    """Flush inside a SAVEPOINT: a concurrent duplicate email becomes a 409 instead of a 500."""
    try:
        async with savepoint(db):
            await db.flush()
    except IntegrityError:
        raise duplicate_email() from None


def check_own_attributes(ctx: RequestContext, attrs: dict[str, Any], speaker: Speaker | None) -> None:
    """What a speaker may not set on their own profile."""
    for key in ORGANISER_ONLY_ATTRIBUTES:
        if key in attrs:
            current = getattr(speaker, key) if speaker is not None else Speaker.__table__.c[key].default.arg
            if attrs[key] != current:
                raise forbidden(f"Only organisers may set {wire(key)}.", pointer=f"/data/attributes/{wire(key)}")
    own_email = (ctx.actor.email or "").lower() or None
    if "email" in attrs and attrs["email"] not in (own_email, speaker.email if speaker is not None else None):
        raise invalid_attribute("email", "Your speaker profile uses your account's email address.")


async def resolve_user(db: AsyncSession, ident: str | None) -> int | None:
    if ident is None:
        return None
    user_id = await db.scalar(select(User.id).where(User.id == int(ident), User.deleted_at.is_(None)))
    if user_id is None:
        raise invalid_relationship("user", f"User {ident} does not exist.")
    return user_id


def check_own_user_link(ctx: RequestContext, ident: str | None, current: int | None,
                        pointer: str = "/data/relationships/user") -> None:
    if ident is None:
        if current is not None:
            raise forbidden("Only organisers may unlink a speaker from its user.", pointer=pointer)
        return
    if int(ident) != ctx.actor.user_id:
        raise forbidden("You may link a speaker profile only to your own account.", pointer=pointer)


async def resolve_sessions(db: AsyncSession, idents: list[str], event_id: int,
                           pointer: str = "/data/relationships/sessions") -> list[Session]:
    wanted = list(dict.fromkeys(int(i) for i in idents))
    if not wanted:
        return []
    rows = (await db.scalars(select(Session).where(Session.id.in_(wanted), Session.deleted_at.is_(None)))).all()
    by_id = {row.id: row for row in rows if row.event_id == event_id}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise JsonApiError(422, f"sessions {missing} are not part of this speaker's event.",
                           title="Invalid relationship", pointer=pointer)
    return [by_id[i] for i in wanted]


def check_own_session_changes(ctx: RequestContext, added: list[Session], changed: list[Session],
                              pointer: str = "/data/relationships/sessions") -> None:
    for session in added:
        if session.creator_id != ctx.actor.user_id:
            raise forbidden(f"You may link only sessions you submitted (session {session.id}).", pointer=pointer)
    for session in changed:
        if session.is_locked:
            raise forbidden(f"Session {session.id} is locked; only organisers may change its speakers.",
                            pointer=pointer)


def touch(sessions) -> None:
    now = utcnow()
    for session in sessions:
        session.last_modified_at = now


def announce_change(db: AsyncSession, speaker: Speaker) -> None:
    """`speaker.changed` after commit (feeds, mails and other background work subscribe)."""
    emit_after_commit(db, "speaker.changed", event_id=speaker.event_id, speaker_id=speaker.id,
                      deleted=speaker.deleted_at is not None)


class SpeakerWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Speaker:
        actor = ctx.actor
        if not actor.authenticated:
            raise unauthorized("Log in to add a speaker.")
        event = await visible_event(db, ctx, data.relationships["event"])
        organiser = is_organiser(ctx, "create", event.id)
        attrs = dict(data.attributes)
        clean_speaker(attrs)
        if organiser:
            user_id = await resolve_user(db, data.relationships.get("user"))
        else:
            if not actor.is_verified:
                raise forbidden("Verify your email address before creating a speaker profile.")
            if not await call_is_open(db, event, utcnow()):
                raise forbidden("This event's call for speakers is not open.", pointer="/data/relationships/event")
            if "user" in data.relationships:
                check_own_user_link(ctx, data.relationships["user"], None)
            check_own_attributes(ctx, attrs, None)
            attrs["email"] = attrs.get("email") or (actor.email or "").lower() or None
            user_id = actor.user_id
        sessions = await resolve_sessions(db, data.relationships.get("sessions") or [], event.id)
        if not organiser:
            check_own_session_changes(ctx, sessions, sessions)
        await check_unique_email(db, event.id, attrs.get("email"), None)
        speaker = Speaker(event_id=event.id, user_id=user_id, **attrs)
        db.add(speaker)
        speaker.sessions = sessions
        touch(sessions)
        await flush_unique(db)
        announce_change(db, speaker)
        return speaker

    async def update(self, db: AsyncSession, ctx: RequestContext, speaker: Speaker, data: ResourceInput) -> Speaker:
        organiser = self._authorize(ctx, speaker, "update")
        if "event" in data.relationships and data.relationships["event"] != str(speaker.event_id):
            raise invalid_relationship("event", "A speaker cannot move to another event.")
        attrs = changed_attributes(speaker, data)
        clean_speaker(attrs)
        if not organiser:
            check_own_attributes(ctx, attrs, speaker)
        if "user" in data.relationships:
            if organiser:
                attrs["user_id"] = await resolve_user(db, data.relationships["user"])
            else:
                check_own_user_link(ctx, data.relationships["user"], speaker.user_id)
                attrs["user_id"] = ctx.actor.user_id
        if "email" in attrs and attrs["email"] != speaker.email:
            await check_unique_email(db, speaker.event_id, attrs["email"], speaker.id)
        if "sessions" in data.relationships:
            wanted = await resolve_sessions(db, data.relationships["sessions"], speaker.event_id)
            await self._set_sessions(db, ctx, speaker, wanted, organiser)
        for key, value in attrs.items():
            setattr(speaker, key, value)
        await flush_unique(db)
        announce_change(db, speaker)
        return speaker

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, speaker: Speaker, rel: Relationship,
                                  linkage: Any, mode: str) -> None:
        organiser = self._authorize(ctx, speaker, "update")
        if rel.key == "event":
            if linkage != str(speaker.event_id):
                raise JsonApiError(422, "A speaker cannot move to another event.", title="Invalid relationship",
                                   pointer="/data")
            return
        if rel.key == "user":
            if organiser:
                try:
                    speaker.user_id = await resolve_user(db, linkage)
                except JsonApiError as error:
                    error.pointer = "/data"
                    raise
            else:
                check_own_user_link(ctx, linkage, speaker.user_id, pointer="/data")
                speaker.user_id = ctx.actor.user_id
            await db.flush()
            announce_change(db, speaker)
            return
        sessions = await resolve_sessions(db, linkage, speaker.event_id, pointer="/data")
        await load_sessions(db, speaker)
        wanted = apply_linkage(speaker.sessions, sessions, mode)
        await self._set_sessions(db, ctx, speaker, wanted, organiser, pointer="/data")
        await db.flush()
        announce_change(db, speaker)

    async def delete(self, db: AsyncSession, ctx: RequestContext, speaker: Speaker, params: dict[str, str]) -> None:
        self._authorize(ctx, speaker, "delete")
        if speaker.deleted_at is None:
            speaker.deleted_at = utcnow()
            await load_sessions(db, speaker)
            touch(s for s in speaker.sessions if s.deleted_at is None)
            await db.flush()
            announce_change(db, speaker)

    async def _set_sessions(self, db: AsyncSession, ctx: RequestContext, speaker: Speaker, wanted: list[Session],
                            organiser: bool, pointer: str = "/data/relationships/sessions") -> None:
        await load_sessions(db, speaker)
        current = list(speaker.sessions)
        # links to soft-deleted sessions are history, not part of what clients send back
        wanted = wanted + [s for s in current if s.deleted_at is not None and s not in wanted]
        added = [s for s in wanted if s not in current]
        removed = [s for s in current if s not in wanted]
        if not organiser:
            check_own_session_changes(ctx, added, added + removed, pointer)
        speaker.sessions = wanted
        touch(added + removed)

    @staticmethod
    def _authorize(ctx: RequestContext, speaker: Speaker, action: str) -> bool:
        """True for organisers; the speaker's own user passes; everyone else 401/403."""
        if is_organiser(ctx, action, speaker.event_id):
            return True
        if not ctx.actor.authenticated:
            raise unauthorized("Log in to change a speaker.")
        if not is_own_speaker(ctx, speaker):
            raise forbidden(f"You are not allowed to {action} this speaker.")
        return False


async def load_sessions(db: AsyncSession, speaker: Speaker) -> None:
    if speaker.id is not None:
        await db.refresh(speaker, attribute_names=["sessions"])
