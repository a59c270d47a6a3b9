"""HTTP routes of exhibitors: POST /v1/exhibitors (event relationship), detail GET/PATCH/DELETE,
/v1/exhibitors/{id}/relationships/sessions, /v1/events/{id}/exhibitors, /v1/sessions/{id}/exhibitors
and POST /v1/events/{id}/reorder-exhibitors."""

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.schedule.api import register_reorder
from openevent.schedule.reorder import Reorderable

from .models import Exhibitor
from .schemas import EXHIBITOR
from .service import EXHIBITOR_WRITER

define_policy("exhibitor", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER), delete=(ADMIN, COORGANIZER))


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(EXHIBITOR, writer=EXHIBITOR_WRITER, list=False))
    register_reorder(api, "exhibitors", Reorderable(Exhibitor, "exhibitor", "position"), "exhibitor", "update")
