"""Scanning online and replaying offline batches: results per scan, idempotency, derived state."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from openevent.checkin.models import CheckIn
from openevent.orders.models import Attendee

from ..factories import auth_header, make_user
from . import factories as f


@pytest.fixture
async def world(db):
    owner = await make_user(db)
    event = await f.event_now(db, owner=owner)
    return owner, event


async def batch(client, event, headers, scans):
    response = await client.post(f"/v1/events/{event.id}/check-ins/batch", json={"scans": scans}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def rows(db, **where) -> list[CheckIn]:
    stmt = select(CheckIn).order_by(CheckIn.id)
    for key, value in where.items():
        stmt = stmt.where(getattr(CheckIn, key) == value)
    return list((await db.execute(stmt.execution_options(populate_existing=True))).scalars())


async def state(db, attendee_id: int) -> dict:
    a = await db.get(Attendee, attendee_id, populate_existing=True)
    return {"is_checked_in": a.is_checked_in, "is_checked_out": a.is_checked_out, "checkin_times": a.checkin_times,
            "checkout_times": a.checkout_times, "device_name_checkin": a.device_name_checkin}


async def test_online_scan_by_secret_checks_in_and_records_a_row(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    at = f.now() - timedelta(minutes=3)
    response = await client.post(f"/v1/events/{event.identifier}/check-ins", headers=auth_header(owner),
                                 json={"secret": a.secret, "nonce": "n-1", "scanned-at": f.iso(at),
                                       "device-name": "Door 1"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["reason"], body["attendee-id"], body["attendee-name"], body["replayed"]) == (
        "ok", "ok", str(a.id), "First0 Last0", False)
    [row] = await rows(db)
    assert (row.attendee_id, row.direction, row.scanned_at, row.device_name, row.user_id, row.nonce, row.source,
            row.successful) == (a.id, "entry", at, "Door 1", owner.id, "n-1", "scan", True)
    assert row.received_at >= at
    assert await state(db, a.id) == {"is_checked_in": True, "is_checked_out": False, "checkin_times": at.isoformat(),
                                     "checkout_times": None, "device_name_checkin": "Door 1"}


async def test_online_scan_without_nonce_gets_a_server_nonce_and_rejects_malformed(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    ok = await client.post(f"/v1/events/{event.id}/check-ins", headers=auth_header(owner), json={"attendee-id": a.id})
    assert ok.json()["reason"] == "ok"
    assert (await rows(db))[0].nonce.startswith("srv-")
    bad = await client.post(f"/v1/events/{event.id}/check-ins", headers=auth_header(owner),
                            json={"attendee-id": a.id, "direction": "sideways"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["source"] == {"pointer": "/direction"}


async def test_replay_with_same_nonce_returns_the_original_result_and_creates_nothing(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    scan = {"secret": a.secret, "nonce": "abc", "scanned-at": f.iso(f.now() - timedelta(minutes=5))}
    first = await batch(client, event, auth_header(owner), [scan])
    again = await batch(client, event, auth_header(owner), [scan, {**scan, "direction": "exit"}])
    assert first["results"][0]["reason"] == "ok" and first["results"][0]["replayed"] is False
    for result in again["results"]:
        assert (result["reason"], result["replayed"], result["check-in-id"], result["attendee-name"]) == (
            "ok", True, first["results"][0]["check-in-id"], "First0 Last0")
    assert again["meta"] == {"count": 2, "ok": 2, "errors": 0, "replayed": 2}
    assert len(await rows(db)) == 1


async def test_replay_of_a_refused_scan_is_refused_the_same_way(client, db, world):
    owner, event = world
    a = await f.attendee(db, event, status="pending")
    scan = {"secret": a.secret, "nonce": "p1", "scanned-at": f.iso(f.now())}
    first = (await batch(client, event, auth_header(owner), [scan]))["results"][0]
    second = (await batch(client, event, auth_header(owner), [scan]))["results"][0]
    assert (first["reason"], first["replayed"]) == ("unpaid", False)
    assert (second["reason"], second["replayed"], second["check-in-id"]) == ("unpaid", True, first["check-in-id"])
    [row] = await rows(db)
    assert (row.successful, row.reason) == (False, "unpaid")


async def test_same_nonce_twice_in_one_batch_is_one_scan(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    scan = {"attendee-id": str(a.id), "nonce": "dup", "scanned-at": f.iso(f.now())}
    results = (await batch(client, event, auth_header(owner), [scan, scan]))["results"]
    assert [(r["reason"], r["replayed"]) for r in results] == [("ok", False), ("ok", True)]
    assert results[0]["check-in-id"] == results[1]["check-in-id"]
    assert len(await rows(db)) == 1


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
async def test_derived_state_is_the_same_whatever_the_arrival_order(client, db, world, order):
    owner, event = world
    a = await f.attendee(db, event)
    base = f.now() - timedelta(hours=3)
    scans = [
        {"secret": a.secret, "nonce": "e1", "direction": "entry", "scanned-at": f.iso(base), "device-name": "A, hall"},
        {"secret": a.secret, "nonce": "x1", "direction": "exit", "scanned-at": f.iso(base + timedelta(hours=1))},
        {"secret": a.secret, "nonce": "e2", "direction": "entry", "scanned-at": f.iso(base + timedelta(hours=2)),
         "device-name": "B"},
    ]
    for i in order:  # one request per scan, in this arrival order; they already happened at the door: force
        result = (await batch(client, event, auth_header(owner), [{**scans[i], "force": True}]))["results"][0]
        assert result["reason"] == "ok", result
    assert [r.nonce for r in await rows(db)] == [["e1", "x1", "e2"][i] for i in order]
    assert await state(db, a.id) == {
        "is_checked_in": True, "is_checked_out": False,
        "checkin_times": f"{base.isoformat()},{(base + timedelta(hours=2)).isoformat()}",
        "checkout_times": (base + timedelta(hours=1)).isoformat(),
        "device_name_checkin": "A  hall,B"}  # a comma inside a name never splits the joined string


async def test_one_batch_out_of_order_is_judged_in_scan_time_order(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    base = f.now() - timedelta(hours=3)
    scans = [
        {"secret": a.secret, "nonce": "3", "scanned-at": f.iso(base + timedelta(hours=2))},
        {"secret": a.secret, "nonce": "2", "direction": "exit", "scanned-at": f.iso(base + timedelta(hours=1))},
        {"secret": a.secret, "nonce": "1", "scanned-at": f.iso(base)},
        {"secret": a.secret, "nonce": "4", "scanned-at": f.iso(base + timedelta(hours=2, minutes=1))},
    ]
    results = (await batch(client, event, auth_header(owner), scans))["results"]
    assert [r["reason"] for r in results] == ["ok", "ok", "ok", "already_checked_in"]
    assert [r["nonce"] for r in results] == ["3", "2", "1", "4"]
    assert (await state(db, a.id))["is_checked_in"] is True


async def test_already_checked_in_and_force(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    t = f.now() - timedelta(minutes=30)
    first = {"secret": a.secret, "nonce": "a", "scanned-at": f.iso(t)}
    second = {"secret": a.secret, "nonce": "b", "scanned-at": f.iso(t + timedelta(minutes=5))}
    forced = {"secret": a.secret, "nonce": "c", "scanned-at": f.iso(t + timedelta(minutes=6)), "force": True}
    results = (await batch(client, event, auth_header(owner), [first, second, forced]))["results"]
    assert [(r["reason"], r["forced"]) for r in results] == [("ok", False), ("already_checked_in", False),
                                                            ("ok", True)]
    assert (await state(db, a.id))["checkin_times"] == ",".join(
        x.isoformat() for x in (t, t + timedelta(minutes=6)))


async def test_every_reason_in_one_batch_and_the_good_scans_still_count(client, db, world):
    owner, event = world
    other_event = await f.event_now(db, owner=owner)
    good = await f.attendee(db, event)
    unpaid = await f.attendee(db, event, status="pending")
    cancelled = await f.attendee(db, event, status="cancelled")
    foreign = await f.attendee(db, other_event)
    now = f.now()
    scans = [
        {"secret": good.secret, "nonce": "1", "scanned-at": f.iso(now)},
        {"secret": unpaid.secret, "nonce": "2", "scanned-at": f.iso(now)},
        {"secret": cancelled.secret, "nonce": "3", "scanned-at": f.iso(now)},
        {"secret": "no-such-secret", "nonce": "4", "scanned-at": f.iso(now)},
        {"secret": foreign.secret, "nonce": "5", "scanned-at": f.iso(now)},
        {"attendee-id": foreign.id, "nonce": "6", "scanned-at": f.iso(now)},
        {"secret": good.secret, "nonce": "7", "direction": "exit",
         "scanned-at": f.iso(event.starts_at - timedelta(days=3))},
        {"secret": good.secret, "nonce": "8", "scanned-at": f.iso(now + timedelta(days=400))},
        "not an object",
        {"secret": good.secret, "scanned-at": f.iso(now)},
        {"secret": good.secret, "attendee-id": good.id, "nonce": "11"},
        {"secret": good.secret, "nonce": "12", "direction": "in"},
        {"secret": good.secret, "nonce": "13", "scanned-at": "yesterday"},
        {"secret": good.secret, "nonce": "14", "scanned-at": "2026-01-01T10:00:00"},
        {"secret": good.secret, "nonce": "15", "force": "yes"},
        {"secret": good.secret, "nonce": "16", "colour": "red"},
        {"attendee-id": "12abc", "nonce": "17"},
        {"secret": cancelled.secret, "nonce": "18", "force": True},
        {"secret": foreign.secret, "nonce": "19", "force": True},
        {"secret": unpaid.secret, "nonce": "20", "force": True},
    ]
    body = await batch(client, event, auth_header(owner), scans)
    got = [(r["reason"], (r.get("source") or {}).get("pointer")) for r in body["results"]]
    assert got == [
        ("ok", None), ("unpaid", None), ("cancelled", None), ("unknown_ticket", None), ("wrong_event", None),
        ("wrong_event", None), ("not_valid_now", None), ("invalid", "/scans/7/scanned-at"), ("invalid", "/scans/8"),
        ("invalid", "/scans/9/nonce"), ("invalid", "/scans/10/secret"), ("invalid", "/scans/11/direction"),
        ("invalid", "/scans/12/scanned-at"), ("invalid", "/scans/13/scanned-at"), ("invalid", "/scans/14/force"),
        ("invalid", "/scans/15/colour"), ("invalid", "/scans/16/attendee-id"), ("cancelled", None),
        ("wrong_event", None), ("ok", None),
    ]
    assert body["results"][19]["forced"] is True
    assert body["meta"] == {"count": 20, "ok": 2, "errors": 18, "replayed": 0}
    recorded = await rows(db)
    assert sorted(r.nonce for r in recorded) == sorted(["1", "2", "3", "4", "5", "6", "7", "18", "19", "20"])
    by_nonce = {r.nonce: r for r in recorded}
    # another event's ticket is never linked, and its attendee's state never moves
    assert by_nonce["5"].attendee_id is None and by_nonce["5"].raw_secret == foreign.secret
    assert body["results"][4]["attendee-name"] is None  # another event's attendee is never named
    assert body["results"][1]["attendee-name"] == "First0 Last0"
    assert (await state(db, foreign.id))["is_checked_in"] is False
    assert (await state(db, good.id))["is_checked_in"] is True
    assert (await state(db, unpaid.id))["is_checked_in"] is True


async def test_session_scans_do_not_move_the_door_state(client, db, world):
    from tests.schedule import factories as sf

    owner, event = world
    talk = await sf.add(db, sf.session(event, "Keynote"))
    a = await f.attendee(db, event)
    now = f.now()
    results = (await batch(client, event, auth_header(owner), [
        {"secret": a.secret, "nonce": "s1", "session": talk.id, "scanned-at": f.iso(now - timedelta(minutes=2))},
        {"secret": a.secret, "nonce": "s2", "session": str(talk.id), "scanned-at": f.iso(now - timedelta(minutes=1))},
        {"secret": a.secret, "nonce": "d1", "scanned-at": f.iso(now)},
        {"secret": a.secret, "nonce": "s3", "session": 999999, "scanned-at": f.iso(now)},
    ]))["results"]
    assert [r["reason"] for r in results] == ["ok", "already_checked_in", "ok", "invalid"]
    assert results[3]["source"] == {"pointer": "/scans/3/session"}
    assert (await state(db, a.id))["checkin_times"] == now.isoformat()


async def test_malformed_batches_are_refused_whole(client, db, world):
    owner, event = world
    url = f"/v1/events/{event.id}/check-ins/batch"
    headers = auth_header(owner)
    assert (await client.post(url, json=[1, 2], headers=headers)).status_code == 422
    assert (await client.post(url, json={"scans": {}}, headers=headers)).status_code == 422
    assert (await client.post(url, content=b"{", headers={**headers, "Content-Type": "application/json"})
            ).status_code == 400
    too_many = [{"secret": "x", "nonce": str(i)} for i in range(1001)]
    response = await client.post(url, json={"scans": too_many}, headers=headers)
    assert response.status_code == 413
    assert response.json()["errors"][0]["source"] == {"pointer": "/scans"}
    assert (await client.post("/v1/events/999999/check-ins/batch", json={"scans": []}, headers=headers)
            ).status_code == 404
    assert await rows(db) == []


async def test_concurrent_replays_of_one_nonce_record_one_row(app, client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    scan = {"secret": a.secret, "nonce": "race", "scanned-at": f.iso(f.now())}
    responses = await asyncio.gather(*[
        client.post(f"/v1/events/{event.id}/check-ins/batch", json={"scans": [scan]}, headers=auth_header(owner))
        for _ in range(6)])
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    results = [r.json()["results"][0] for r in responses]
    assert {r["check-in-id"] for r in results} == {results[0]["check-in-id"]}
    assert all(r["reason"] == "ok" for r in results)
    assert sum(not r["replayed"] for r in results) == 1
    assert len(await rows(db)) == 1
    assert await db.scalar(select(func.count()).select_from(CheckIn)) == 1


async def test_of_two_conflicting_entries_the_later_arrival_is_refused_whatever_the_clocks(client, db, world):
    owner, event = world
    a = await f.attendee(db, event)
    now = f.now()
    later = {"secret": a.secret, "nonce": "dev-1", "scanned-at": f.iso(now - timedelta(minutes=1))}
    earlier = {"secret": a.secret, "nonce": "dev-2", "scanned-at": f.iso(now - timedelta(minutes=10))}
    assert (await batch(client, event, auth_header(owner), [later]))["results"][0]["reason"] == "ok"
    second = (await batch(client, event, auth_header(owner), [earlier]))["results"][0]
    assert second["reason"] == "already_checked_in"
    exit_between = {"secret": a.secret, "nonce": "dev-3", "direction": "exit",
                    "scanned-at": f.iso(now - timedelta(minutes=5))}
    assert (await batch(client, event, auth_header(owner), [exit_between]))["results"][0]["reason"] == "ok"
    retry = {**earlier, "nonce": "dev-2b"}  # with the exit known, the early entry fits in
    assert (await batch(client, event, auth_header(owner), [retry]))["results"][0]["reason"] == "ok"
    assert (await state(db, a.id))["checkin_times"] == ",".join(
        t.isoformat() for t in (now - timedelta(minutes=10), now - timedelta(minutes=1)))


async def _six_devices_at_once(client, event, owner, secret, tag) -> list[str]:
    responses = await asyncio.gather(*[
        client.post(f"/v1/events/{event.id}/check-ins", json={"secret": secret, "nonce": f"{tag}-{i}"},
                    headers=auth_header(owner)) for i in range(6)])
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    return sorted(r.json()["reason"] for r in responses)


async def test_concurrent_entries_of_one_ticket_from_many_devices_admit_it_once(client, db, world):
    owner, event = world
    for attempt in range(3):
        a = await f.attendee(db, event)
        reasons = await _six_devices_at_once(client, event, owner, a.secret, attempt)
        assert reasons == ["already_checked_in"] * 5 + ["ok"]
    assert [r.successful for r in await rows(db)].count(True) == 3


async def test_canary_without_the_attendee_locks_the_race_admits_a_ticket_twice(client, db, world, monkeypatch):
    from openevent.checkin import service

    monkeypatch.setattr(service, "LOCKING", False)
    owner, event = world
    seen = []
    for attempt in range(8):
        a = await f.attendee(db, event)
        seen.append((await _six_devices_at_once(client, event, owner, a.secret, attempt)).count("ok"))
        if seen[-1] > 1:
            break
    assert max(seen) > 1, f"the race never showed without locks: {seen}"
