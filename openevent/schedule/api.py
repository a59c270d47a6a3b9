"""HTTP routes of the programme (thin: parse, authorise, call the service).

Detail, related and relationship GETs for every type and the flat session list;
lists of an event's children hang off the event resource. Tracks, rooms and
session types are written here (see writers.py).
"""

from openevent.auth.policy import ADMIN, COORGANIZER, TRACK_ORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.http import JsonApiResponse

from .schemas import MICROLOCATION, SESSION, SESSION_TYPE, SPEAKER, TRACK
from .session_writers import SessionWriter, state_tables
from .writers import MICROLOCATION_WRITER, SESSION_TYPE_WRITER, TRACK_WRITER

define_policy("track", create=(ADMIN, TRACK_ORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("microlocation", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("session-type", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    # before /v1/sessions/{id}: routes match in order
    api.router.add_api_route(f"{api.prefix}/sessions/states", session_states, methods=["GET"], tags=["session"],
                             summary="Allowed session state transitions")
    api.register(Endpoints(SESSION, writer=SessionWriter()))
    for rdef, writer in ((TRACK, TRACK_WRITER), (MICROLOCATION, MICROLOCATION_WRITER),
                         (SESSION_TYPE, SESSION_TYPE_WRITER), (SPEAKER, None)):
        api.register(Endpoints(rdef, writer=writer, list=False))


async def session_states() -> JsonApiResponse:
    """The server-owned state transition tables of sessions: {"organizer"|"speaker": {from: {to: true}}}."""
    return JsonApiResponse(state_tables())
