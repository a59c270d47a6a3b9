"""Pentabarf/frab schedule.xml: validated with the c3voc XSD, local days and times."""

from __future__ import annotations

import uuid

from openevent.exports.pentabarf import render_pentabarf
from openevent.exports.schedule_data import load_schedule

from .sample import BASE_URL, DAY_ROOMS, DAYS, EXPECTED, ROOM, SPEAKER, TITLE, TRACK


async def _tree(db, programme, validate_pentabarf):
    return validate_pentabarf(render_pentabarf(await load_schedule(db, programme.event.id), base_url=BASE_URL))


def _events(tree) -> dict[int, object]:
    return {int(e.get("id")): e for e in tree.iterfind("day/room/event")}


async def test_conference(db, programme, validate_pentabarf):
    tree = await _tree(db, programme, validate_pentabarf)

    conference = tree.find("conference")
    assert conference.findtext("title") == programme.event.name
    assert conference.findtext("acronym") == programme.event.identifier
    assert conference.findtext("start") == "2027-03-26"
    assert conference.findtext("end") == "2027-03-28"
    assert conference.findtext("days") == "3"
    assert conference.findtext("time_zone_name") == "Europe/Berlin"
    assert [t.get("name") for t in conference.findall("track")] == [TRACK, "General"]


async def test_days_are_local_calendar_days(db, programme, validate_pentabarf):
    tree = await _tree(db, programme, validate_pentabarf)

    days = tree.findall("day")
    assert [d.get("date") for d in days] == DAYS
    assert [d.get("index") for d in days] == ["1", "2", "3"]
    assert (days[0].get("start"), days[0].get("end")) == ("2027-03-26T10:00:00+01:00", "2027-03-26T16:30:00+01:00")
    assert (days[2].get("start"), days[2].get("end")) == ("2027-03-28T00:30:00+01:00", "2027-03-28T11:30:00+02:00")
    for day in days:
        assert [r.get("name") for r in day.findall("room")] == DAY_ROOMS[day.get("date")]


async def test_only_this_events_public_sessions(db, programme, validate_pentabarf):
    tree = await _tree(db, programme, validate_pentabarf)

    assert set(_events(tree)) == set(programme.public.values())
    assert "Other room" not in {r.get("name") for r in tree.iter("room")}


async def test_local_start_times_durations_and_rooms(db, programme, validate_pentabarf):
    tree = await _tree(db, programme, validate_pentabarf)
    events = _events(tree)

    for name, (day, start, duration, room, track) in EXPECTED.items():
        event = events[programme.public[name]]
        assert event.getparent().getparent().get("date") == day, name
        assert (event.findtext("start"), event.findtext("duration")) == (start, duration), name
        assert (event.findtext("room"), event.getparent().get("name")) == (room, room), name
        assert event.findtext("track") == track, name
        assert event.findtext("date").startswith(f"{day}T{start}:00"), name
    assert events[programme.public["dst"]].findtext("date") == "2027-03-28T01:30:00+01:00"
    assert events[programme.public["summer"]].findtext("date") == "2027-03-28T10:00:00+02:00"


async def test_event_fields(db, programme, validate_pentabarf):
    tree = await _tree(db, programme, validate_pentabarf)
    sid = programme.public["open"]
    event = _events(tree)[sid]

    assert uuid.UUID(event.get("guid")).version == 5
    assert event.findtext("title") == TITLE
    assert event.findtext("subtitle") == "Sub & title"
    assert event.findtext("type") == "Workshop"
    assert event.findtext("language") == "en"
    assert event.findtext("abstract") == "Short <abstract> & more"
    assert event.findtext("description") == "Long\nabstract"
    assert event.findtext("url") == f"{BASE_URL}/e/{programme.event.identifier}/session/{sid}"
    assert event.findtext("slug") == f"{programme.event.identifier}-{sid}-unicode-b-bold-b-quotes-single"
    assert [p.text for p in event.iterfind("persons/person")] == [SPEAKER, "Grace Hopper"]
    assert [a.get("href") for a in event.iterfind("attachments/attachment")] == ["https://files.example.org/slides.pdf"]
    assert [link.get("href") for link in event.iterfind("links/link")] == ["https://video.example.org/v/1"]
    assert ROOM in {r.get("name") for r in tree.iter("room")}


async def test_defaults_for_missing_track_type_and_room(db, programme, validate_pentabarf):
    tree = await _tree(db, programme, validate_pentabarf)
    bare = _events(tree)[programme.public["bare"]]

    assert (bare.findtext("track"), bare.findtext("type"), bare.findtext("room")) == ("General", "Talk", "TBA")
    assert bare.findtext("abstract") == ""
    assert bare.find("persons") is not None and not len(bare.find("persons"))


async def test_guids_are_stable(db, programme, validate_pentabarf):
    first = _events(await _tree(db, programme, validate_pentabarf))
    second = _events(await _tree(db, programme, validate_pentabarf))

    assert {i: e.get("guid") for i, e in first.items()} == {i: e.get("guid") for i, e in second.items()}
