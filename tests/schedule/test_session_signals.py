"""Session writes announce `session.changed` after commit; a review outcome mails the speakers."""

from sqlalchemy import select

from openevent.core import signals
from openevent.mail.models import Mail
from openevent.schedule.models import Session, Speaker

from ..factories import auth_header, make_event, make_user

JSONAPI = {"Content-Type": "application/vnd.api+json"}


async def pending_session(db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, is_sessions_speakers_enabled=True)
    speaker = Speaker(event_id=event.id, name="Ada", email="ada@example.org")
    session = Session(event_id=event.id, title="Rust at scale", state="pending", speakers=[speaker])
    db.add(session)
    await db.commit()
    return owner, event, session


async def patch_state(client, owner, session_id, state):
    document = {"data": {"type": "session", "id": str(session_id), "attributes": {"state": state}}}
    return await client.patch(f"/v1/sessions/{session_id}", json=document, headers={**JSONAPI, **auth_header(owner)})


async def test_accepting_announces_the_change_and_mails_the_speaker(client, db):
    owner, event, session = await pending_session(db)
    with signals.captured("session.changed") as seen:
        response = await patch_state(client, owner, session.id, "accepted")
        assert response.status_code == 200, response.text
        await signals.drain()
    assert seen == [("session.changed", {"event_id": event.id, "session_id": session.id, "state": "accepted",
                                         "previous_state": "pending", "deleted": False})]
    await signals.drain()
    mails = (await db.execute(select(Mail.recipient, Mail.kind))).all()
    assert mails == [("ada@example.org", "session_state")]


async def test_an_edit_that_keeps_the_state_mails_nobody(client, db):
    owner, _event, session = await pending_session(db)
    document = {"data": {"type": "session", "id": str(session.id), "attributes": {"title": "Rust, faster"}}}
    with signals.captured("session.changed") as seen:
        response = await client.patch(f"/v1/sessions/{session.id}", json=document,
                                      headers={**JSONAPI, **auth_header(owner)})
        assert response.status_code == 200
        await signals.drain()
    assert [payload["state"] for _, payload in seen] == ["pending"]
    assert [payload["previous_state"] for _, payload in seen] == ["pending"]
    assert (await db.execute(select(Mail))).first() is None


async def test_a_refused_write_announces_nothing(client, db):
    owner, _event, session = await pending_session(db)
    with signals.captured("session.changed") as seen:
        response = await patch_state(client, owner, session.id, "no-such-state")
        assert response.status_code in (403, 422)
        await signals.drain()
    assert seen == []


async def test_delete_announces_the_removal(client, db):
    owner, event, session = await pending_session(db)
    with signals.captured("session.changed") as seen:
        response = await client.delete(f"/v1/sessions/{session.id}", headers=auth_header(owner))
        assert response.status_code in (200, 204)
        await signals.drain()
    assert seen == [("session.changed", {"event_id": event.id, "session_id": session.id, "state": "pending",
                                         "previous_state": "pending", "deleted": True})]
