"""Writing sessions: submissions, reviews, transitions, locks, times, last-modified-at."""

import json
from datetime import datetime, timedelta
from urllib.parse import quote

from sqlalchemy import func, select

from openevent.schedule.models import Session

from ..factories import auth_header, make_event, make_member, make_user
from . import factories as f

JSONAPI = {"Content-Type": "application/vnd.api+json"}


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["status"] == str(status)
    return errors[0]


def session_doc(event, *, id=None, relationships=None, **attributes):
    data = {"type": "session", "attributes": {k.replace("_", "-"): v for k, v in attributes.items()}}
    rels = {"event": {"data": {"type": "event", "id": str(event.id)}}} if id is None else {}
    rels.update(relationships or {})
    data["relationships"] = rels
    if id is not None:
        data["id"] = str(id)
    return {"data": data}


async def setup(db, **event_fields):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, is_sessions_speakers_enabled=True, **event_fields)
    speaker = await make_user(db)
    return owner, event, speaker


async def create(client, user, event, **attributes):
    attributes.setdefault("title", "My talk")
    return await client.post("/v1/sessions", json=session_doc(event, **attributes),
                             headers={**auth_header(user), **JSONAPI})


async def patch(client, user, session_id, event, relationships=None, **attributes):
    return await client.patch(f"/v1/sessions/{session_id}",
                              json=session_doc(event, id=session_id, relationships=relationships, **attributes),
                              headers={**auth_header(user), **JSONAPI})


async def count_sessions(db) -> int:
    return await db.scalar(select(func.count()).select_from(Session))


async def test_states_route_serves_the_tables_and_detail_still_works(client, db):
    response = await client.get("/v1/sessions/states")
    assert response.status_code == 200
    tables = response.json()
    assert tables["speaker"] == {
        "draft": {"pending": True, "withdrawn": True}, "pending": {"withdrawn": True},
        "accepted": {"withdrawn": True}, "confirmed": {"withdrawn": True}, "rejected": {"withdrawn": True},
        "canceled": {"withdrawn": True}, "withdrawn": {}}
    assert set(tables["organizer"]) == {"pending", "accepted", "confirmed", "rejected", "canceled", "withdrawn"}
    assert tables["organizer"]["pending"] == {"accepted": True, "confirmed": True, "rejected": True,
                                              "canceled": True, "withdrawn": True}
    event = await make_event(db)
    session = await f.add(db, f.session(event))
    assert (await client.get(f"/v1/sessions/{session.id}")).json()["data"]["id"] == str(session.id)


async def test_speaker_submission_is_pending_and_cannot_ask_for_accepted(client, db):
    _owner, event, speaker = await setup(db)
    error = error_of(await create(client, speaker, event, state="accepted"), 403)
    assert error["source"] == {"pointer": "/data/attributes/state"}
    assert await count_sessions(db) == 0
    response = await create(client, speaker, event)
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert attrs["state"] == "pending" and attrs["submitted-at"] is not None
    draft = await create(client, speaker, event, state="draft")
    assert draft.json()["data"]["attributes"]["state"] == "draft"
    assert draft.json()["data"]["attributes"]["submitted-at"] is None
    row = await db.get(Session, int(response.json()["data"]["id"]))
    assert row.creator_id == speaker.id


