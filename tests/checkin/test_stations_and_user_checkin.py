"""Stations (CRUD, validation) and Open Event's POST /v1/user-check-in per station type."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from openevent.checkin.models import CheckIn, Station
from openevent.orders.models import Attendee

from ..factories import auth_header, make_member, make_user
from ..schedule import factories as sf
from . import factories as f


@pytest.fixture
async def world(db):
    owner = await make_user(db)
    event = await f.event_now(db, owner=owner)
    registrar = await make_member(db, event, "registrar")
    return owner, registrar, event


def station_doc(event_id, name="Main door", kind="check in", room_id=None, extra_attrs=None):
    rels = {"event": {"data": {"type": "event", "id": str(event_id)}}}
    if room_id is not None:
        rels["microlocation"] = {"data": {"type": "microlocation", "id": str(room_id)}}
    return {"data": {"type": "station", "attributes": {"station-name": name, "station-type": kind,
                                                       **(extra_attrs or {})}, "relationships": rels}}


def user_check_in_doc(station_id, attendee_id, session_id=None, nonce=None):
    rels = {"station": {"data": {"type": "station", "id": str(station_id)}},
            "ticket-holder": {"data": {"type": "attendee", "id": str(attendee_id)}}}
    if session_id is not None:
        rels["session"] = {"data": {"type": "session", "id": str(session_id)}}
    attrs = {"nonce": nonce} if nonce else {}
    return {"data": {"type": "user-check-in", "attributes": attrs, "relationships": rels}}


async def test_station_crud(client, db, world):
    owner, registrar, event = world
    room = await sf.add(db, sf.room(event, "Hall A", room="A-1"))
    created = await client.post("/v1/station", json=station_doc(event.id, room_id=room.id), headers=auth_header(owner))
    assert created.status_code == 201, created.text
    data = created.json()["data"]
    assert data["attributes"] == {"station-name": "Main door", "station-type": "check in",
                                  "microlocation-id": str(room.id), "room": "A-1",
                                  "created-at": data["attributes"]["created-at"]}
    sid = data["id"]
    listed = await client.get(f"/v1/events/{event.id}/stations", headers=auth_header(registrar))
    assert [s["id"] for s in listed.json()["data"]] == [sid]
    by_room = await client.get(f"/v1/microlocations/{room.id}/stations", headers=auth_header(owner))
    assert [s["id"] for s in by_room.json()["data"]] == [sid]
    related_room = await client.get(f"/v1/stations/{sid}/microlocation", headers=auth_header(owner))
    assert related_room.json()["data"]["id"] == str(room.id)
    patched = await client.patch(f"/v1/stations/{sid}", headers=auth_header(owner), json={"data": {
        "type": "station", "id": sid, "attributes": {"station-type": "check out", "station-name": "Exit"},
        "relationships": {"microlocation": {"data": None}}}})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["data"]["attributes"]["station-type"], patched.json()["data"]["attributes"]["room"]) == (
        "check out", None)
    deleted = await client.delete(f"/v1/stations/{sid}", headers=auth_header(owner))
    assert deleted.status_code == 200
    assert await db.scalar(select(func.count()).select_from(Station)) == 0


@pytest.mark.parametrize("doc_change, status, pointer", [
    ({"station-type": "lobby"}, 422, "/data/attributes/station-type"),
    ({"station-name": "  "}, 422, "/data/attributes/station-name"),
    ({"station-name": None}, 422, "/data/attributes/station-name"),
    ({"station-name": "x" * 256}, 422, "/data/attributes/station-name"),
    ({"colour": "red"}, 422, "/data/attributes/colour"),
])
async def test_station_bad_input(client, db, world, doc_change, status, pointer):
    owner, _, event = world
    doc = station_doc(event.id)
    doc["data"]["attributes"].update(doc_change)
    response = await client.post("/v1/stations", json=doc, headers=auth_header(owner))
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["source"]["pointer"] == pointer


async def test_station_room_must_be_of_the_same_event_and_station_never_moves(client, db, world):
    owner, _, event = world
    other = await f.event_now(db, owner=owner)
    foreign_room = await sf.add(db, sf.room(other, "Elsewhere"))
    response = await client.post("/v1/stations", json=station_doc(event.id, room_id=foreign_room.id),
                                 headers=auth_header(owner))
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"]["pointer"] == "/data/relationships/microlocation"
    station = await f.station(db, event)
    moved = await client.patch(f"/v1/stations/{station.id}", headers=auth_header(owner), json={"data": {
        "type": "station", "id": str(station.id),
        "relationships": {"event": {"data": {"type": "event", "id": str(other.id)}}}}})
    assert moved.status_code == 422
    assert moved.json()["errors"][0]["source"]["pointer"] == "/data/relationships/event"
    missing = await client.post("/v1/stations", json={"data": {"type": "station", "attributes": {
        "station-name": "x", "station-type": "daily"}}}, headers=auth_header(owner))
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["source"]["pointer"] == "/data/relationships/event"


async def _post(client, user, doc):
    return await client.post("/v1/user-check-in", json=doc, headers=auth_header(user))


async def test_check_in_station_then_already_checked_in_422_then_check_out(client, db, world):
    owner, registrar, event = world
    door = await f.station(db, event, "check in")
    exit_ = await f.station(db, event, "check out", name="Exit")
    a = await f.attendee(db, event)
    first = await _post(client, registrar, user_check_in_doc(door.id, a.id))
    assert first.status_code == 201, first.text
    attrs = first.json()["data"]["attributes"]
    assert (attrs["direction"], attrs["source"], attrs["successful"], attrs["reason"]) == (
        "entry", "user-check-in", True, "ok")
    again = await _post(client, registrar, user_check_in_doc(door.id, a.id))
    assert again.status_code == 422
    assert again.json()["errors"][0] == {"status": "422", "title": "Unprocessable Entity",
                                         "detail": "The attendee is already checked in.",
                                         "source": {"pointer": "/data/relationships/station"}}
    out = await _post(client, registrar, user_check_in_doc(exit_.id, a.id))
    assert out.status_code == 201
    out_again = await _post(client, registrar, user_check_in_doc(exit_.id, a.id))
    assert out_again.status_code == 422
    assert out_again.json()["errors"][0]["detail"] == "The attendee is not checked in."
    attendee = await db.get(Attendee, a.id, populate_existing=True)
    assert (attendee.is_checked_in, attendee.is_checked_out) == (False, True)
    assert await db.scalar(select(func.count()).select_from(CheckIn)) == 2


async def test_registration_and_daily_stations(client, db, world):
    owner, registrar, event = world
    desk = await f.station(db, event, "registration", name="Desk")
    gate = await f.station(db, event, "daily", name="Gate")
    a = await f.attendee(db, event)
    assert (await _post(client, registrar, user_check_in_doc(desk.id, a.id))).status_code == 201
    twice = await _post(client, registrar, user_check_in_doc(desk.id, a.id))
    assert (twice.status_code, twice.json()["errors"][0]["detail"]) == (
        422, "The attendee is already registered at this station.")
    assert (await _post(client, registrar, user_check_in_doc(gate.id, a.id))).status_code == 201
    daily_twice = await _post(client, registrar, user_check_in_doc(gate.id, a.id))
    assert (daily_twice.status_code, daily_twice.json()["errors"][0]["detail"]) == (
        422, "The attendee is already checked in at this station today.")
    attendee = await db.get(Attendee, a.id, populate_existing=True)
    assert (attendee.is_registered, attendee.is_checked_in) == (True, True)
    assert attendee.registered_at is not None and attendee.register_times == attendee.registered_at.isoformat()


async def test_session_check_in_copies_labels_and_is_per_session(client, db, world):
    owner, registrar, event = world
    track = await sf.add(db, sf.track(event, "Web"))
    kind = await sf.add(db, sf.session_type(event, "Workshop"))
    talk = sf.session(event, "Async SQL", track_id=track.id, session_type_id=kind.id)
    talk.speakers = [sf.speaker(event, "Ada"), sf.speaker(event, "Grace")]
    other_talk = sf.session(event, "Other")
    await sf.add(db, talk, other_talk)
    door = await f.station(db, event, "check in")
    a = await f.attendee(db, event)
    response = await _post(client, registrar, user_check_in_doc(door.id, a.id, talk.id))
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["session-name"], attrs["track-name"], attrs["speaker-name"]) == ("Workshop", "Web", "Ada, Grace")
    assert (await _post(client, registrar, user_check_in_doc(door.id, a.id, other_talk.id))).status_code == 201
    assert (await _post(client, registrar, user_check_in_doc(door.id, a.id, talk.id))).status_code == 422
    attendee = await db.get(Attendee, a.id, populate_existing=True)
    assert attendee.is_checked_in is False  # session check-ins are not the door


async def test_user_check_in_nonce_is_idempotent(client, db, world):
    owner, registrar, event = world
    door = await f.station(db, event)
    a = await f.attendee(db, event)
    first = await _post(client, registrar, user_check_in_doc(door.id, a.id, nonce="tap-1"))
    second = await _post(client, registrar, user_check_in_doc(door.id, a.id, nonce="tap-1"))
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["data"]["id"] == second.json()["data"]["id"]
    assert await db.scalar(select(func.count()).select_from(CheckIn)) == 1


async def test_user_check_in_bad_input(client, db, world):
    owner, registrar, event = world
    other = await f.event_now(db, owner=owner)
    door = await f.station(db, event)
    foreign_session = await sf.add(db, sf.session(other, "Elsewhere"))
    good = await f.attendee(db, event)
    foreign = await f.attendee(db, other)
    unpaid = await f.attendee(db, event, status="initializing")
    cancelled = await f.attendee(db, event, status="expired")
    cases = [
        (user_check_in_doc(999999, good.id), 404, "/data/relationships/station"),
        (user_check_in_doc(door.id, 999999), 404, "/data/relationships/ticket-holder"),
        (user_check_in_doc(door.id, foreign.id), 422, "/data/relationships/ticket-holder"),
        (user_check_in_doc(door.id, unpaid.id), 422, "/data/relationships/ticket-holder"),
        (user_check_in_doc(door.id, cancelled.id), 422, "/data/relationships/ticket-holder"),
        (user_check_in_doc(door.id, good.id, foreign_session.id), 422, "/data/relationships/session"),
        (user_check_in_doc(door.id, good.id, nonce="   "), 422, "/data/attributes/nonce"),
        ({"data": {"type": "user-check-in", "relationships": {
            "station": {"data": {"type": "station", "id": str(door.id)}}}}}, 422,
         "/data/relationships/ticket-holder"),
        ({"data": {"type": "user_check_in"}}, 409, "/data/type"),
    ]
    for doc, status, pointer in cases:
        response = await _post(client, registrar, doc)
        assert (response.status_code, response.json()["errors"][0]["source"]["pointer"]) == (status, pointer), doc
    assert await db.scalar(select(func.count()).select_from(CheckIn)) == 0


async def test_check_in_rows_cannot_be_changed_or_deleted(client, db, world):
    owner, registrar, event = world
    door = await f.station(db, event)
    a = await f.attendee(db, event)
    created = await _post(client, registrar, user_check_in_doc(door.id, a.id))
    cid = created.json()["data"]["id"]
    assert (await client.delete(f"/v1/user-check-in/{cid}", headers=auth_header(owner))).status_code == 405
    assert (await client.patch(f"/v1/user-check-in/{cid}", headers=auth_header(owner), json={})).status_code == 405
    detail = await client.get(f"/v1/user-check-in/{cid}?include=ticket-holder,station,ticket",
                              headers=auth_header(owner))
    assert detail.status_code == 200, detail.text
    included = {(r["type"], r["id"]) for r in detail.json()["included"]}
    assert included == {("attendee", str(a.id)), ("station", str(door.id)), ("ticket", str(a.ticket_id))}


async def test_revoked_device_is_refused_from_the_next_request(client, db, world):
    owner, registrar, event = world
    a = await f.attendee(db, event)
    issued = await client.post("/v1/check-in-devices", headers=auth_header(registrar), json={"data": {
        "type": "check-in-device", "attributes": {"name": "Scanner 1"},
        "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}}}}})
    token = issued.json()["data"]["attributes"]["token"]
    headers = {"Authorization": f"Device {token}"}
    ok = await client.post(f"/v1/events/{event.id}/check-ins", json={"attendee-id": a.id}, headers=headers)
    assert ok.json()["reason"] == "ok"
    revoked = await client.delete(f"/v1/check-in-devices/{issued.json()['data']['id']}", headers=auth_header(owner))
    assert revoked.status_code == 200
    refused = await client.post(f"/v1/events/{event.id}/check-ins", json={"attendee-id": a.id}, headers=headers)
    assert refused.status_code == 401
    detail = await client.get(f"/v1/check-in-devices/{issued.json()['data']['id']}", headers=auth_header(owner))
    attrs = detail.json()["data"]["attributes"]
    assert attrs["revoked-at"] is not None and attrs["last-used-at"] is not None
    blank = await client.post("/v1/check-in-devices", headers=auth_header(owner), json={"data": {
        "type": "check-in-device", "attributes": {"name": " "},
        "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}}}}})
    assert (blank.status_code, blank.json()["errors"][0]["source"]["pointer"]) == (422, "/data/attributes/name")
