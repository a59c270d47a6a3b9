"""HTTP routes of this domain (thin: parse, authorise, call the service)."""

from openevent.jsonapi.endpoints import JsonApiRouter


def register(api: JsonApiRouter) -> None:
    pass
