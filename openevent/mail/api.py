"""HTTP routes of the mail domain."""

from openevent.jsonapi.endpoints import JsonApiRouter


def register(api: JsonApiRouter) -> None:
    pass
