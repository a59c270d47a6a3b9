"""HTTP routes of the event_info domain: social links and the event copyright.

POST /v1/social-links and /v1/event-copyrights (event relationship), detail
GET/PATCH/DELETE; per event /v1/events/{id}/social-links and
/v1/events/{id}/event-copyright (via the event resource). Organisers write.
"""

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .schemas import EVENT_COPYRIGHT, SOCIAL_LINK
from .service import EVENT_COPYRIGHT_WRITER, SOCIAL_LINK_WRITER

for _resource in ("social-link", "event-copyright"):
    define_policy(_resource, create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(SOCIAL_LINK, writer=SOCIAL_LINK_WRITER, list=False))
    api.register(Endpoints(EVENT_COPYRIGHT, writer=EVENT_COPYRIGHT_WRITER, list=False))
