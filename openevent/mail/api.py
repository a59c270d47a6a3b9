"""HTTP routes of the mail domain (none yet: mails are sent by other domains through
openevent.mail.service.send_mail); importing the tasks registers `mail.send`."""

from openevent.jsonapi.endpoints import JsonApiRouter

from . import tasks  # noqa: F401  (registers the mail.send task)


def register(api: JsonApiRouter) -> None:
    pass
