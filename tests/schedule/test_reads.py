"""The programme as clients read it: shapes, sorts, includes, filters, errors."""

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest

from openevent.schedule.service import font_color

from ..factories import auth_header, make_event, make_member
from . import factories as f


def filter_param(*nodes) -> str:
    return "filter=" + quote(json.dumps(list(nodes)))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["data"]]


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["status"] == str(status)
    return errors[0]


@pytest.mark.parametrize(("color", "expected"), [
    ("#ffffff", "#000000"), ("#000000", "#ffffff"), ("#FFEE00", "#000000"), ("#1a2b3c", "#ffffff"),
    ("#fff", "#000000"), ("#00f", "#ffffff"), ("#808080", "#000000"), ("#7f7f7f", "#ffffff"),
    ("red", None), ("#12345", None), ("#gggggg", None), ("##fff", None), ("#+1+1+1", None), ("ffffff", None),
    ("", None), (None, None),
])
def test_font_color_contrasts_with_the_track_color(color, expected):
    assert font_color(color) == expected


async def test_track_document_has_the_open_event_members(client, db):
    event = await make_event(db)
    track = await f.add(db, f.track(event, "Web", "#00ff00", description="All things web", position=3))
    response = await client.get(f"/v1/tracks/{track.id}")
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["type"] == "track"
    assert data["attributes"] == {"deleted-at": None, "name": "Web", "description": "All things web",
                                  "color": "#00ff00", "font-color": "#000000", "position": 3}
    assert data["relationships"]["sessions"]["links"] == {
        "self": f"/v1/tracks/{track.id}/relationships/sessions", "related": f"/v1/tracks/{track.id}/sessions"}
    assert set(data["relationships"]) == {"event", "sessions"}


async def test_session_document_members(client, db):
    event = await make_event(db)
    session = await f.add(db, f.session(event, "Keynote", slides=[{"name": "deck", "link": "https://x.test/d"}]))
    data = (await client.get(f"/v1/sessions/{session.id}")).json()["data"]
    # the programme's own; other domains attach more (feedbacks, favourite, exhibitors)
    assert {"microlocation", "track", "session-type", "event", "speakers"} <= set(data["relationships"])
    attributes = data["attributes"]
    assert attributes["starts-at"] == "2027-03-01T09:00:00+00:00"
    assert attributes["slides"] == [{"name": "deck", "link": "https://x.test/d"}]
    assert {"title", "short-abstract", "last-modified-at", "state", "is-locked", "complex-field-values"} <= set(attributes)


async def test_ticket_document_members(client, db):
    event = await make_event(db)
    ticket = await f.add(db, f.ticket(event, "Early bird", min_price=None, max_price=None, form_id="f1"))
    data = (await client.get(f"/v1/tickets/{ticket.id}")).json()["data"]
    assert data["attributes"]["price"] == 10.0
    assert data["attributes"]["form-id"] == "f1"
    assert data["attributes"]["sales-ends-at"] == "2027-03-01T09:00:00+00:00"
    # ticketing owns the ticket's other relationships (codes); the programme relies on `event`
    assert data["relationships"]["event"]["links"]["related"] == f"/v1/tickets/{ticket.id}/event"


async def test_children_lists_are_sorted_by_position_then_id(client, db):
    event = await make_event(db)
    tracks = await f.add(db, f.track(event, "C", position=2), f.track(event, "A", position=1),
                         f.track(event, "B", position=1), f.track(event, "D", position=0))
    rooms = await f.add(db, f.room(event, "R2", position=2), f.room(event, "R1", position=1))
    types = await f.add(db, f.session_type(event, "T2", position=5), f.session_type(event, "T1", position=0))
    tickets = await f.add(db, f.ticket(event, "Paid", position=2), f.ticket(event, "Free", position=1))
    speakers = await f.add(db, f.speaker(event, "S2", order=2), f.speaker(event, "S1", order=1))
    talk = f.session(event)
    talk.speakers = list(speakers)
    await f.add(db, talk)
    base = f"/v1/events/{event.id}"
    assert ids(await client.get(f"{base}/tracks")) == [str(t.id) for t in (tracks[3], tracks[1], tracks[2], tracks[0])]
    assert ids(await client.get(f"{base}/microlocations")) == [str(rooms[1].id), str(rooms[0].id)]
    assert ids(await client.get(f"{base}/session-types")) == [str(types[1].id), str(types[0].id)]
    assert ids(await client.get(f"{base}/tickets")) == [str(tickets[1].id), str(tickets[0].id)]
    assert ids(await client.get(f"{base}/speakers")) == [str(speakers[1].id), str(speakers[0].id)]


