"""HTTP routes of ticketing (thin: parse, authorise, call the service)."""

from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .schemas import TICKET


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(TICKET, writer=None, list=False))
