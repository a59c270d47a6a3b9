"""HTTP routes of FAQs: POST /v1/faq-types and /v1/faqs (event relationship), detail
GET/PATCH/DELETE, /v1/events/{id}/faq-types, /v1/events/{id}/faqs, /v1/faq-types/{id}/faqs and
/v1/faqs/{id}/faq-type (relationships)."""

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter

from .schemas import FAQ, FAQ_TYPE
from .service import FAQ_TYPE_WRITER, FAQ_WRITER

for _resource in ("faq-type", "faq"):
    define_policy(_resource, create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(FAQ_TYPE, writer=FAQ_TYPE_WRITER, list=False))
    api.register(Endpoints(FAQ, writer=FAQ_WRITER, list=False))
