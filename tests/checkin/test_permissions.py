"""Who may check in and read check-in data: a table of (action, caller) -> expected status.

Callers: anonymous, a logged-in stranger, every event role, an admin, a device token of the event,
a device token of another event, a revoked device token, a garbage device token.
"""

from __future__ import annotations

import itertools

import pytest

from openevent.checkin.models import CheckIn

from ..factories import auth_header, make_member, make_user
from . import factories as f

CALLERS = ("anonymous", "stranger", "attendee", "track_organizer", "moderator", "registrar", "coorganizer",
           "organizer", "owner", "admin", "device", "other_device", "revoked_device", "bad_device")
STAFF = ("registrar", "coorganizer", "organizer", "owner", "admin")
NON_STAFF_ROLES = ("attendee", "track_organizer", "moderator")
TEAM_NOT_CHECKIN = ("track_organizer", "moderator")
DEVICES_REFUSED_BY_JWT_ROUTES = {"device": 401, "other_device": 401, "revoked_device": 401, "bad_device": 401}


def table(staff, *, anonymous, stranger, roles, devices) -> dict[str, int]:
    out = {"anonymous": anonymous, "stranger": stranger}
    for role in NON_STAFF_ROLES:
        out[role] = roles[role] if isinstance(roles, dict) else roles
    for role in STAFF:
        out[role] = staff
    out.update(devices)
    return out


