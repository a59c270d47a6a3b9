"""Resource definitions of feedbacks (Open Event's FeedbackSchema), user-favourite-sessions and
user-favourite-events, the related lists they add to events, sessions and users, and the
session's computed `average-rating`, `rating-count` and `favourite-count`."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import false, or_

from openevent.auth.context import TEAM_ROLES, RequestContext
from openevent.auth.schemas import USER
from openevent.events.schemas import EVENT
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry
from openevent.schedule.schemas import SESSION

from .models import Feedback, UserFavouriteEvent, UserFavouriteSession


def feedback_visible(ctx: RequestContext):
    """A rating is seen by its author, the event's team and admins (the public sees the averages)."""
    actor = ctx.actor
    if actor.is_staff:
        return None
    if not actor.authenticated:
        return false()
    clauses = [Feedback.user_id == actor.user_id]
    team = actor.event_ids_with(TEAM_ROLES)
    if team:
        clauses.append(Feedback.event_id.in_(team))
    return or_(*clauses)


def own_rows(model: type):
    """Favourites are private to their user (admins included: nobody lists another's favourites)."""

    def visible(ctx: RequestContext):
        actor = ctx.actor
        return model.user_id == actor.user_id if actor.authenticated else false()

    return visible


FEEDBACK = registry.add(ResourceDef(
    type="feedback",
    model=Feedback,
    collection="feedbacks",
    attributes=[
        A("rating", Decimal, required=True),
        A("comment"),
        A("created_at", datetime, read_only=True),
    ],
    relationships=[
        R("session", "session", writable=True, required=True),
        R("event", "event"),
        R("user", "user"),
    ],
    default_sort=["id"],
    visible=feedback_visible,
))

USER_FAVOURITE_SESSION = registry.add(ResourceDef(
    type="user-favourite-session",
    model=UserFavouriteSession,
    collection="user-favourite-sessions",
    attributes=[A("created_at", datetime, read_only=True)],
    relationships=[R("session", "session", writable=True, required=True), R("user", "user")],
    default_sort=["id"],
    visible=own_rows(UserFavouriteSession),
))

USER_FAVOURITE_EVENT = registry.add(ResourceDef(
    type="user-favourite-event",
    model=UserFavouriteEvent,
    collection="user-favourite-events",
    attributes=[A("created_at", datetime, read_only=True)],
    relationships=[R("event", "event", writable=True, required=True), R("user", "user")],
    default_sort=["id"],
    visible=own_rows(UserFavouriteEvent),
))


def _loaded(session, key: str):
    """The value loaded with the row, without a lazy load (which async sessions cannot do while a
    document is built): a session inserted in this request has none loaded yet, so no ratings."""
    return session.__dict__.get(key)


def _average(session, ctx) -> float | None:
    value = _loaded(session, "average_rating")
    return None if value is None else round(float(value), 2)


SESSION.add_attribute(A("average_rating", float, getter=_average))
SESSION.add_attribute(A("rating_count", int, getter=lambda session, ctx: _loaded(session, "rating_count") or 0))
SESSION.add_attribute(A("favourite_count", int,
                        getter=lambda session, ctx: _loaded(session, "favourite_count") or 0))
SESSION.add_relationship(R("feedbacks", "feedback", many=True))
SESSION.add_relationship(R("favourite", "user-favourite-session"))
EVENT.add_relationship(R("feedbacks", "feedback", many=True))
EVENT.add_relationship(R("favourite", "user-favourite-event"))
USER.add_relationship(R("feedbacks", "feedback", many=True))
USER.add_relationship(R("favourite_sessions", "user-favourite-session", many=True))
USER.add_relationship(R("favourite_events", "user-favourite-event", many=True))
