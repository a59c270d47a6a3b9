"""Writes of sessions: call-for-speakers submissions and the organisers' review.

Decisions:
- Any logged-in user may submit a session to an event they can see whose
  `is-sessions-speakers-enabled` is on (organisers and admins regardless). A
  non-organiser's session starts as `pending` (default) or `draft` when asked
  for; asking for any other state is a 403 pointing at `/data/attributes/state`
  (W9). The creator is the caller; `submitted-at` is set when a session becomes
  pending. Organisers (coorganizer and up, admins) may create in any state.
- State changes follow the server-owned tables of `GET /v1/sessions/states`:
  organisers use the organizer table (plus the speaker one), the creator and
  the session's own speakers only the speaker table. Anything else is a 422 at
  `/data/attributes/state` listing the allowed targets.
- The creator/speakers edit content only while the session is not locked;
  microlocation, `is-locked` and `is-mail-sent` are organiser-only (403 pointer).
- starts-at/ends-at lie inside the event; ends after starts (422 pointer).
  Track, room, type and speakers must belong to the session's event (422).
- `last-modified-at` is set on every write, relationship writes included.
- DELETE is a soft delete, by organisers or by the creator while draft/pending.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import (
    ADMIN,
    AUTHENTICATED,
    COORGANIZER,
    Target,
    allowed,
    authorize,
    define_policy,
)
from openevent.core.db import utcnow
from openevent.core.signals import emit_after_commit
from openevent.events.models import Event
from openevent.events.visibility import event_visible
from openevent.jsonapi.errors import forbidden, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput, apply_linkage
from openevent.jsonapi.resource import Relationship

from .models import Microlocation, Session, SessionType, Speaker, Track

REVIEW_STATES = ("pending", "accepted", "confirmed", "rejected", "canceled", "withdrawn")
ORGANIZER_TRANSITIONS: dict[str, dict[str, bool]] = {
    source: {target: True for target in REVIEW_STATES if target != source} for source in REVIEW_STATES
}
SPEAKER_TRANSITIONS: dict[str, dict[str, bool]] = {
    "draft": {"pending": True, "withdrawn": True},
    **{source: {"withdrawn": True} for source in ("pending", "accepted", "confirmed", "rejected", "canceled")},
    "withdrawn": {},
}
SUBMITTER_CREATE_STATES = ("draft", "pending")
ORGANISER_ONLY_ATTRIBUTES = ("is_locked", "is_mail_sent")
ORGANISER_ONLY_RELATIONSHIPS = ("microlocation",)
CHILD_MODELS = {"track": Track, "microlocation": Microlocation, "session_type": SessionType}

define_policy("session", create=(AUTHENTICATED,), organize=(ADMIN, COORGANIZER))


def state_tables() -> dict[str, Any]:
    return {"organizer": ORGANIZER_TRANSITIONS, "speaker": SPEAKER_TRANSITIONS}


def wire(key: str) -> str:
    return key.replace("_", "-")


def is_organiser(ctx: RequestContext, event_id: int) -> bool:
    return allowed(ctx.actor, "session", "organize", Target(event_id=event_id))


async def load_speakers(db: AsyncSession, session: Session) -> list[Speaker]:
    await db.refresh(session, attribute_names=["speakers"])
    return list(session.speakers)


def is_own(ctx: RequestContext, session: Session) -> bool:
    """The caller created the session or is one of its live speakers (by user or email)."""
    actor = ctx.actor
    if not actor.authenticated:
        return False
    if session.creator_id == actor.user_id:
        return True
    for speaker in session.speakers:
        if speaker.deleted_at is not None:
            continue
        if speaker.user_id == actor.user_id:
            return True
        if actor.email and speaker.email and speaker.email.lower() == actor.email.lower():
            return True
    return False


def allowed_targets(organiser: bool, source: str) -> dict[str, bool]:
    targets = dict(SPEAKER_TRANSITIONS.get(source, {}))
    if organiser:
        targets.update(ORGANIZER_TRANSITIONS.get(source, {}))
    return targets


def check_transition(organiser: bool, source: str, target: str) -> None:
    if source == target:
        return
    targets = allowed_targets(organiser, source)
    if target not in targets:
        listed = ", ".join(sorted(targets)) or "none"
        raise invalid_attribute("state", f"A session cannot go from {source!r} to {target!r}; allowed: {listed}.")


def check_times(event: Event, starts_at: datetime | None, ends_at: datetime | None, *, attribute: str) -> None:
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        raise invalid_attribute(attribute, "ends-at must be after starts-at.")
    for key, value in (("starts-at", starts_at), ("ends-at", ends_at)):
        if value is not None and not (event.starts_at <= value <= event.ends_at):
            raise invalid_attribute(key, f"{key} must lie within the event "
                                         f"({event.starts_at.isoformat()} to {event.ends_at.isoformat()}).")


def check_organiser_only(data: ResourceInput, session: Session | None) -> None:
    for key in ORGANISER_ONLY_ATTRIBUTES:
        if key in data.attributes and (session is None or data.attributes[key] != getattr(session, key)):
            raise forbidden(f"Only organisers may change {wire(key)}.", pointer=f"/data/attributes/{wire(key)}")
    for key in ORGANISER_ONLY_RELATIONSHIPS:
        if key in data.relationships:
            current = None if session is None else getattr(session, f"{key}_id")
            wanted = data.relationships[key]
            if (int(wanted) if wanted is not None else None) != current:
                raise forbidden(f"Only organisers may set the {wire(key)}.",
                                pointer=f"/data/relationships/{wire(key)}")


async def resolve_child(db: AsyncSession, key: str, ident: str | None, event_id: int) -> int | None:
    if ident is None:
        return None
    model = CHILD_MODELS[key]
    row = await db.scalar(select(model).where(model.id == int(ident), model.deleted_at.is_(None)))
    if row is None or row.event_id != event_id:
        raise invalid_relationship(wire(key), f"{wire(key)} {ident} is not part of this session's event.")
    return row.id


async def resolve_speakers(db: AsyncSession, idents: list[str], event_id: int) -> list[Speaker]:
    wanted = list(dict.fromkeys(int(i) for i in idents))
    if not wanted:
        return []
    rows = (await db.scalars(select(Speaker).where(Speaker.id.in_(wanted), Speaker.deleted_at.is_(None)))).all()
    by_id = {row.id: row for row in rows if row.event_id == event_id}
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise invalid_relationship("speakers", f"speakers {missing} are not part of this session's event.")
    return [by_id[i] for i in wanted]


async def visible_event(db: AsyncSession, ctx: RequestContext, ident: str) -> Event:
    stmt = select(Event).where(Event.id == int(ident), Event.deleted_at.is_(None))
    criteria = event_visible(ctx)
    if criteria is not None:
        stmt = stmt.where(criteria)
    event = await db.scalar(stmt)
    if event is None:
        raise invalid_relationship("event", f"Event {ident} does not exist.")
    return event


def announce_change(db: AsyncSession, session: Session, *, previous_state: str | None) -> None:
    """`session.changed` after commit: receivers mail speakers about a new state, refresh feeds, ..."""
    emit_after_commit(db, "session.changed", event_id=session.event_id, session_id=session.id,
                      state=session.state, previous_state=previous_state, deleted=session.deleted_at is not None)


class SessionWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Session:
        authorize(ctx, "session", "create", detail="Log in to submit a session.")
        event = await visible_event(db, ctx, data.relationships["event"])
        organiser = is_organiser(ctx, event.id)
        if not organiser and not event.is_sessions_speakers_enabled:
            raise forbidden("This event does not accept sessions.", pointer="/data/relationships/event")
        attrs = dict(data.attributes)
        if attrs.pop("deleted_at", None) is not None:
            raise invalid_attribute("deleted-at", "A new session cannot be deleted.")
        if not organiser:
            attrs.pop("submitted_at", None)
        state = attrs.get("state") or "pending"
        if not organiser:
            if state not in SUBMITTER_CREATE_STATES:
                raise forbidden("A new session starts as draft or pending.", pointer="/data/attributes/state")
            check_organiser_only(data, None)
        attrs["state"] = state
        check_times(event, attrs.get("starts_at"), attrs.get("ends_at"),
                    attribute="ends-at" if "ends_at" in attrs else "starts-at")
        for key in CHILD_MODELS:
            if key in data.relationships:
                attrs[f"{key}_id"] = await resolve_child(db, key, data.relationships[key], event.id)
        speakers = await resolve_speakers(db, data.relationships.get("speakers") or [], event.id)
        now = utcnow()
        if state == "pending" and attrs.get("submitted_at") is None:
            attrs["submitted_at"] = now
        session = Session(event_id=event.id, creator_id=ctx.actor.user_id, last_modified_at=now, **attrs)
        session.speakers = speakers
        db.add(session)
        await db.flush()
        announce_change(db, session, previous_state=None)
        return session

    async def update(self, db: AsyncSession, ctx: RequestContext, session: Session, data: ResourceInput) -> Session:
        await load_speakers(db, session)
        organiser = self._authorize_write(ctx, session)
        event = await db.get(Event, session.event_id)
        attrs = dict(data.attributes)
        if "event" in data.relationships and data.relationships["event"] != str(session.event_id):
            raise invalid_relationship("event", "A session cannot move to another event.")
        if "deleted_at" in attrs:
            value = attrs.pop("deleted_at")
            if value != session.deleted_at:
                if not organiser or value is not None:
                    raise invalid_attribute("deleted-at", "Use DELETE to remove a session.")
                attrs["deleted_at"] = None
        if not organiser:
            check_organiser_only(data, session)
            attrs.pop("submitted_at", None)
        if "state" in attrs:
            if attrs["state"] is None:
                raise invalid_attribute("state", "'state' may not be null.")
            check_transition(organiser, session.state, attrs["state"])
            if attrs["state"] == "pending" and session.state != "pending" and session.submitted_at is None:
                attrs.setdefault("submitted_at", utcnow())
        if "starts_at" in attrs or "ends_at" in attrs:
            check_times(event, attrs.get("starts_at", session.starts_at), attrs.get("ends_at", session.ends_at),
                        attribute="ends-at" if "ends_at" in attrs else "starts-at")
        for key in CHILD_MODELS:
            if key in data.relationships:
                attrs[f"{key}_id"] = await resolve_child(db, key, data.relationships[key], session.event_id)
        speakers = None
        if "speakers" in data.relationships:
            speakers = await resolve_speakers(db, data.relationships["speakers"], session.event_id)
        previous_state = session.state
        for key, value in attrs.items():
            setattr(session, key, value)
        if speakers is not None:
            session.speakers = speakers
        session.last_modified_at = utcnow()
        await db.flush()
        announce_change(db, session, previous_state=previous_state)
        return session

    async def update_relationship(
        self, db: AsyncSession, ctx: RequestContext, session: Session, rel: Relationship, linkage: Any, mode: str
    ) -> None:
        await load_speakers(db, session)
        organiser = self._authorize_write(ctx, session)
        if rel.key == "event":
            if linkage != str(session.event_id):
                raise invalid_relationship("event", "A session cannot move to another event.")
            return
        if rel.key == "speakers":
            speakers = await resolve_speakers(db, linkage, session.event_id)
            session.speakers = apply_linkage(session.speakers, speakers, mode)
        else:
            if not organiser:
                check_organiser_only(ResourceInput(relationships={rel.key: linkage}), session)
            setattr(session, f"{rel.key}_id", await resolve_child(db, rel.key, linkage, session.event_id))
        session.last_modified_at = utcnow()
        await db.flush()
        announce_change(db, session, previous_state=session.state)

    async def delete(self, db: AsyncSession, ctx: RequestContext, session: Session, params: dict[str, str]) -> None:
        organiser = is_organiser(ctx, session.event_id)
        if not organiser:
            if not ctx.actor.authenticated:
                authorize(ctx, "session", "organize", Target(event_id=session.event_id))
            if session.creator_id != ctx.actor.user_id or session.state not in SUBMITTER_CREATE_STATES:
                raise forbidden("Only organisers may delete this session.")
        if session.deleted_at is None:
            session.deleted_at = utcnow()
            session.last_modified_at = session.deleted_at
        await db.flush()
        announce_change(db, session, previous_state=session.state)

    @staticmethod
    def _authorize_write(ctx: RequestContext, session: Session) -> bool:
        """True for organisers; the creator/speakers pass while unlocked; everyone else 401/403."""
        if is_organiser(ctx, session.event_id):
            return True
        if not ctx.actor.authenticated:
            authorize(ctx, "session", "organize", Target(event_id=session.event_id))
        if not is_own(ctx, session):
            raise forbidden("You are not allowed to update this session.")
        if session.is_locked:
            raise forbidden("This session is locked; only organisers may change it.")
        return False