async def test_sessions_are_sorted_by_start_and_sortable_by_last_modified(client, db):
    event = await make_event(db)
    now = datetime(2026, 6, 1, tzinfo=timezone.utc)
    late = f.session(event, "late", minutes=120, last_modified_at=now)
    early = f.session(event, "early", minutes=0, last_modified_at=now + timedelta(hours=1))
    await f.add(db, late, early)
    assert ids(await client.get("/v1/sessions")) == [str(early.id), str(late.id)]
    assert ids(await client.get("/v1/sessions?sort=-starts-at")) == [str(late.id), str(early.id)]
    assert ids(await client.get("/v1/sessions?sort=last-modified-at")) == [str(late.id), str(early.id)]
    changed_since = filter_param({"name": "last-modified-at", "op": "gt", "val": "2026-06-01T00:30:00Z"})
    assert ids(await client.get(f"/v1/sessions?{changed_since}")) == [str(early.id)]


@pytest.fixture
async def schedule(db):
    """A published event with two tracks, two rooms and a speaker of two sessions."""
    event = await make_event(db)
    web, data_track = await f.add(db, f.track(event, "Web", "#ffffff"), f.track(event, "Data", "#000000"))
    hall, lab = await f.add(db, f.room(event, "Hall"), f.room(event, "Lab"))
    ada, bob = await f.add(db, f.speaker(event, "Ada", email="ada@example.com"), f.speaker(event, "Bob"))
    one = f.session(event, "One", minutes=0, track_id=web.id, microlocation_id=hall.id)
    two = f.session(event, "Two", "confirmed", minutes=24 * 60, track_id=data_track.id, microlocation_id=lab.id)
    pending = f.session(event, "Pending", "pending", minutes=60, track_id=web.id)
    one.speakers = [ada, bob]
    two.speakers = [ada]
    await f.add(db, one, two, pending)
    return {"event": event, "web": web, "data": data_track, "ada": ada, "bob": bob,
            "one": one, "two": two, "pending": pending}


async def test_schedule_read_with_includes_and_page_size_zero(client, schedule):
    event = schedule["event"]
    response = await client.get(f"/v1/events/{event.id}/sessions?include=speakers,track,microlocation&page[size]=0")
    body = response.json()
    assert ids(response) == [str(schedule["one"].id), str(schedule["two"].id)]
    assert body["meta"] == {"count": 2}
    included = [(item["type"], item["id"]) for item in body["included"]]
    assert len(included) == len(set(included)), "a speaker of two sessions is included once"
    assert sorted(included) == sorted([
        ("speaker", str(schedule["ada"].id)), ("speaker", str(schedule["bob"].id)),
        ("track", str(schedule["web"].id)), ("track", str(schedule["data"].id)),
        ("microlocation", str(body["data"][0]["relationships"]["microlocation"]["data"]["id"])),
        ("microlocation", str(body["data"][1]["relationships"]["microlocation"]["data"]["id"])),
    ])
    first = body["data"][0]["relationships"]
    assert first["speakers"]["data"] == [{"type": "speaker", "id": str(schedule["ada"].id)},
                                         {"type": "speaker", "id": str(schedule["bob"].id)}]
    assert first["track"]["data"] == {"type": "track", "id": str(schedule["web"].id)}
    speaker = next(item for item in body["included"] if item["type"] == "speaker")
    assert "email" not in speaker["attributes"] and "mobile" not in speaker["attributes"]