async def test_submission_needs_call_for_speakers_unless_organiser(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    stranger = await make_user(db)
    assert (await create(client, stranger, event)).status_code == 403
    response = await create(client, owner, event, state="accepted")
    assert response.status_code == 201, response.text
    assert response.json()["data"]["attributes"]["state"] == "accepted"
    assert (await client.post("/v1/sessions", json=session_doc(event, title="x"), headers=JSONAPI)).status_code == 401


async def test_speaker_withdraws_cannot_accept_organiser_accepts(client, db):
    owner, event, speaker = await setup(db)
    sid = (await create(client, speaker, event)).json()["data"]["id"]
    error = error_of(await patch(client, speaker, sid, event, state="accepted"), 422)
    assert error["source"] == {"pointer": "/data/attributes/state"}
    assert "withdrawn" in error["detail"]
    response = await patch(client, owner, sid, event, state="accepted")
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["state"] == "accepted"
    response = await patch(client, speaker, sid, event, state="withdrawn")
    assert response.json()["data"]["attributes"]["state"] == "withdrawn"
    error = error_of(await patch(client, speaker, sid, event, state="pending"), 422)
    assert error["source"] == {"pointer": "/data/attributes/state"}


async def test_organiser_invalid_transition_is_422(client, db):
    _owner, event, _ = await setup(db)
    coorganizer = await make_member(db, event, "coorganizer")
    session = await f.add(db, f.session(event, state="pending"))
    error = error_of(await patch(client, coorganizer, session.id, event, state="draft"), 422)
    assert error["source"] == {"pointer": "/data/attributes/state"}
    assert (await patch(client, coorganizer, session.id, event, state="rejected")).status_code == 200
    stranger = await make_user(db)
    assert (await patch(client, stranger, session.id, event, title="x")).status_code in (403, 404)


async def test_locked_session_blocks_speaker_edits(client, db):
    owner, event, speaker = await setup(db)
    sid = (await create(client, speaker, event)).json()["data"]["id"]
    error = error_of(await patch(client, speaker, sid, event, is_locked=True), 403)
    assert error["source"] == {"pointer": "/data/attributes/is-locked"}
    assert (await patch(client, owner, sid, event, is_locked=True)).status_code == 200
    error_of(await patch(client, speaker, sid, event, title="Changed"), 403)
    await db.close()
    assert (await db.get(Session, int(sid))).title == "My talk"


async def test_speaker_cannot_set_the_room(client, db):
    owner, event, speaker = await setup(db)
    room = await f.add(db, f.room(event))
    sid = (await create(client, speaker, event)).json()["data"]["id"]
    rel = {"microlocation": {"data": {"type": "microlocation", "id": str(room.id)}}}
    error = error_of(await patch(client, speaker, sid, event, relationships=rel), 403)
    assert error["source"] == {"pointer": "/data/relationships/microlocation"}
    assert (await patch(client, owner, sid, event, relationships=rel)).status_code == 200


async def test_times_outside_the_event_or_reversed_are_422(client, db):
    owner, event, _speaker = await setup(db)
    before = (event.starts_at - timedelta(hours=1)).isoformat()
    error = error_of(await create(client, owner, event, starts_at=before), 422)
    assert error["source"] == {"pointer": "/data/attributes/starts-at"}
    session = await f.add(db, f.session(event))
    late = (event.ends_at + timedelta(minutes=1)).isoformat()
    error = error_of(await patch(client, owner, session.id, event, ends_at=late), 422)
    assert error["source"] == {"pointer": "/data/attributes/ends-at"}
    early = (f.T0 - timedelta(minutes=1)).isoformat()
    error = error_of(await patch(client, owner, session.id, event, starts_at=f.T0.isoformat(),
                                 ends_at=f.T0.isoformat()), 422)
    assert error["source"] == {"pointer": "/data/attributes/ends-at"}
    assert early < f.T0.isoformat()
    assert await count_sessions(db) == 1


async def test_track_of_another_event_is_422_and_nothing_half_saved(client, db):
    owner, event, _ = await setup(db)
    other = await make_event(db, owner=owner)
    foreign = await f.add(db, f.track(other))
    session = await f.add(db, f.session(event, title="Original"))
    rel = {"track": {"data": {"type": "track", "id": str(foreign.id)}}}
    error = error_of(await patch(client, owner, session.id, event, relationships=rel, title="New"), 422)
    assert error["source"] == {"pointer": "/data/relationships/track"}
    await db.close()
    row = await db.get(Session, session.id)
    assert row.title == "Original" and row.track_id is None
    error = error_of(await create(client, owner, event, relationships=rel), 422)
    assert error["source"] == {"pointer": "/data/relationships/track"}
    assert await count_sessions(db) == 1
    own = await f.add(db, f.track(event))
    rel = {"track": {"data": {"type": "track", "id": str(own.id)}}}
    response = await patch(client, owner, session.id, event, relationships=rel)
    assert response.status_code == 200, response.text


async def _modified(client, user, sid) -> str:
    response = await client.get(f"/v1/sessions/{sid}", headers=auth_header(user))
    return response.json()["data"]["attributes"]["last-modified-at"]


async def test_last_modified_at_changes_on_writes_only(client, db):
    owner, event, _ = await setup(db)
    session, untouched = await f.add(db, f.session(event), f.session(event, "Other"))
    ada = await f.add(db, f.speaker(event))
    first = await _modified(client, owner, session.id)
    assert await _modified(client, owner, session.id) == first
    assert (await patch(client, owner, session.id, event, title="Renamed")).status_code == 200
    second = await _modified(client, owner, session.id)
    assert second > first
    response = await client.patch(f"/v1/sessions/{session.id}/relationships/speakers",
                                  json={"data": [{"type": "speaker", "id": str(ada.id)}]},
                                  headers={**auth_header(owner), **JSONAPI})
    assert response.status_code == 204, response.text
    third = await _modified(client, owner, session.id)
    assert third > second
    assert await _modified(client, owner, session.id) == third
    since = quote(json.dumps([{"name": "last-modified-at", "op": "ge", "val": second}]))
    response = await client.get(f"/v1/sessions?filter={since}", headers=auth_header(owner))
    assert [item["id"] for item in response.json()["data"]] == [str(session.id)]
    assert datetime.fromisoformat(third) > datetime.fromisoformat(first)
    assert untouched.id != session.id


async def test_delete_is_soft_by_creator_while_pending_or_organiser(client, db):
    owner, event, speaker = await setup(db)
    sid = (await create(client, speaker, event)).json()["data"]["id"]
    response = await client.delete(f"/v1/sessions/{sid}", headers=auth_header(speaker))
    assert response.status_code == 200, response.text
    await db.close()
    assert (await db.get(Session, int(sid))).deleted_at is not None
    sid = (await create(client, speaker, event)).json()["data"]["id"]
    assert (await patch(client, owner, sid, event, state="accepted")).status_code == 200
    assert (await client.delete(f"/v1/sessions/{sid}", headers=auth_header(speaker))).status_code == 403
    assert (await client.delete(f"/v1/sessions/{sid}", headers=auth_header(owner))).status_code == 200
