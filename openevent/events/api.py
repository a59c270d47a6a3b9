"""HTTP routes of the events domain."""

from openevent.auth.writers import PolicyWriter
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .models import Page
from .schemas import PAGE


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(PAGE, writer=PolicyWriter("page", Page)))
