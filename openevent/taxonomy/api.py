"""HTTP routes of the taxonomy domain."""

from openevent.jsonapi.endpoints import JsonApiRouter


def register(api: JsonApiRouter) -> None:
    pass
