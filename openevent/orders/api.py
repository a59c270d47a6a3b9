"""HTTP routes of the orders domain."""

from openevent.jsonapi.endpoints import JsonApiRouter

from . import service  # noqa: F401  (registers the event hard-delete blocker)


def register(api: JsonApiRouter) -> None:
    pass
