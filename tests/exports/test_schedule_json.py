"""frab/pretalx schedule.json: validated with the c3voc JSON schema, same content as schedule.xml."""

from __future__ import annotations

from openevent.exports.pentabarf import render_pentabarf
from openevent.exports.schedule_data import load_schedule
from openevent.exports.schedule_json import render_schedule_json

from .sample import BASE_URL, DAY_ROOMS, DAYS, EXPECTED, SPEAKER, TITLE


async def _document(db, programme, validate_schedule_json) -> dict:
    schedule = await load_schedule(db, programme.event.id)
    return validate_schedule_json(render_schedule_json(schedule, base_url=BASE_URL))


def _events(document) -> dict[int, tuple[str, dict]]:
    return {event["id"]: (day["date"], event)
            for day in document["schedule"]["conference"]["days"]
            for events in day["rooms"].values() for event in events}


async def test_conference(db, programme, validate_schedule_json):
    conference = (await _document(db, programme, validate_schedule_json))["schedule"]["conference"]

    assert conference["title"] == programme.event.name
    assert conference["acronym"] == programme.event.identifier
    assert (conference["start"], conference["end"], conference["daysCount"]) == ("2027-03-26", "2027-03-28", 3)
    assert conference["time_zone_name"] == "Europe/Berlin"
    assert [d["date"] for d in conference["days"]] == DAYS
    for day in conference["days"]:
        assert list(day["rooms"]) == DAY_ROOMS[day["date"]]


async def test_sessions(db, programme, validate_schedule_json):
    events = _events(await _document(db, programme, validate_schedule_json))

    assert set(events) == set(programme.public.values())
    for name, (day, start, duration, room, track) in EXPECTED.items():
        date, event = events[programme.public[name]]
        assert (date, event["start"], event["duration"], event["room"], event["track"]) == \
            (day, start, duration, room, track), name
    _, opened = events[programme.public["open"]]
    assert opened["title"] == TITLE
    assert [p["name"] for p in opened["persons"]] == [SPEAKER, "Grace Hopper"]
    _, dst = events[programme.public["dst"]]
    assert (dst["date"], dst["end"]) == ("2027-03-28T01:30:00+01:00", "2027-03-28T03:30:00+02:00")


async def test_same_content_as_pentabarf(db, programme, validate_schedule_json, validate_pentabarf):
    schedule = await load_schedule(db, programme.event.id)
    document = validate_schedule_json(render_schedule_json(schedule, base_url=BASE_URL))
    tree = validate_pentabarf(render_pentabarf(schedule, base_url=BASE_URL))

    from_json = {
        event["id"]: (date, event["guid"], event["date"], event["start"], event["duration"], event["room"],
                      event["title"], event["track"], event["type"], event["slug"], event["url"],
                      [p["name"] for p in event["persons"]])
        for event_id, (date, event) in _events(document).items()
    }
    from_xml = {
        int(e.get("id")): (e.getparent().getparent().get("date"), e.get("guid"), e.findtext("date"),
                           e.findtext("start"), e.findtext("duration"), e.findtext("room"), e.findtext("title"),
                           e.findtext("track"), e.findtext("type"), e.findtext("slug"), e.findtext("url"),
                           [p.text for p in e.iterfind("persons/person")])
        for e in tree.iterfind("day/room/event")
    }
    assert from_json == from_xml
