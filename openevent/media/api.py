"""HTTP routes of the media domain."""

from openevent.jsonapi.endpoints import JsonApiRouter


def register(api: JsonApiRouter) -> None:
    pass
