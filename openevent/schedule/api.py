"""HTTP routes of the programme (thin: parse, authorise, call the service).

Read-only for now: detail, related and relationship GETs for every type and the
flat session list; lists of an event's children hang off the event resource.
"""

from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .schemas import MICROLOCATION, SESSION, SESSION_TYPE, SPEAKER, TRACK


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(SESSION, writer=None))
    for rdef in (TRACK, MICROLOCATION, SESSION_TYPE, SPEAKER):
        api.register(Endpoints(rdef, writer=None, list=False))
