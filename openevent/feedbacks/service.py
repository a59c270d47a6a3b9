"""Business rules of session ratings and favourites.

Decisions:
- A feedback is written by a logged-in user about a session they can see (else 404 pointing at
  the `session` relationship); `user` is always the caller and `event` the session's event (both
  sent values are ignored). One per user and session: a second is a 409 (unique constraint, the
  insert runs in a SAVEPOINT so a concurrent double submit is a 409 too).
- `rating` is a decimal from 0 to 5 with at most two decimals; `comment` is plain text
  (sanitised, at most 5000 characters). The author and admins change them; the session cannot be
  changed. The author, admins and the event's co-organizers (moderation) delete a feedback.
- Favourite sessions/events: a logged-in user marks a session/event they can see; one each (409);
  only the user's own favourites are ever listed or shown (admins included); the user deletes them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.context import RequestContext
from openevent.auth.policy import Target, authorize
from openevent.core.savepoint import savepoint
from openevent.events import fields
from openevent.events.models import Event
from openevent.events.sanitize import clean_html
from openevent.events.visibility import event_visible
from openevent.jsonapi.errors import JsonApiError, conflict, invalid_attribute, invalid_relationship
from openevent.jsonapi.input import ResourceInput, parse_id
from openevent.schedule.models import Session
from openevent.schedule.service import session_visible

from .models import Feedback, UserFavouriteEvent, UserFavouriteSession

MAX_COMMENT = 5000


def _not_found(type_name: str, ident: Any, rel: str) -> JsonApiError:
    return JsonApiError(404, f"No {type_name} with id {ident!r}.", title="Not found",
                        pointer=f"/data/relationships/{rel}")


async def visible_session(db: AsyncSession, ctx: RequestContext, ident: Any) -> Session:
    number = parse_id(ident, Session)
    session = None
    if number is not None:
        stmt = select(Session).where(Session.id == number, Session.deleted_at.is_(None))
        criteria = session_visible(ctx)
        if criteria is not None:
            stmt = stmt.where(criteria)
        session = (await db.execute(stmt)).scalar_one_or_none()
    if session is None:
        raise _not_found("session", ident, "session")
    return session


async def visible_event(db: AsyncSession, ctx: RequestContext, ident: Any) -> Event:
    number = parse_id(ident, Event)
    event = None
    if number is not None:
        stmt = select(Event).where(Event.id == number, Event.deleted_at.is_(None))
        criteria = event_visible(ctx)
        if criteria is not None:
            stmt = stmt.where(criteria)
        event = (await db.execute(stmt)).scalar_one_or_none()
    if event is None:
        raise _not_found("event", ident, "event")
    return event


def clean_feedback(attrs: dict[str, Any]) -> None:
    if "rating" in attrs:
        rating = attrs["rating"]
        if not isinstance(rating, Decimal) or not rating.is_finite() or not 0 <= rating <= 5 \
                or rating.as_tuple().exponent < -2:
            raise invalid_attribute("rating", "'rating' must be a number from 0 to 5 with at most two decimals.")
    if "comment" in attrs:
        comment = fields.blank_to_none(attrs["comment"])
        if comment is not None and len(comment) > MAX_COMMENT:
            raise invalid_attribute("comment", f"'comment' may be at most {MAX_COMMENT} characters long.")
        attrs["comment"] = clean_html(comment, allow_links=False)


async def insert_once(db: AsyncSession, obj: Any, duplicate: JsonApiError) -> Any:
    try:
        async with savepoint(db):
            db.add(obj)
            await db.flush()
    except IntegrityError:
        raise duplicate from None
    return obj


class FeedbackWriter:
    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Feedback:
        authorize(ctx, "feedback", "create", detail="Log in to rate a session.")
        session = await visible_session(db, ctx, data.relationships["session"])
        attrs = dict(data.attributes)
        clean_feedback(attrs)
        duplicate = conflict("You have already rated this session; update that feedback instead.",
                             pointer="/data/relationships/session")
        existing = await db.scalar(select(Feedback.id).where(Feedback.user_id == ctx.actor.user_id,
                                                             Feedback.session_id == session.id))
        if existing is not None:
            raise duplicate
        feedback = Feedback(user_id=ctx.actor.user_id, session_id=session.id, event_id=session.event_id, **attrs)
        return await insert_once(db, feedback, duplicate)

    @staticmethod
    def _target(feedback: Feedback) -> Target:
        return Target(event_id=feedback.event_id, user_id=feedback.user_id)

    async def update(self, db: AsyncSession, ctx: RequestContext, feedback: Feedback, data: ResourceInput) -> Feedback:
        authorize(ctx, "feedback", "update", self._target(feedback), detail="Only its author may change a feedback.")
        if "session" in data.relationships and data.relationships["session"] != str(feedback.session_id):
            raise invalid_relationship("session", "A feedback cannot be moved to another session.")
        attrs = dict(data.attributes)
        clean_feedback(attrs)
        for key, value in attrs.items():
            setattr(feedback, key, value)
        await db.flush()
        return feedback

    async def update_relationship(self, db: AsyncSession, ctx: RequestContext, feedback: Feedback, rel,
                                  linkage: Any, mode: str) -> None:
        authorize(ctx, "feedback", "update", self._target(feedback), detail="Only its author may change a feedback.")
        if linkage != str(feedback.session_id):
            raise JsonApiError(422, "A feedback cannot be moved to another session.", title="Invalid relationship",
                               pointer="/data")

    async def delete(self, db: AsyncSession, ctx: RequestContext, feedback: Feedback, params: dict[str, str]) -> None:
        authorize(ctx, "feedback", "delete", self._target(feedback))
        await db.delete(feedback)
        await db.flush()


class FavouriteWriter:
    """POST and DELETE of a user's favourite session or event (no PATCH)."""

    def __init__(self, resource: str, model: type, rel: str) -> None:
        self.resource = resource
        self.model = model
        self.rel = rel  # "session" or "event"

    async def create(self, db: AsyncSession, ctx: RequestContext, data: ResourceInput) -> Any:
        authorize(ctx, self.resource, "create", detail=f"Log in to mark a favourite {self.rel}.")
        ident = data.relationships[self.rel]
        if self.rel == "session":
            parent_id = (await visible_session(db, ctx, ident)).id
            column = UserFavouriteSession.session_id
        else:
            parent_id = (await visible_event(db, ctx, ident)).id
            column = UserFavouriteEvent.event_id
        duplicate = conflict(f"This {self.rel} is already one of your favourites.",
                             pointer=f"/data/relationships/{self.rel}")
        if await db.scalar(select(self.model.id).where(self.model.user_id == ctx.actor.user_id,
                                                       column == parent_id)) is not None:
            raise duplicate
        return await insert_once(db, self.model(user_id=ctx.actor.user_id, **{column.key: parent_id}), duplicate)

    async def update(self, db: AsyncSession, ctx: RequestContext, obj: Any, data: ResourceInput) -> Any:
        raise JsonApiError(405, f"A {self.resource} cannot be changed; delete it instead.", title="Method not allowed")

    async def delete(self, db: AsyncSession, ctx: RequestContext, obj: Any, params: dict[str, str]) -> None:
        authorize(ctx, self.resource, "delete", Target(user_id=obj.user_id))
        await db.delete(obj)
        await db.flush()


FEEDBACK_WRITER = FeedbackWriter()
FAVOURITE_SESSION_WRITER = FavouriteWriter("user-favourite-session", UserFavouriteSession, "session")
FAVOURITE_EVENT_WRITER = FavouriteWriter("user-favourite-event", UserFavouriteEvent, "event")
