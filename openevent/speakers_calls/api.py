"""HTTP routes of the speakers_calls domain: POST /v1/speakers-calls (event relationship, one
live call per event), detail GET/PATCH/DELETE and GET /v1/events/{id}/speakers-call."""

from openevent.auth.policy import ADMIN, COORGANIZER, define_policy
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.schedule.writers import EventChildWriter

from .models import SpeakersCall
from .schemas import SPEAKERS_CALL
from .service import check_call_dates, clean_call

define_policy("speakers-call", create=(ADMIN, COORGANIZER), update=(ADMIN, COORGANIZER),
              delete=(ADMIN, COORGANIZER))

SPEAKERS_CALL_WRITER = EventChildWriter("speakers-call", SpeakersCall, clean_call, check=check_call_dates,
                                        one_per_event=True, label="speakers call")


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(SPEAKERS_CALL, writer=SPEAKERS_CALL_WRITER, list=False))
