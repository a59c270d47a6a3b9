"""HTTP routes of the stripe_connect domain."""

from openevent.jsonapi.endpoints import JsonApiRouter


def register(api: JsonApiRouter) -> None:
    pass