SCAN_DEVICES = {"device": 200, "other_device": 403, "revoked_device": 401, "bad_device": 401}
EXPECTED = {
    "scan": table(200, anonymous=401, stranger=403, roles=403, devices=SCAN_DEVICES),
    "batch": table(200, anonymous=401, stranger=403, roles=403, devices=SCAN_DEVICES),
    "stats": table(200, anonymous=401, stranger=403, roles=403, devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "read_check_in": table(200, anonymous=404, stranger=404, roles=404, devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "list_flat_check_ins": table("1 row", anonymous="0 rows", stranger="0 rows", roles="0 rows",
                                 devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "list_event_check_ins": table("1 row", anonymous=401, stranger=403,
                                  roles={"attendee": 403, "track_organizer": "0 rows", "moderator": "0 rows"},
                                  devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "user_check_in": table(201, anonymous=401, stranger=404,
                           roles={"attendee": 404, "track_organizer": 403, "moderator": 403},
                           devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "badge": table(200, anonymous=401, stranger=404,
                   roles={"attendee": 404, "track_organizer": 403, "moderator": 403},
                   devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "issue_device": table(201, anonymous=401, stranger=403, roles=403, devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "read_device": table(200, anonymous=404, stranger=404, roles=404, devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "read_station": table(200, anonymous=404, stranger=404,
                          roles={"attendee": 404, "track_organizer": 200, "moderator": 200},
                          devices=DEVICES_REFUSED_BY_JWT_ROUTES),
    "create_station": {**table(201, anonymous=401, stranger=403, roles=403, devices=DEVICES_REFUSED_BY_JWT_ROUTES),
                       "registrar": 403},
}

_nonces = itertools.count()


@pytest.fixture
async def world(db, client):
    owner = await make_user(db)
    event = await f.event_now(db, owner=owner)
    other = await f.event_now(db, owner=owner)
    users = {"owner": owner, "stranger": await make_user(db), "admin": await make_user(db, is_admin=True)}
    for role in ("attendee", "track_organizer", "moderator", "registrar", "coorganizer", "organizer"):
        users[role] = await make_member(db, event, role)
    station = await f.station(db, event)
    people = await f.attendees(db, event, 2 + len(CALLERS))
    row = CheckIn(event_id=event.id, attendee_id=people[1].id, direction="entry", scanned_at=f.now(),
                  received_at=f.now(), nonce="seed", successful=True, reason="ok")
    db.add(row)
    await db.commit()
    tokens = {}
    device_ids = {}
    for name, ev in (("device", event), ("other_device", other), ("revoked_device", event)):
        response = await client.post("/v1/check-in-devices", headers=auth_header(owner), json={"data": {
            "type": "check-in-device", "attributes": {"name": name},
            "relationships": {"event": {"data": {"type": "event", "id": str(ev.id)}}}}})
        assert response.status_code == 201, response.text
        tokens[name] = response.json()["data"]["attributes"]["token"]
        device_ids[name] = response.json()["data"]["id"]
    revoke = await client.delete(f"/v1/check-in-devices/{device_ids['revoked_device']}", headers=auth_header(owner))
    assert revoke.status_code == 200, revoke.text
    tokens["bad_device"] = "oecd_" + "x" * 43
    return {"event": event, "users": users, "station": station, "attendee": people[0], "row": row,
            "fresh": iter(people[2:]),
            "tokens": tokens, "device_id": device_ids["device"]}


def headers_for(world, caller: str) -> dict:
    if caller == "anonymous":
        return {}
    if caller in world["tokens"]:
        return {"Authorization": f"Device {world['tokens'][caller]}"}
    return auth_header(world["users"][caller])


async def perform(client, world, action: str, headers: dict):
    event, station, attendee = world["event"], world["station"], world["attendee"]
    scan = {"attendee-id": attendee.id, "nonce": f"n{next(_nonces)}", "force": True}
    if action == "scan":
        return await client.post(f"/v1/events/{event.id}/check-ins", json=scan, headers=headers)
    if action == "batch":
        return await client.post(f"/v1/events/{event.id}/check-ins/batch", json={"scans": [scan]}, headers=headers)
    if action == "stats":
        return await client.get(f"/v1/user-check-in/stats/event/{event.id}", headers=headers)
    if action == "read_check_in":
        return await client.get(f"/v1/user-check-in/{world['row'].id}", headers=headers)
    if action == "list_flat_check_ins":
        return await client.get("/v1/user-check-in?filter[source]=scan", headers=headers)
    if action == "list_event_check_ins":
        return await client.get(f"/v1/events/{event.id}/user-check-in?filter[source]=scan", headers=headers)
    if action == "user_check_in":
        return await client.post("/v1/user-check-in", headers=headers, json={"data": {
            "type": "user-check-in", "attributes": {"nonce": f"u{next(_nonces)}"}, "relationships": {
                "station": {"data": {"type": "station", "id": str(station.id)}},
                "ticket-holder": {"data": {"type": "attendee", "id": str(next(world["fresh"]).id)}}}}})
    if action == "badge":
        return await client.get(f"/v1/badge-forms/print-badge-pdf?attendee_id={attendee.id}", headers=headers)
    if action == "issue_device":
        return await client.post("/v1/check-in-devices", headers=headers, json={"data": {
            "type": "check-in-device", "attributes": {"name": "Scanner"},
            "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}}}}})
    if action == "read_device":
        return await client.get(f"/v1/check-in-devices/{world['device_id']}", headers=headers)
    if action == "read_station":
        return await client.get(f"/v1/stations/{station.id}", headers=headers)
    if action == "create_station":
        return await client.post("/v1/stations", headers=headers, json={"data": {
            "type": "station", "attributes": {"station-name": "Gate", "station-type": "daily"},
            "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}}}}})
    raise AssertionError(action)


def outcome(response):
    if response.status_code == 200 and isinstance(response.json().get("data"), list):
        n = len(response.json()["data"])
        return f"{n} row" if n == 1 else f"{n} rows"
    return response.status_code


@pytest.mark.parametrize("action", sorted(EXPECTED))
async def test_permission_table(client, world, action):
    got = {}
    for caller in CALLERS:
        response = await perform(client, world, action, headers_for(world, caller))
        got[caller] = outcome(response)
        if response.status_code >= 400:
            assert response.json()["errors"][0]["detail"], response.text
    assert got == EXPECTED[action]


async def test_refused_scans_record_nothing(client, db, world):
    """A refused caller leaves no trace: only the seed row exists after every refusal."""
    from sqlalchemy import func, select

    for caller in ("anonymous", "stranger", "moderator", "other_device", "revoked_device"):
        for action in ("scan", "batch"):
            response = await perform(client, world, action, headers_for(world, caller))
            assert response.status_code in (401, 403)
    assert await db.scalar(select(func.count()).select_from(CheckIn)) == 1


async def test_device_scans_record_the_device_and_no_user(client, db, world):
    from sqlalchemy import select

    response = await perform(client, world, "scan", headers_for(world, "device"))
    assert response.json()["reason"] == "ok"
    row = (await db.execute(select(CheckIn).where(CheckIn.id == int(response.json()["check-in-id"])))).scalar_one()
    assert (row.user_id, row.device_id, row.device_name) == (None, int(world["device_id"]), "device")


async def test_device_token_is_shown_once_and_stored_hashed(client, db, world):
    from sqlalchemy import select

    from openevent.checkin.models import CheckInDevice
    from openevent.checkin.service import hash_device_token

    owner = world["users"]["owner"]
    detail = await client.get(f"/v1/check-in-devices/{world['device_id']}", headers=auth_header(owner))
    assert detail.json()["data"]["attributes"]["token"] is None
    token = world["tokens"]["device"]
    device = (await db.execute(select(CheckInDevice).where(CheckInDevice.id == int(world["device_id"])))).scalar_one()
    assert device.token_hash == hash_device_token(token) and token not in device.token_hash
    assert device.token_prefix == token[:12]
    listing = await client.get(f"/v1/events/{world['event'].id}/check-in-devices", headers=auth_header(owner))
    assert [d["attributes"]["name"] for d in listing.json()["data"]] == ["device", "revoked_device"]
    assert all(d["attributes"]["token"] is None for d in listing.json()["data"])


@pytest.mark.parametrize("caller, visible", [("anonymous", False), ("stranger", False), ("attendee", False),
                                             ("moderator", False), ("track_organizer", False), ("registrar", True),
                                             ("owner", True), ("admin", True)])
async def test_check_in_data_never_leaks_through_event_includes(client, world, caller, visible):
    event = world["event"]
    response = await client.get(f"/v1/events/{event.id}?include=user-check-in,check-in-devices,stations",
                                headers=headers_for(world, caller))
    assert response.status_code == 200, response.text
    included = {r["type"] for r in response.json().get("included", [])}
    assert ("user-check-in" in included, "check-in-device" in included) == (visible, visible)
    assert ("station" in included) == (caller not in ("anonymous", "stranger", "attendee"))


@pytest.mark.parametrize("caller, found", [("anonymous", 0), ("stranger", 0), ("moderator", 0), ("registrar", 1)])
async def test_check_in_data_never_leaks_through_relationship_filters(client, world, caller, found):
    import json

    flt = json.dumps([{"name": "user-check-in", "op": "any", "val": {"name": "nonce", "op": "eq", "val": "seed"}}])
    response = await client.get("/v1/events", params={"filter": flt}, headers=headers_for(world, caller))
    assert response.status_code == 200, response.text
    assert len(response.json()["data"]) == found
