"""HTTP routes of ratings and favourites: POST /v1/feedbacks, detail GET/PATCH/DELETE,
/v1/events/{id}/feedbacks, /v1/sessions/{id}/feedbacks, /v1/users/{id}/feedbacks;
/v1/user-favourite-sessions and /v1/user-favourite-events (the caller's own: GET list, POST,
detail GET/DELETE), /v1/users/{id}/favourite-sessions|favourite-events, /v1/sessions/{id}/favourite
and /v1/events/{id}/favourite (the caller's own)."""

from fastapi import Depends, Request
from sqlalchemy import select

from openevent.auth.policy import ADMIN, AUTHENTICATED, COORGANIZER, SELF, define_policy
from openevent.auth.schemas import USER
from openevent.events.schemas import EVENT
from openevent.jsonapi import openapi
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import unauthorized
from openevent.jsonapi.loading import fetch_one
from openevent.jsonapi.resource import ResourceDef
from openevent.schedule.models import Session
from openevent.schedule.schemas import SESSION

from .models import UserFavouriteEvent, UserFavouriteSession
from .schemas import FEEDBACK, USER_FAVOURITE_EVENT, USER_FAVOURITE_SESSION
from .service import FAVOURITE_EVENT_WRITER, FAVOURITE_SESSION_WRITER, FEEDBACK_WRITER

define_policy("feedback", create=(AUTHENTICATED,), update=(SELF, ADMIN), delete=(SELF, ADMIN, COORGANIZER))
for _resource in ("user-favourite-session", "user-favourite-event"):
    define_policy(_resource, create=(AUTHENTICATED,), delete=(SELF,))


def logged_in(ctx) -> None:
    if not ctx.actor.authenticated:
        raise unauthorized("Log in to list your favourites.")


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(FEEDBACK, writer=FEEDBACK_WRITER, list=False))
    api.register(Endpoints(USER_FAVOURITE_SESSION, writer=FAVOURITE_SESSION_WRITER, update=False,
                           list_guard=logged_in))
    api.register(Endpoints(USER_FAVOURITE_EVENT, writer=FAVOURITE_EVENT_WRITER, update=False, list_guard=logged_in))
    # Open Event's paths of the favourite lists (always the caller's own rows, by the read criteria)
    _favourites_of(api, USER, "user-favourite-sessions", USER_FAVOURITE_SESSION,
                   lambda user: UserFavouriteSession.user_id == user.id)
    _favourites_of(api, USER, "user-favourite-events", USER_FAVOURITE_EVENT,
                   lambda user: UserFavouriteEvent.user_id == user.id)
    _favourites_of(api, SESSION, "user-favourite-sessions", USER_FAVOURITE_SESSION,
                   lambda session: UserFavouriteSession.session_id == session.id)
    _favourites_of(api, EVENT, "user-favourite-sessions", USER_FAVOURITE_SESSION,
                   lambda event: UserFavouriteSession.session_id.in_(
                       select(Session.id).where(Session.event_id == event.id)))


def _favourites_of(api: JsonApiRouter, parent: ResourceDef, name: str, target: ResourceDef, scope_of) -> None:
    """GET /v1/<parent>/{id}/<name>: the caller's favourites under a parent the caller can see."""

    async def handler(id: str, request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        obj = await fetch_one(db, parent, ctx, id)
        return await api.collection_response(request, db, ctx, target, scope=scope_of(obj))

    api.router.add_api_route(f"{api.prefix}/{parent.collection}/{{id}}/{name}", handler, methods=["GET"],
                             tags=[target.type], summary=f"The caller's {name} of a {parent.type}",
                             openapi_extra=openapi.list_extra(target))
