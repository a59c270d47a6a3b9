"""HTTP routes of the programme (thin: parse, authorise, call the service).

Detail, related and relationship GETs for every type and the flat session list;
lists of an event's children hang off the event resource. Tracks, rooms and
session types are written here (see writers.py).
"""

from openevent.auth.policy import ADMIN, COORGANIZER, TRACK_ORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .schemas import MICROLOCATION, SESSION, SESSION_TYPE, SPEAKER, TRACK
from .writers import MICROLOCATION_WRITER, SESSION_TYPE_WRITER, TRACK_WRITER

define_policy("track", create=(ADMIN, TRACK_ORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("microlocation", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))
define_policy("session-type", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(SESSION, writer=None))
    for rdef, writer in ((TRACK, TRACK_WRITER), (MICROLOCATION, MICROLOCATION_WRITER),
                         (SESSION_TYPE, SESSION_TYPE_WRITER), (SPEAKER, None)):
        api.register(Endpoints(rdef, writer=writer, list=False))
