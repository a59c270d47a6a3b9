"""Properties every export format shares: privacy, empty programmes, local day assignment."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from openevent.exports import load_schedule, render_ical, render_pentabarf, render_schedule_json, render_xcal

from .factories import local, make_room, make_session
from .sample import BASE_URL


def _all_formats(schedule) -> dict[str, bytes]:
    return {
        "ical": render_ical(schedule, base_url=BASE_URL),
        "xcal": render_xcal(schedule, base_url=BASE_URL),
        "pentabarf": render_pentabarf(schedule, base_url=BASE_URL),
        "json": render_schedule_json(schedule, base_url=BASE_URL),
    }


async def test_no_email_address_or_phone_number_in_any_format(db, programme):
    documents = _all_formats(await load_schedule(db, programme.event.id))

    for name, document in documents.items():
        text = document.decode("utf-8")
        for email in programme.emails:
            assert email not in text, (name, email)
        assert "mailto:" not in text.lower(), name
        assert "1234567" not in text, name
        assert "Ghost Speaker" not in text and "Intruder" not in text, name
        assert "Other event talk" not in text, name
        assert "javascript:" not in text, name


async def test_empty_programme_gives_valid_files(db, validate_xcal, validate_pentabarf, validate_schedule_json):
    from tests.factories import make_event

    berlin = "Europe/Berlin"
    event = await make_event(db, timezone=berlin, starts_at=local(berlin, 2027, 3, 27, 9, 0),
                             ends_at=local(berlin, 2027, 3, 28, 18, 0))
    await make_room(db, event, "Unused room")
    await db.commit()
    schedule = await load_schedule(db, event.id)
    assert schedule.sessions == ()

    documents = _all_formats(schedule)
    calendar = Calendar.from_ical(documents["ical"])
    assert calendar.walk("VEVENT") == []
    assert {c.name for c in calendar.walk("VTIMEZONE")[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    validate_xcal(documents["xcal"])
    tree = validate_pentabarf(documents["pentabarf"])
    assert [d.get("date") for d in tree.findall("day")] == ["2027-03-27", "2027-03-28"]
    assert tree.find("day/room") is None
    assert tree.findtext("conference/days") == "2"
    data = validate_schedule_json(documents["json"])
    assert [d["rooms"] for d in data["schedule"]["conference"]["days"]] == [{}, {}]


async def test_evening_session_west_of_utc_stays_on_its_local_day(
        db, validate_xcal, validate_pentabarf, validate_schedule_json):
    """21:00 in New York is 01:00 UTC the next day; every format must show the local day and time."""
    from tests.factories import make_event

    new_york = "America/New_York"
    event = await make_event(db, timezone=new_york, starts_at=local(new_york, 2027, 3, 26, 9, 0),
                             ends_at=local(new_york, 2027, 3, 26, 23, 0))
    session = await make_session(db, event, "Evening", starts_at=local(new_york, 2027, 3, 26, 21, 0), minutes=90)
    await db.commit()

    documents = _all_formats(await load_schedule(db, event.id))
    tree = validate_pentabarf(documents["pentabarf"])
    assert [d.get("date") for d in tree.findall("day")] == ["2027-03-26"]
    event_element = tree.find("day/room/event")
    assert (event_element.get("id"), event_element.findtext("start"), event_element.findtext("duration")) == \
        (str(session.id), "21:00", "01:30")
    assert event_element.findtext("date") == "2027-03-26T21:00:00-04:00"
    data = validate_schedule_json(documents["json"])
    [day] = data["schedule"]["conference"]["days"]
    assert (day["date"], day["rooms"]["TBA"][0]["start"]) == ("2027-03-26", "21:00")
    assert b"DTSTART;TZID=America/New_York:20270326T210000" in documents["ical"]
    validate_xcal(documents["xcal"])


@pytest.mark.parametrize("fmt", ["ical", "xcal", "pentabarf", "json"])
async def test_output_is_deterministic(db, programme, fmt):
    schedule = await load_schedule(db, programme.event.id)
    assert _all_formats(schedule)[fmt] == _all_formats(schedule)[fmt]