async def test_sessions_by_event_identifier_and_start_filter(client, schedule):
    event = schedule["event"]
    after_day_one = filter_param({"name": "starts-at", "op": "ge", "val": "2027-03-02T00:00:00Z"})
    response = await client.get(
        f"/v1/events/{event.identifier}/sessions?include=track,microlocation,speakers&{after_day_one}")
    assert ids(response) == [str(schedule["two"].id)]


async def test_state_in_filter(client, db, schedule):
    event = schedule["event"]
    owner = await make_member(db, event, "organizer")
    accepted_or_confirmed = filter_param({"name": "state", "op": "in_", "val": ["accepted", "confirmed"]})
    response = await client.get(f"/v1/events/{event.id}/sessions?{accepted_or_confirmed}", headers=auth_header(owner))
    assert ids(response) == [str(schedule["one"].id), str(schedule["two"].id)]
    everything = await client.get(f"/v1/events/{event.id}/sessions", headers=auth_header(owner))
    assert ids(everything) == [str(schedule["one"].id), str(schedule["pending"].id), str(schedule["two"].id)]
    wrong = await client.get("/v1/sessions?" + filter_param({"name": "state", "op": "in_", "val": ["approved"]}))
    assert error_of(wrong, 400)["source"] == {"parameter": "filter"}


async def test_track_has_name_filter(client, schedule):
    event = schedule["event"]
    web_only = filter_param({"name": "track", "op": "has", "val": {"name": "name", "op": "eq", "val": "Web"}})
    response = await client.get(f"/v1/events/{event.id}/sessions?{web_only}")
    assert ids(response) == [str(schedule["one"].id)]


