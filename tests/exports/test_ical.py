"""iCalendar export: parsed back with icalendar, exact local times, a full VTIMEZONE."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar

from openevent.exports.ical import render_ical
from openevent.exports.schedule_data import load_schedule

from .sample import BASE_URL, ROOM, SPEAKER, TITLE, TRACK

BERLIN = ZoneInfo("Europe/Berlin")


async def _calendar(db, programme, **options) -> tuple[bytes, Calendar]:
    document = render_ical(await load_schedule(db, programme.event.id), **options)
    return document, Calendar.from_ical(document)


def _events_by_session(calendar: Calendar) -> dict[int, object]:
    events = {}
    for vevent in calendar.walk("VEVENT"):
        uid = str(vevent["UID"])
        assert uid.startswith("session-") and uid.endswith(".openevent")
        events[int(uid.removeprefix("session-").split("@")[0])] = vevent
    return events


async def test_calendar_properties(db, programme):
    _, calendar = await _calendar(db, programme)

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]).startswith("-//openevent//")
    assert str(calendar["CALSCALE"]) == "GREGORIAN"
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == programme.event.name
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"


async def test_one_event_per_public_session_with_stable_uids(db, programme):
    _, calendar = await _calendar(db, programme)
    events = _events_by_session(calendar)

    assert set(events) == set(programme.public.values())
    uid = str(events[programme.public["open"]]["UID"])
    assert uid == f"session-{programme.public['open']}@{programme.event.identifier}.openevent"
    for vevent in events.values():
        assert vevent["DTSTAMP"].dt.tzinfo is not None


async def test_times_are_local_with_tzid(db, programme):
    document, calendar = await _calendar(db, programme)
    events = _events_by_session(calendar)

    dst = events[programme.public["dst"]]
    assert dst["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert dst["DTSTART"].dt == datetime(2027, 3, 28, 1, 30, tzinfo=BERLIN)
    assert dst["DTEND"].dt == datetime(2027, 3, 28, 3, 30, tzinfo=BERLIN)
    assert dst["DTEND"].dt.astimezone(timezone.utc) - dst["DTSTART"].dt.astimezone(timezone.utc) == timedelta(hours=1)
    assert b"DTSTART;TZID=Europe/Berlin:20270328T013000" in document
    assert b"DTSTART;TZID=Europe/Berlin:20270328T003000" in document  # 23:30 UTC the day before
    assert b"DTSTART;TZID=Europe/Berlin:20270328T100000" in document  # after the change, CEST


async def test_vtimezone_is_complete_and_correct(db, programme):
    _, calendar = await _calendar(db, programme)

    [vtimezone] = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Berlin"
    kinds = [c.name for c in vtimezone.subcomponents]
    assert "STANDARD" in kinds and "DAYLIGHT" in kinds
    daylight = vtimezone.walk("DAYLIGHT")[0]
    assert daylight["DTSTART"].dt == datetime(2027, 3, 28, 2, 0)  # onset in the offset before the change
    assert daylight["TZOFFSETFROM"].td == timedelta(hours=1)
    assert daylight["TZOFFSETTO"].td == timedelta(hours=2)
    assert str(daylight["TZNAME"]) == "CEST"


async def test_text_properties(db, programme):
    _, calendar = await _calendar(db, programme, base_url=BASE_URL)
    events = _events_by_session(calendar)

    vevent = events[programme.public["open"]]
    assert str(vevent["SUMMARY"]) == TITLE
    assert str(vevent["LOCATION"]) == ROOM
    assert vevent["CATEGORIES"].cats == [TRACK]
    assert str(vevent["DESCRIPTION"]) == f"Short <abstract> & more\n\nSpeakers: {SPEAKER}, Grace Hopper"
    assert str(vevent["URL"]) == f"{BASE_URL}/e/{programme.event.identifier}/session/{programme.public['open']}"
    assert "ATTENDEE" not in vevent and "ORGANIZER" not in vevent


async def test_sessions_without_track_room_abstract_or_speakers(db, programme):
    _, calendar = await _calendar(db, programme)
    vevent = _events_by_session(calendar)[programme.public["bare"]]

    assert str(vevent["SUMMARY"]) == "Bare"
    for name in ("LOCATION", "CATEGORIES", "DESCRIPTION", "URL", "ATTENDEE"):
        assert name not in vevent


async def test_utc_event_uses_utc_times_without_vtimezone(db):
    from tests.factories import make_event

    from .factories import make_session

    event = await make_event(db, timezone="UTC")
    await make_session(db, event, "Noon", starts_at=datetime(2027, 3, 2, 12, 0, tzinfo=timezone.utc))
    await db.commit()

    document = render_ical(await load_schedule(db, event.id))
    assert b"DTSTART:20270302T120000Z" in document
    assert b"VTIMEZONE" not in document

