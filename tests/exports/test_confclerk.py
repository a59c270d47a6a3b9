"""Our Pentabarf XML as ConfClerk (Debian package `confclerk`, 0.7.x) reads it.

ConfClerk is a Qt GUI program without a command line: a schedule is only imported through
its dialogs (no arguments, no import option; see `man confclerk`, "OPTIONS: None"). So the
import is checked with `confclerk_read` below, a line-by-line mirror of ConfClerk's reader
(src/sql/schedulexmlparser.cpp ScheduleXmlParser::parseData and SqlEngine::addEventToDB /
addConferenceToDB): conference start/end parsed with QDate::fromString(s, "yyyy-MM-dd"),
event start and duration with QTime::fromString(s, "hh:mm") (an invalid time silently
becomes 0), ids with QString::toInt, rooms as the `room` elements of each `day` that carry
a `name` attribute, the event's date taken from its `day`. Additionally, when the program is
installed (CI installs it, .ci/run), it is started headless (QT_QPA_PLATFORM=offscreen) to
show that this build runs and creates its SQLite database; outside CI the test is skipped
with a message when `confclerk` is absent.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from lxml import etree

from openevent.exports import load_schedule, render_pentabarf

from .sample import BASE_URL, DAYS, EXPECTED

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")  # Qt "hh:mm": two digits each, hours 0-23


def q_date(text: str) -> date | None:
    match = _DATE.match(text or "")
    if not match:
        return None
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        return None


def q_time_seconds(text: str) -> int | None:
    match = _TIME.match(text or "")
    if not match:
        return None
    hours, minutes = map(int, match.groups())
    if hours > 23 or minutes > 59:
        return None
    return hours * 3600 + minutes * 60


def q_int(text: str) -> int | None:
    if not re.fullmatch(r"[+-]?\d+", (text or "").strip()):
        return None
    value = int(text)
    return value if -(2**31) <= value < 2**31 else None


def confclerk_read(document: bytes) -> dict:
    """What ConfClerk stores from a schedule.xml, with the problems it would silently swallow."""
    problems: list[str] = []
    root = etree.fromstring(document)
    schedule = root if root.tag == "schedule" else root.find("schedule")
    assert schedule is not None, "ConfClerk: 'Could not parse schedule' (no <schedule>)"
    conference = schedule.find("conference")
    assert conference is not None, "ConfClerk: 'Could not parse schedule' (no <conference>)"
    conf = {tag: (conference.findtext(tag) or "") for tag in ("title", "start", "end", "days")}
    start, end = q_date(conf["start"]), q_date(conf["end"])
    if start is None or end is None:
        problems.append(f"conference start/end are not yyyy-MM-dd dates: {conf['start']!r}, {conf['end']!r}")
    days = q_int(conf["days"])
    if days is None:
        problems.append(f"days is not an integer: {conf['days']!r}")
    events = {}
    for day in schedule.iter("day"):
        day_date = q_date(day.get("date"))
        if day_date is None:
            problems.append(f"day date {day.get('date')!r} is not yyyy-MM-dd")
        for room in day.iter("room"):
            if room.get("name") is None:
                continue  # the event's own <room> child, skipped by ConfClerk too
            for event in room.iter("event"):
                event_id = q_int(event.get("id"))
                if event_id is None:
                    problems.append(f"event id {event.get('id')!r} is not an integer")
                    continue
                start_s = q_time_seconds(event.findtext("start") or "")
                duration_s = q_time_seconds(event.findtext("duration") or "")
                if start_s is None or duration_s is None:
                    problems.append(f"event {event_id}: start/duration {event.findtext('start')!r}/"
                                    f"{event.findtext('duration')!r} are not hh:mm")
                if event_id in events:
                    problems.append(f"event {event_id} appears twice")
                persons_element = event.find("persons")
                persons = [] if persons_element is None else [
                    (q_int(p.get("id")), p.text or "") for p in persons_element.iter("person")]
                events[event_id] = {
                    "start": datetime.combine(day_date, datetime.min.time()) + timedelta(seconds=start_s or 0)
                    if day_date else None,
                    "duration": duration_s,
                    "room": room.get("name"),
                    "room_name": event.findtext("room") or "",
                    "title": event.findtext("title") or "",
                    "track": event.findtext("track") or "",
                    "persons": persons,
                }
    return {"title": conf["title"], "start": start, "end": end, "days": days, "events": events,
            "problems": problems}


async def test_confclerk_reads_the_programme(db, programme, validate_pentabarf):
    document = render_pentabarf(await load_schedule(db, programme.event.id), base_url=BASE_URL)
    validate_pentabarf(document)
    read = confclerk_read(document)
    assert read["problems"] == []
    assert read["title"] == programme.event.name
    assert (read["start"], read["end"]) == (date(2027, 3, 26), date(2027, 3, 28))
    assert read["days"] == len(DAYS) == (read["end"] - read["start"]).days + 1
    assert set(read["events"]) == set(programme.public.values())
    for name, (day, start, duration, room, track) in EXPECTED.items():
        event = read["events"][programme.public[name]]
        assert event["start"] == datetime.fromisoformat(f"{day}T{start}"), name
        hours, minutes = map(int, duration.split(":"))
        assert event["duration"] == hours * 3600 + minutes * 60, name
        assert event["room"] == event["room_name"] == room, name
        assert event["track"] == track, name
    assert all(pid is not None for e in read["events"].values() for pid, _ in e["persons"])


async def test_confclerk_reads_an_event_without_sessions(db):
    from tests.factories import make_event

    event = await make_event(db, name="Empty & <quiet> 🎈")
    read = confclerk_read(render_pentabarf(await load_schedule(db, event.id), base_url=BASE_URL))
    assert read["problems"] == [] and read["events"] == {}
    assert read["title"] == "Empty & <quiet> 🎈"
    assert read["days"] == (read["end"] - read["start"]).days + 1


def _confclerk_binary() -> str:
    path = shutil.which("confclerk")
    if path is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI requires confclerk (apt-get install confclerk; .ci/run installs it)", pytrace=False)
        pytest.skip("confclerk is not installed (apt-get install confclerk); the reader mirror still ran")
    return path


TABLES = {"conference", "event", "room", "person", "track", "event_room", "event_person", "link"}


def _start(binary: str, home: Path) -> tuple[subprocess.Popen, Path | None]:
    """Start ConfClerk headless with its data under `home`; wait until its database has the tables."""
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "XDG_RUNTIME_DIR": str(home), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen([binary], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and process.poll() is None:
        found = list(home.rglob("ConfClerk.sqlite"))
        if found:
            with sqlite3.connect(found[0]) as connection:
                tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if TABLES <= tables:
                return process, found[0]
        time.sleep(0.1)
    return process, None


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _store_like_confclerk(database: Path, read: dict, url: str) -> None:
    """SqlEngine::addConferenceToDB/addEventToDB/...: timezone-less epoch seconds; the primary keys
    (conference, event id) and NOT NULL columns are enforced (ConfClerk's schema cannot enforce its foreign
    keys: event_room refers to room(xid_conference, id), which is not a key, so they stay off as in ConfClerk)."""
    epoch = datetime(1970, 1, 1)
    with sqlite3.connect(database) as connection:
        conf_id = connection.execute(
            "INSERT INTO conference (title, start, end, day_change, timeslot_duration, active, url) "
            "VALUES (?, ?, ?, 0, 900, 1, ?)",
            (read["title"], int((datetime.combine(read["start"], datetime.min.time()) - epoch).total_seconds()),
             int((datetime.combine(read["end"], datetime.min.time()) - epoch).total_seconds()), url)).lastrowid
        for event_id, event in read["events"].items():
            track = connection.execute("SELECT id FROM track WHERE xid_conference=? AND name=?",
                                       (conf_id, event["track"])).fetchone()
            track_id = track[0] if track else connection.execute(
                "INSERT INTO track (xid_conference, name) VALUES (?, ?)", (conf_id, event["track"])).lastrowid
            connection.execute(
                "INSERT INTO event (xid_conference, id, start, duration, xid_track, title) VALUES (?, ?, ?, ?, ?, ?)",
                (conf_id, event_id, int((event["start"] - epoch).total_seconds()), event["duration"], track_id,
                 event["title"]))
            room = connection.execute("SELECT id FROM room WHERE xid_conference=? AND name=?",
                                      (conf_id, event["room"])).fetchone()
            room_id = room[0] if room else connection.execute(
                "INSERT INTO room (xid_conference, name) VALUES (?, ?)", (conf_id, event["room"])).lastrowid
            connection.execute("INSERT INTO event_room (xid_conference, xid_event, xid_room) VALUES (?, ?, ?)",
                               (conf_id, event_id, room_id))
            for person_id, name in event["persons"]:
                connection.execute("INSERT OR IGNORE INTO person (id, xid_conference, name) VALUES (?, ?, ?)",
                                   (person_id, conf_id, name))
                connection.execute("INSERT INTO event_person (xid_conference, xid_event, xid_person) VALUES (?, ?, ?)",
                                   (conf_id, event_id, person_id))


async def test_confclerk_runs_with_our_programme(db, programme, tmp_path: Path):
    """The real program starts headless, creates its database, and shows a conference stored from our XML."""
    binary = _confclerk_binary()
    document = render_pentabarf(await load_schedule(db, programme.event.id), base_url=BASE_URL)
    read = confclerk_read(document)
    assert read["problems"] == []
    process, database = _start(binary, tmp_path)
    try:
        assert process.poll() is None, f"confclerk exited: {process.stderr.read().decode(errors='replace')[-500:]}"
        assert database is not None, "confclerk created no ConfClerk.sqlite with its tables"
    finally:
        _stop(process)
    _store_like_confclerk(database, read, f"{BASE_URL}/e/{programme.event.identifier}/schedule.xml")
    process, _ = _start(binary, tmp_path)  # loads the active conference into its day/track/room views
    try:
        time.sleep(2)
        assert process.poll() is None, f"confclerk exited: {process.stderr.read().decode(errors='replace')[-500:]}"
    finally:
        _stop(process)
    with sqlite3.connect(database) as connection:
        stored = connection.execute("SELECT count(*) FROM event").fetchone()[0]
    assert stored == len(programme.public)
