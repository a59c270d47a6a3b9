"""Writing tracks, rooms (microlocations) and session types: roles, validation, soft delete."""

from datetime import datetime, timezone

import pytest

from ..factories import auth_header, make_event, make_member, make_user
from . import factories as f

JSONAPI = "application/vnd.api+json"


def doc(type_, attributes, event=None, id_=None):
    data = {"type": type_, "attributes": attributes}
    if id_ is not None:
        data["id"] = str(id_)
    if event is not None:
        data["relationships"] = {"event": {"data": {"type": "event", "id": str(event.id)}}}
    return {"data": data}


async def post(client, collection, body, user=None):
    headers = {"Content-Type": JSONAPI, **(auth_header(user) if user else {})}
    return await client.post(f"/v1/{collection}", json=body, headers=headers)


async def patch(client, collection, id_, body, user=None):
    headers = {"Content-Type": JSONAPI, **(auth_header(user) if user else {})}
    return await client.patch(f"/v1/{collection}/{id_}", json=body, headers=headers)


async def delete(client, collection, id_, user=None):
    return await client.delete(f"/v1/{collection}/{id_}", headers=auth_header(user) if user else {})


def error_of(response, status):
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["status"] == str(status)
    return errors[0]


async def test_coorganizer_creates_patches_and_deletes_a_track(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    response = await post(client, "tracks", doc("track", {"name": "Web", "color": "#fff", "description": "d",
                                                          "position": 2, "font-color": "#123456"}, event), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"] == {"deleted-at": None, "name": "Web", "description": "d", "color": "#fff",
                                  "font-color": "#000000", "position": 2}
    assert response.headers["Location"].endswith(f"/v1/tracks/{data['id']}")
    linkage = await client.get(f"/v1/tracks/{data['id']}/relationships/event")
    assert linkage.json()["data"] == {"type": "event", "id": str(event.id)}

    response = await patch(client, "tracks", data["id"], doc("track", {"color": "#000000", "position": 0},
                                                             event, data["id"]), user)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["color"] == "#000000"
    assert response.json()["data"]["attributes"]["font-color"] == "#ffffff"
    assert response.json()["data"]["attributes"]["position"] == 0

    listed = await client.get(f"/v1/events/{event.id}/tracks")
    assert [t["id"] for t in listed.json()["data"]] == [data["id"]]
    response = await delete(client, "tracks", data["id"], user)
    assert response.status_code == 200, response.text
    assert response.json()["meta"]["message"] == "Object successfully deleted"
    listed = await client.get(f"/v1/events/{event.id}/tracks")
    assert listed.json()["data"] == []
    assert (await client.get(f"/v1/tracks/{data['id']}")).status_code == 404


async def test_coorganizer_creates_a_room_and_a_session_type(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    response = await post(client, "microlocations", doc("microlocation", {
        "name": "Hall A", "latitude": 52.5, "longitude": -13.25, "floor": 2, "room": "A1", "position": 1,
        "hidden-in-scheduler": True, "chat-room-name": "ignored"}, event), user)
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["name"], attrs["latitude"], attrs["longitude"], attrs["floor"], attrs["room"]) == (
        "Hall A", 52.5, -13.25, 2, "A1")
    assert attrs["position"] == 1 and attrs["hidden-in-scheduler"] is True and attrs["chat-room-name"] is None

    response = await post(client, "session-types", doc("session-type", {"name": "Talk", "length": "00:45"}, event),
                          user)
    assert response.status_code == 201, response.text
    st = response.json()["data"]
    assert st["attributes"] == {"deleted-at": None, "name": "Talk", "length": "00:45", "position": 0}
    response = await patch(client, "session-types", st["id"], doc("session-type", {"length": "23:59"},
                                                                  id_=st["id"]), user)
    assert response.json()["data"]["attributes"]["length"] == "23:59"
    response = await delete(client, "session-types", st["id"], user)
    assert response.status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/session-types")).json()["data"] == []


async def test_reordering_by_patching_positions(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "organizer")
    a, b = await f.add(db, f.room(event, "A", position=0), f.room(event, "B", position=1))
    for room, position in ((a, 1), (b, 0)):
        response = await patch(client, "microlocations", room.id,
                               doc("microlocation", {"position": position}, id_=room.id), user)
        assert response.status_code == 200, response.text
    listed = await client.get(f"/v1/events/{event.id}/microlocations")
    assert [r["attributes"]["name"] for r in listed.json()["data"]] == ["B", "A"]


@pytest.mark.parametrize(("collection", "type_", "attributes"), [
    ("tracks", "track", {"name": "Web", "color": "#abc"}),
    ("microlocations", "microlocation", {"name": "Hall"}),
    ("session-types", "session-type", {"name": "Talk", "length": "00:30"}),
])
async def test_who_may_create(client, db, collection, type_, attributes):
    event = await make_event(db)
    body = doc(type_, attributes, event)
    error_of(await post(client, collection, body), 401)
    error_of(await post(client, collection, body, await make_user(db)), 403)
    error_of(await post(client, collection, body, await make_member(db, event, "registrar")), 403)
    other = await make_event(db)
    error_of(await post(client, collection, body, await make_member(db, other, "owner")), 403)
    track_organizer = await make_member(db, event, "track_organizer")
    response = await post(client, collection, body, track_organizer)
    assert response.status_code == (201 if type_ == "track" else 403), response.text
    response = await post(client, collection, body, await make_member(db, event, "owner"))
    assert response.status_code == 201, response.text


async def test_invisible_draft_event_is_404_on_create(client, db):
    event = await make_event(db, state="draft")
    outsider = await make_user(db)
    error = error_of(await post(client, "tracks", doc("track", {"name": "W", "color": "#abc"}, event), outsider), 404)
    assert error["source"] == {"pointer": "/data/relationships/event"}
    error_of(await post(client, "session-types", doc("session-type", {"name": "T", "length": "00:30"}, event)), 404)
    # the team sees the draft and may add to it
    member = await make_member(db, event, "coorganizer")
    response = await post(client, "tracks", doc("track", {"name": "W", "color": "#abc"}, event), member)
    assert response.status_code == 201, response.text


async def test_event_relationship_is_required(client, db):
    user = await make_user(db)
    error = error_of(await post(client, "tracks", doc("track", {"name": "W", "color": "#abc"}), user), 422)
    assert error["source"] == {"pointer": "/data/relationships/event"}


@pytest.mark.parametrize(("collection", "type_", "attributes", "pointer"), [
    ("tracks", "track", {"name": "W", "color": "red"}, "color"),
    ("tracks", "track", {"name": "W", "color": "#12345"}, "color"),
    ("tracks", "track", {"name": "W", "color": "#gggggg"}, "color"),
    ("tracks", "track", {"name": "W"}, "color"),
    ("tracks", "track", {"name": "  ", "color": "#abc"}, "name"),
    ("tracks", "track", {"name": "W", "color": "#abc", "position": 1.5}, "position"),
    ("session-types", "session-type", {"name": "T", "length": "00:00"}, "length"),
    ("session-types", "session-type", {"name": "T", "length": "24:00"}, "length"),
    ("session-types", "session-type", {"name": "T", "length": "00:60"}, "length"),
    ("session-types", "session-type", {"name": "T", "length": "1:30"}, "length"),
    ("session-types", "session-type", {"name": "T", "length": "30"}, "length"),
    ("session-types", "session-type", {"name": "", "length": "00:30"}, "name"),
    ("microlocations", "microlocation", {"name": "R", "latitude": 90.5}, "latitude"),
    ("microlocations", "microlocation", {"name": "R", "latitude": -91}, "latitude"),
    ("microlocations", "microlocation", {"name": "R", "longitude": 180.01}, "longitude"),
    ("microlocations", "microlocation", {"name": "R", "floor": "x"}, "floor"),
])
async def test_invalid_values_point_at_the_attribute(client, db, collection, type_, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    error = error_of(await post(client, collection, doc(type_, attributes, event), user), 422)
    assert error["source"] == {"pointer": f"/data/attributes/{pointer}"}
    assert (await client.get(f"/v1/events/{event.id}/{collection}")).json()["data"] == []


async def test_invalid_patch_values_are_refused(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    track = await f.add(db, f.track(event))
    error = error_of(await patch(client, "tracks", track.id, doc("track", {"color": "#12"}, id_=track.id), user), 422)
    assert error["source"] == {"pointer": "/data/attributes/color"}
    error = error_of(await patch(client, "tracks", track.id, doc("track", {"name": None}, id_=track.id), user), 422)
    assert error["source"] == {"pointer": "/data/attributes/name"}
    assert (await client.get(f"/v1/tracks/{track.id}")).json()["data"]["attributes"]["color"] == "#1a2b3c"


async def test_moving_to_another_event_is_refused(client, db):
    event = await make_event(db)
    other = await make_event(db)
    user = await make_member(db, event, "owner")
    from openevent.auth.roles import grant_event_role
    await grant_event_role(db, user_id=user.id, event_id=other.id, role="owner")
    await db.commit()
    room = await f.add(db, f.room(event))
    error = error_of(await patch(client, "microlocations", room.id,
                                 doc("microlocation", {"name": "Moved"}, other, room.id), user), 422)
    assert error["source"] == {"pointer": "/data/relationships/event"}
    response = await client.get(f"/v1/microlocations/{room.id}/relationships/event")
    assert response.json()["data"]["id"] == str(event.id)
    assert (await client.get(f"/v1/microlocations/{room.id}")).json()["data"]["attributes"]["name"] == "Hall A"
    # echoing the same event back is fine
    response = await patch(client, "microlocations", room.id, doc("microlocation", {"name": "Same"}, event, room.id),
                           user)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(("collection", "type_", "factory"), [
    ("tracks", "track", f.track), ("microlocations", "microlocation", f.room),
    ("session-types", "session-type", f.session_type),
])
async def test_who_may_patch_and_delete(client, db, collection, type_, factory):
    event = await make_event(db)
    row = await f.add(db, factory(event))
    body = doc(type_, {"name": "Renamed"}, id_=row.id)
    other = await make_event(db)
    for user in (await make_user(db), await make_member(db, other, "coorganizer"),
                 await make_member(db, event, "registrar"), await make_member(db, event, "track_organizer")):
        error_of(await patch(client, collection, row.id, body, user), 403)
        error_of(await delete(client, collection, row.id, user), 403)
    error_of(await patch(client, collection, row.id, body), 401)
    error_of(await delete(client, collection, row.id), 401)
    assert (await client.get(f"/v1/{collection}/{row.id}")).json()["data"]["attributes"]["name"] == row.name
    coorganizer = await make_member(db, event, "coorganizer")
    assert (await patch(client, collection, row.id, body, coorganizer)).status_code == 200
    assert (await delete(client, collection, row.id, coorganizer)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/{collection}")).json()["data"] == []


@pytest.mark.parametrize(("collection", "key", "make"), [
    ("tracks", "track", lambda event, name, i: f.track(event, name, position=i)),
    ("microlocations", "microlocation", lambda event, name, i: f.room(event, name, position=i)),
    ("session-types", "session-type", lambda event, name, i: f.session_type(event, name, position=i)),
])
async def test_reorder_in_one_request(client, db, collection, key, make):
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    rows = await f.add(db, *(make(event, name, i) for i, name in enumerate("ABC")))
    gone = await f.add(db, make(event, "Gone", 9))
    gone.deleted_at = datetime(2026, 1, 1, tzinfo=timezone.utc)
    await db.commit()
    body = [{key: str(rows[0].id), "position": 2}, {key: rows[2].id, "position": 0}]
    response = await client.post(f"/v1/events/{event.id}/reorder-{collection}", json=body,
                                  headers=auth_header(organiser))
    assert response.status_code == 200, response.text
    assert response.json() == {"success": True, "updates": {"2": 1, "0": 1}}
    listed = await client.get(f"/v1/events/{event.id}/{collection}")
    assert [r["attributes"]["name"] for r in listed.json()["data"]] == ["C", "B", "A"]
    bad = [{key: rows[1].id, "position": 5}, {key: gone.id, "position": 1}]
    response = await client.post(f"/v1/events/{event.id}/reorder-{collection}", json=bad,
                                 headers=auth_header(organiser))
    assert error_of(response, 422)["source"] == {"pointer": f"/1/{key}"}
    response = await client.post(f"/v1/events/{event.id}/reorder-{collection}", json=body,
                                 headers=auth_header(await make_member(db, event, "track_organizer")))
    error_of(response, 403)
    assert (await client.post(f"/v1/events/{event.id}/reorder-{collection}", json=body)).status_code == 401
    await db.refresh(rows[1])
    assert rows[1].position == 1
