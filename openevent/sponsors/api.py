"""HTTP routes of the sponsors domain: POST /v1/sponsors (event relationship), detail
GET/PATCH/DELETE, /v1/events/{id}/sponsors (via the event resource) and
POST /v1/events/{id}/reorder-sponsors."""

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.schedule.api import register_reorder
from openevent.schedule.reorder import Reorderable

from .models import Sponsor
from .schemas import SPONSOR
from .service import SPONSOR_WRITER

define_policy("sponsor", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(SPONSOR, writer=SPONSOR_WRITER, list=False))
    register_reorder(api, "sponsors", Reorderable(Sponsor, "sponsor", "position"), "sponsor", "update")
