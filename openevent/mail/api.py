"""HTTP routes of the mail domain: the outbox for admins (GET /v1/mails[/{id}]) and
POST /v1/test-mail (admin: send a test mail with the current settings). Other domains
send mail through openevent.mail.service.send_mail; importing the tasks registers `mail.send`."""

from __future__ import annotations

from fastapi import Depends, Request

from openevent.auth.policy import authorize
from openevent.jsonapi.endpoints import Endpoints, JsonApiRouter
from openevent.jsonapi.errors import JsonApiError
from openevent.jsonapi.http import PlainJsonResponse, read_json

from . import notifications  # noqa: F401  (mails that follow domain signals)
from . import tasks  # noqa: F401  (registers the mail.send task)
from .schemas import MAIL
from .service import send_mail


def register(api: JsonApiRouter) -> None:
    api.register(Endpoints(MAIL, list_guard=lambda ctx: authorize(ctx, "mail", "list")))

    async def test_mail(request: Request, db=Depends(api.get_db), ctx=Depends(api.get_ctx)):
        authorize(ctx, "mail", "test", detail="Only admins may send test mails.")
        body = await read_json(request, max_bytes=16 * 1024, negotiate=False)
        members = body.get("data", body) if isinstance(body, dict) else None
        recipient = members.get("recipient") if isinstance(members, dict) else None
        if not isinstance(recipient, str) or "@" not in recipient or any(c in recipient for c in "\r\n"):
            raise JsonApiError(422, "'recipient' must be an email address.", title="Invalid member",
                               pointer="/data/recipient" if isinstance(body, dict) and "data" in body else "/recipient")
        mail = await send_mail(db, recipient, "Test mail", "This is a test mail: the mail settings work.\n",
                               "test_mail")
        await db.commit()
        return PlainJsonResponse({"message": f"Test mail queued (id {mail.id}); see /v1/mails/{mail.id}."})

    api.router.add_api_route(f"{api.prefix}/test-mail", test_mail, methods=["POST"], tags=["mail"],
                             summary="Send a test mail (admin)", response_class=PlainJsonResponse)
