"""HTTP routes of ticket tags: POST /v1/ticket-tags (event relationship), detail GET/PATCH/DELETE,
/v1/ticket-tags/{id}/relationships/tickets (PATCH/POST/DELETE), /v1/events/{id}/ticket-tags and
/v1/tickets/{id}/ticket-tags."""

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .schemas import TICKET_TAG
from .service import TICKET_TAG_WRITER

define_policy("ticket-tag", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(TICKET_TAG, writer=TICKET_TAG_WRITER, list=False))
