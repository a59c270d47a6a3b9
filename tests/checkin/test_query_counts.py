"""Bounded queries: every check-in list costs the same number of statements for 5 rows as for 50,
with every include; a batch of 50 scans costs what a batch of 5 costs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openevent.checkin.models import CheckIn, CheckInDevice, Station

from ..factories import auth_header, make_user
from ..schedule import factories as sf
from . import factories as f

ROWS = 50
STATION_INCLUDES = "event,microlocation"
CHECK_IN_INCLUDES = "ticket-holder,station,session,ticket,event,device"


@pytest.fixture
async def big(db):
    owner = await make_user(db)
    event = await f.event_now(db, owner=owner)
    room = await sf.add(db, sf.room(event, "Hall"))
    talk = await sf.add(db, sf.session(event, "Talk"))
    people = await f.attendees(db, event, ROWS)
    devices = [CheckInDevice(event_id=event.id, name=f"Scanner {i}", token_hash=f"{i:064d}", token_prefix="oecd_")
               for i in range(ROWS)]
    stations = [Station(event_id=event.id, station_name=f"Door {i}", station_type="check in",
                        microlocation_id=room.id) for i in range(ROWS)]
    db.add_all(devices + stations)
    await db.flush()
    now = f.now()
    db.add_all([CheckIn(event_id=event.id, attendee_id=a.id, station_id=stations[i].id, session_id=talk.id,
                        device_id=devices[i].id, user_id=owner.id, direction="entry", scanned_at=now,
                        received_at=now, nonce=f"n{i}", successful=True, reason="ok")
                for i, a in enumerate(people)])
    await db.commit()
    return owner, event, room, people


async def count_for(client, count_queries, url, headers):
    with count_queries() as counter:
        response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return counter.count, response.json()


@pytest.mark.parametrize("path, include", [
    ("/v1/stations", STATION_INCLUDES),
    ("/v1/events/{event}/stations", STATION_INCLUDES),
    ("/v1/microlocations/{room}/stations", STATION_INCLUDES),
    ("/v1/user-check-in", CHECK_IN_INCLUDES),
    ("/v1/events/{event}/user-check-in", CHECK_IN_INCLUDES),
    ("/v1/events/{event}/check-in-devices", "event"),
])
async def test_lists_are_bounded(client, count_queries, big, path, include):
    owner, event, room, _ = big
    url = path.format(event=event.id, room=room.id) + "?page[size]={}&include=" + include
    small, small_doc = await count_for(client, count_queries, url.format(5), auth_header(owner))
    large, large_doc = await count_for(client, count_queries, url.format(ROWS), auth_header(owner))
    assert (len(small_doc["data"]), len(large_doc["data"])) == (5, ROWS)
    assert small_doc["included"] and len(large_doc["included"]) >= len(small_doc["included"])
    assert small == large


async def test_batch_cost_does_not_grow_with_its_size(client, db, count_queries, big):
    owner, event, _, people = big
    now = f.now()

    async def run(prefix, n):
        scans = [{"secret": a.secret, "nonce": f"{prefix}{i}", "direction": "exit",
                  "scanned-at": f.iso(now + timedelta(seconds=i))} for i, a in enumerate(people[:n])]
        with count_queries() as counter:
            response = await client.post(f"/v1/events/{event.id}/check-ins/batch", json={"scans": scans},
                                         headers=auth_header(owner))
        assert response.status_code == 200
        assert response.json()["meta"]["ok"] == n
        return counter.count

    assert await run("a", 5) == await run("b", ROWS)


async def test_stats_cost_does_not_grow_with_the_sessions_asked(client, count_queries, big, db):
    owner, event, _, _ = big
    talks = [sf.session(event, f"T{i}") for i in range(20)]
    await sf.add(db, *talks)
    ids = [str(t.id) for t in talks]

    async def run(n):
        with count_queries() as counter:
            response = await client.get(f"/v1/user-check-in/stats/event/{event.id}?session_ids={','.join(ids[:n])}",
                                        headers=auth_header(owner))
        assert response.status_code == 200
        return counter.count

    assert await run(2) == await run(20)
