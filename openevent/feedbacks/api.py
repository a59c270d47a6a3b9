"""HTTP routes of ratings and favourites: POST /v1/feedbacks, detail GET/PATCH/DELETE,
/v1/events/{id}/feedbacks, /v1/sessions/{id}/feedbacks, /v1/users/{id}/feedbacks;
/v1/user-favourite-sessions and /v1/user-favourite-events (the caller's own: GET list, POST,
detail GET/DELETE), /v1/users/{id}/favourite-sessions|favourite-events, /v1/sessions/{id}/favourite
and /v1/events/{id}/favourite (the caller's own)."""

from openevent.auth.policy import ADMIN, AUTHENTICATED, COORGANIZER, SELF, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import unauthorized

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