async def test_track_filter_cannot_reveal_deleted_or_invisible_tracks(client, db, schedule):
    event = schedule["event"]
    draft = await make_event(db, state="draft")
    secret_track = await f.add(db, f.track(draft, "Secret", "#123456"))
    deleted_track = await f.add(db, f.track(event, "Removed", "#654321",
                                            deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    await f.add(db, f.session(event, "odd", track_id=secret_track.id),
                f.session(event, "orphaned", track_id=deleted_track.id))
    for name in ("Secret", "Removed"):
        by_name = filter_param({"name": "track", "op": "has", "val": {"name": "name", "op": "eq", "val": name}})
        assert ids(await client.get(f"/v1/sessions?{by_name}")) == []
        negated = filter_param({"not": {"name": "track", "op": "has",
                                        "val": {"name": "name", "op": "eq", "val": name}}})
        assert len(ids(await client.get(f"/v1/sessions?{negated}&page[size]=0"))) == 4
    included = await client.get(f"/v1/sessions?include=track&page[size]=0&{filter_param({'name': 'title', 'op': 'in_', 'val': ['odd', 'orphaned']})}")
    body = included.json()
    assert [item["relationships"]["track"]["data"] for item in body["data"]] == [None, None]
    assert "included" not in body


async def test_speakers_of_an_event_with_their_sessions(client, schedule):
    event = schedule["event"]
    response = await client.get(f"/v1/events/{event.id}/speakers?include=sessions")
    assert ids(response) == [str(schedule["ada"].id), str(schedule["bob"].id)]
    body = response.json()
    assert body["data"][0]["relationships"]["sessions"]["data"] == [
        {"type": "session", "id": str(schedule["one"].id)}, {"type": "session", "id": str(schedule["two"].id)}]
    assert sorted(item["id"] for item in body["included"]) == sorted([str(schedule["one"].id), str(schedule["two"].id)])


async def test_nested_include_from_event_detail(client, schedule):
    event = schedule["event"]
    response = await client.get(f"/v1/events/{event.identifier}?include=sessions.track,sessions.speakers")
    assert response.status_code == 200, response.text
    body = response.json()
    sessions = body["data"]["relationships"]["sessions"]["data"]
    assert {s["id"] for s in sessions} == {str(schedule["one"].id), str(schedule["two"].id)}
    included = {(item["type"], item["id"]) for item in body["included"]}
    assert included == {
        ("session", str(schedule["one"].id)), ("session", str(schedule["two"].id)),
        ("track", str(schedule["web"].id)), ("track", str(schedule["data"].id)),
        ("speaker", str(schedule["ada"].id)), ("speaker", str(schedule["bob"].id)),
    }
    assert len(body["included"]) == len(included)


@pytest.mark.parametrize(("query", "parameter"), [
    ("include=nonsense", "include"),
    ("include=speakers.nothing", "include"),
    ("sort=font-color", "sort"),
    ("sort=track", "sort"),
    ("filter=not-json", "filter"),
    ("filter=" + quote('[{"name":"starts-at","op":"ge","val":"yesterday"}]'), "filter"),
    ("filter=" + quote('[{"name":"font-color","op":"eq","val":"#000000"}]'), "filter"),
    ("filter=" + quote('[{"name":"track","op":"any","val":{"name":"name","op":"eq","val":"x"}}]'), "filter"),
    ("filter=" + quote('[{"name":"speakers","op":"has","val":{"name":"name","op":"eq","val":"x"}}]'), "filter"),
    ("filter=" + quote('[{"name":"title","op":"explode","val":"x"}]'), "filter"),
    ("filter=" + quote('[{"name":"starts-at","op":"like","val":"2027%"}]'), "filter"),
    ("filter=" + quote('[{"name":"last-modified-at","op":"is_","val":true}]'), "filter"),
    ("filter=" + quote('[{"name":"is-locked","op":"lt","val":true}]'), "filter"),
    # NUL anywhere in the URL is refused at the door, before the filter is parsed
    ("filter=" + quote('[{"name":"title","op":"eq","val":"a\u0000b"}]'), "query"),
    ("filter=" + quote('[{"name":"title","op":"eq","val":99999999999999999999}]'), "filter"),
    ("filter=" + quote('[{"name":"starts-at","op":"lt","field":"title"}]'), "filter"),
    ("filter[starts-at]=tomorrow", "filter[starts-at]"),
    ("page[size]=-1", "page[size]"),
    ("page[offset]=3", "page[offset]"),
    ("fields[session]=title,nope", "fields[session]"),
])
async def test_bad_queries_are_400_with_the_parameter(client, query, parameter):
    response = await client.get(f"/v1/sessions?{query}")
    assert error_of(response, 400)["source"] == {"parameter": parameter}


async def test_values_the_column_cannot_hold_are_400(client, db):
    event = await make_event(db)
    await f.add(db, f.ticket(event))
    for node in ({"name": "price", "op": "eq", "val": 10**20}, {"name": "position", "op": "ge", "val": 2**63},
                 {"name": "price", "op": "like", "val": "1%"}):
        response = await client.get(f"/v1/events/{event.id}/tickets?{filter_param(node)}")
        assert error_of(response, 400)["source"] == {"parameter": "filter"}, node


async def test_unknown_ids_are_404(client):
    for path in ("/v1/sessions/999", "/v1/tracks/abc", "/v1/speakers/1e3", "/v1/tickets/0",
                 "/v1/microlocations/999/sessions", "/v1/session-types/999/relationships/sessions"):
        response = await client.get(path)
        assert error_of(response, 404)["title"] == "Not found", path


def test_app_starts_and_reads_without_importing_every_model_first(tmp_path):
    """Programme criteria are built lazily: importing them must not configure the mappers
    before every domain's models exist (the server imports the app, not openevent.models)."""
    script = f"""
import asyncio, httpx
from openevent.app import create_app
from openevent.core.settings import Settings

async def main():
    app = create_app(Settings.from_env(data_dir={str(tmp_path)!r}, secret_key="s" * 40,
                                       database_url="sqlite+aiosqlite:///{tmp_path}/db.sqlite3"))
    from openevent.core.db import Base
    async with app.state.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/v1/sessions?include=speakers")
        assert response.status_code == 200, response.text
    await app.state.engine.dispose()

asyncio.run(main())
"""
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
