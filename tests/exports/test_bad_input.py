"""Awkward events through every export task: valid files, never a failed task."""

from __future__ import annotations

import csv
import io
import zipfile

import orjson
import pytest
from icalendar import Calendar

from tests.factories import auth_header, make_event, make_user

from .factories import local, make_room, make_session, make_speaker
from .test_api import _download, _trigger

NASTY = "=cmd|'/C calc'!A0 <b>&amp;</b> \"q\" 'a' ; , \\ \x07bell\x1b 🎉 \u202e ZWJ👩‍💻 ]]> --"


@pytest.fixture
async def runner(app):
    runner = app.state.task_runner
    yield runner
    await runner.wait_idle(timeout=10)


async def _every_export(client, event, headers, validate_xcal, validate_pentabarf, validate_schedule_json):
    results = {}
    for name, method in (("ical", "GET"), ("xcal", "GET"), ("pentabarf", "GET"), ("schedule-json", "POST"),
                         ("json", "POST"), ("sessions/csv", "POST"), ("speakers/csv", "POST"),
                         ("orders/csv", "GET"), ("attendees/csv", "GET")):
        task_id = await _trigger(client, f"/v1/events/{event.id}/export/{name}", headers, method)
        results[name] = await _download(client, task_id, headers)  # asserts SUCCESS
    Calendar.from_ical(results["ical"])
    validate_xcal(results["xcal"])
    validate_pentabarf(results["pentabarf"])
    validate_schedule_json(results["schedule-json"])
    archive = zipfile.ZipFile(io.BytesIO(results["json"]))
    for member in archive.namelist():
        orjson.loads(archive.read(member))
    for kind in ("sessions/csv", "speakers/csv", "orders/csv", "attendees/csv"):
        rows = list(csv.reader(io.StringIO(results[kind].decode("utf-8"), newline="")))
        assert len({len(row) for row in rows}) == 1, kind
    return results


async def test_event_without_sessions_rooms_or_coordinates(client, db, runner, validate_xcal, validate_pentabarf,
                                                           validate_schedule_json):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, name=NASTY, latitude=None, longitude=None, location_name=None,
                             description=None, timezone="UTC")
    results = await _every_export(client, event, auth_header(owner), validate_xcal, validate_pentabarf,
                                  validate_schedule_json)
    assert not Calendar.from_ical(results["ical"]).walk("VEVENT")


async def test_sessions_without_track_room_or_type_and_odd_text(client, db, runner, validate_xcal,
                                                                 validate_pentabarf, validate_schedule_json):
    zone = "America/St_Johns"  # a half-hour offset
    owner = await make_user(db)
    event = await make_event(db, owner=owner, name=NASTY, timezone=zone, starts_at=local(zone, 2027, 3, 13, 9, 0),
                             ends_at=local(zone, 2027, 3, 15, 18, 0))
    room = await make_room(db, event, NASTY)
    speaker = await make_speaker(db, event, NASTY, email="odd@example.com", organisation="@org", mobile="+1 555")
    titles = {}
    titles["bare"] = (await make_session(db, event, NASTY, starts_at=local(zone, 2027, 3, 13, 23, 30), minutes=90,
                                         short_abstract=NASTY, long_abstract="\r\n".join([NASTY] * 3))).id
    titles["roomed"] = (await make_session(db, event, "-" + NASTY, microlocation_id=room.id, speakers=[speaker],
                                           starts_at=local(zone, 2027, 3, 14, 1, 30), minutes=60)).id
    titles["zero"] = (await make_session(db, event, "+zero length", starts_at=local(zone, 2027, 3, 15, 10, 0),
                                         minutes=0)).id
    await db.commit()
    results = await _every_export(client, event, auth_header(owner), validate_xcal, validate_pentabarf,
                                  validate_schedule_json)
    vevents = Calendar.from_ical(results["ical"]).walk("VEVENT")
    assert len(vevents) == 3
    # XML formats drop characters XML cannot hold but keep the rest of the text
    assert "\x07".encode() not in results["pentabarf"] and "🎉".encode() in results["pentabarf"]
    sessions = list(csv.reader(io.StringIO(results["sessions/csv"].decode("utf-8"), newline="")))
    assert {row[0] for row in sessions[1:]} == {"'" + NASTY, "'-" + NASTY, "'+zero length"}
