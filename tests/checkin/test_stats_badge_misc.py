"""Check-in statistics, the badge PDF task, and GET /v1/users/user-details/get-user-id."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from openevent.checkin.tasks import render_badge
from openevent.orders.models import Attendee

from ..factories import auth_header, make_member, make_user
from ..schedule import factories as sf
from ..tasks.conftest import poll
from . import factories as f


@pytest.fixture
async def world(db):
    owner = await make_user(db)
    event = await f.event_now(db, owner=owner)
    return owner, event


async def test_stats_count_distinct_attendees_of_the_day(client, db, world):
    owner, event = world
    web = await sf.add(db, sf.track(event, "Web"))
    talk = await sf.add(db, sf.session(event, "Talk", track_id=web.id))
    other_talk = await sf.add(db, sf.session(event, "Other"))
    people = await f.attendees(db, event, 4)
    await f.attendee(db, event, status="cancelled")  # not counted
    desk = await f.station(db, event, "registration")
    for a in people[:2]:
        response = await client.post("/v1/user-check-in", headers=auth_header(owner), json={"data": {
            "type": "user-check-in", "relationships": {
                "station": {"data": {"type": "station", "id": str(desk.id)}},
                "ticket-holder": {"data": {"type": "attendee", "id": str(a.id)}}}}})
        assert response.status_code == 201, response.text
    now = f.now()
    scans = [
        {"secret": people[2].secret, "nonce": "door", "scanned-at": f.iso(now - timedelta(minutes=9))},
        {"secret": people[0].secret, "nonce": "t1", "session": talk.id,
         "scanned-at": f.iso(now - timedelta(minutes=8))},
        {"secret": people[1].secret, "nonce": "t2", "session": talk.id,
         "scanned-at": f.iso(now - timedelta(minutes=7))},
        {"secret": people[1].secret, "nonce": "t3", "session": talk.id, "direction": "exit",
         "scanned-at": f.iso(now - timedelta(minutes=6))},
        {"secret": people[1].secret, "nonce": "o1", "session": other_talk.id,
         "scanned-at": f.iso(now - timedelta(minutes=5))},
    ]
    body = (await client.post(f"/v1/events/{event.id}/check-ins/batch", json={"scans": scans},
                              headers=auth_header(owner))).json()
    assert [r["reason"] for r in body["results"]] == ["ok"] * 5
    response = await client.get(f"/v1/user-check-in/stats/event/{event.id}?session_ids={talk.id},{other_talk.id}"
                                f"&track_ids={web.id}", headers=auth_header(owner))
    assert response.status_code == 200, response.text
    assert response.json() == {
        "date": now.date().isoformat(),
        "total_attendee": 4, "total_registered": 2, "total_not_checked_in": 1, "total_checked_in": 1,
        "total_track_checked_in": 2, "total_track_checked_out": 1,
        "total_session_checked_in": 3, "total_session_checked_out": 1,
        "session_stats": [
            {"session_id": str(talk.id), "session_name": "Talk", "track_name": "Web", "speakers": [],
             "check_in": 2, "check_out": 1},
            {"session_id": str(other_talk.id), "session_name": "Other", "track_name": "", "speakers": [],
             "check_in": 1, "check_out": 0}],
        "track_stats": [{"track_id": str(web.id), "track_name": "Web", "check_in": 2, "check_out": 1}],
    }
    other_day = await client.get(f"/v1/user-check-in/stats/event/{event.identifier}?date=2020-01-01",
                                 headers=auth_header(owner))
    assert (other_day.json()["total_registered"], other_day.json()["total_session_checked_in"]) == (0, 0)


@pytest.mark.parametrize("query, parameter", [
    ("session_ids=abc", "session_ids"), ("session_ids=1,,2", "session_ids"), ("track_ids=x", "track_ids"),
    ("date=tomorrow", "date"), ("session_ids=999999", "session_ids"), ("track_ids=999999", "track_ids"),
])
async def test_stats_bad_parameters(client, db, world, query, parameter):
    owner, event = world
    response = await client.get(f"/v1/user-check-in/stats/event/{event.id}?{query}", headers=auth_header(owner))
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}


async def test_stats_of_unknown_or_hidden_event_is_404(client, db, world):
    owner, event = world
    draft = await f.event_now(db, state="draft")
    for ident in ("999999", draft.identifier, "not-an-identifier-at-all"):
        response = await client.get(f"/v1/user-check-in/stats/event/{ident}", headers=auth_header(owner))
        assert response.status_code == 404, ident


def _pdf_text(data: bytes) -> str:
    return data.decode("latin-1")


def test_render_badge_is_a_pdf_with_the_name_and_a_qr_image():
    data = render_badge(name="Ada Lovelace", event_name="PyCon", ticket_name="Standard", secret="s3cr3t")
    text = _pdf_text(data)
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert "(Ada Lovelace)" in text or "Ada Lovelace" in text
    assert "/Subtype /Image" in text  # the QR code
    assert re.search(r"/Count 1\b", text)  # one page
    # names outside Latin-1 are transliterated in the text and kept whole in the title
    data = render_badge(name="Zoë Łukasz", event_name="E", ticket_name=None, secret="x")
    assert b"Zo\xeb Lukasz" in data


async def test_print_badge_end_to_end(app, client, db, world):
    owner, event = world
    registrar = await make_member(db, event, "registrar")
    a = await f.attendee(db, event, names=[("Grace", "Hopper")])
    headers = auth_header(registrar)
    response = await client.get(f"/v1/badge-forms/print-badge-pdf?attendee_id={a.id}&list_field_show=firstname",
                                headers=headers)
    assert response.status_code == 200, response.text
    task_id = response.json()["task_url"].rsplit("/", 1)[1]
    result = await poll(client, task_id, headers)
    await app.state.task_runner.wait_idle(timeout=10)
    assert result["state"] == "SUCCESS", result
    download = await client.get(result["result"]["download_url"])
    assert download.status_code == 200
    assert download.content.startswith(b"%PDF-")
    assert b"Grace Hopper" in download.content
    attendee = await db.get(Attendee, a.id, populate_existing=True)
    assert attendee.is_badge_printed is True and attendee.badge_printed_at is not None


@pytest.mark.parametrize("query, status, parameter", [
    ("", 400, "attendee_id"), ("attendee_id=", 400, "attendee_id"), ("attendee_id=abc", 400, "attendee_id"),
    ("attendee_id=999999", 404, "attendee_id"),
])
async def test_print_badge_bad_input(client, db, world, query, status, parameter):
    owner, event = world
    response = await client.get(f"/v1/badge-forms/print-badge-pdf?{query}", headers=auth_header(owner))
    assert response.status_code == status, response.text
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}


async def test_get_user_id(client, db):
    user = await make_user(db)
    response = await client.get("/v1/users/user-details/get-user-id", headers=auth_header(user))
    assert (response.status_code, response.json()) == (200, {"user_id": user.id})
    anonymous = await client.get("/v1/users/user-details/get-user-id")
    assert anonymous.status_code == 401
    garbage = await client.get("/v1/users/user-details/get-user-id", headers={"Authorization": "JWT nope"})
    assert garbage.status_code == 401
