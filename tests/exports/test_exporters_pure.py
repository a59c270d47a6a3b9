"""Exporters are pure functions of a Schedule: tests without a database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from openevent.exports import render_ical, render_pentabarf, render_schedule_json, render_xcal
from openevent.exports.frab import acronym, session_slug
from openevent.exports.ical import build_vtimezone
from openevent.exports.schedule_data import (
    Schedule,
    ScheduleEvent,
    ScheduleRoom,
    ScheduleSession,
    ScheduleSpeaker,
    ScheduleTrack,
    clean,
)

from .sample import BASE_URL


def sample_schedule(zone_name: str = "Europe/Berlin", identifier: str = "b8324ae2") -> Schedule:
    zone = ZoneInfo(zone_name)
    event = ScheduleEvent(id=1, identifier=identifier, name="Pure", description=None, zone=zone, url=None,
                          starts_at=datetime(2027, 1, 10, 9, tzinfo=zone),
                          ends_at=datetime(2027, 1, 11, 18, tzinfo=zone))
    room = ScheduleRoom(id=2, name="Room", position=0)
    track = ScheduleTrack(id=3, name="Track", color="#123456", position=0)
    session = ScheduleSession(
        id=4, title="Talk", subtitle=None, abstract=None, description=None, language=None,
        starts_at=datetime(2027, 1, 10, 20, tzinfo=zone), ends_at=datetime(2027, 1, 10, 21, tzinfo=zone),
        last_modified_at=None, track=track, room=room, session_type=None,
        speakers=(ScheduleSpeaker(id=5, name="Speaker", organisation=None),),
        slides_url=None, video_url=None, audio_url=None)
    return Schedule(event=event, sessions=(session,), generated_at=datetime(2027, 1, 1, tzinfo=timezone.utc))


ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/Dublin",
         "America/Sao_Paulo", "Pacific/Chatham", "UTC"]


@pytest.mark.parametrize("zone_name", [z for z in ZONES if z != "UTC"])
def test_vtimezone_onsets_match_the_iana_database(zone_name):
    """Every observance: DTSTART read in TZOFFSETFROM is the exact instant the offset changes."""
    zone = ZoneInfo(zone_name)
    vtimezone = Calendar.from_ical(build_vtimezone(zone, 2026, 2027).to_ical())
    observances = vtimezone.subcomponents
    assert observances
    for observance in observances[1:]:
        before, after = observance["TZOFFSETFROM"].td, observance["TZOFFSETTO"].td
        instant = (observance["DTSTART"].dt - before).replace(tzinfo=timezone.utc)
        assert (instant - timedelta(seconds=1)).astimezone(zone).utcoffset() == before
        assert instant.astimezone(zone).utcoffset() == after
    first = observances[0]
    start = first["DTSTART"].dt.replace(tzinfo=zone)
    assert start == datetime(2026, 1, 1, tzinfo=zone)
    assert first["TZOFFSETTO"].td == start.utcoffset()


def test_zone_without_dst_has_one_standard_observance():
    vtimezone = build_vtimezone(ZoneInfo("Asia/Kolkata"), 2027, 2027)
    assert [c.name for c in vtimezone.subcomponents] == ["STANDARD"]


@pytest.mark.parametrize("zone_name", ZONES)
def test_every_format_validates_in_every_zone(zone_name, validate_xcal, validate_pentabarf, validate_schedule_json):
    schedule = sample_schedule(zone_name)

    Calendar.from_ical(render_ical(schedule, base_url=BASE_URL))
    validate_xcal(render_xcal(schedule, base_url=BASE_URL))
    validate_pentabarf(render_pentabarf(schedule, base_url=BASE_URL))
    validate_schedule_json(render_schedule_json(schedule, base_url=BASE_URL))


@pytest.mark.parametrize("identifier", ["b8324ae2", "ab", "My-Event.2027", "ÄÖÜ"])
def test_odd_identifiers_still_give_valid_acronyms_and_slugs(identifier, validate_pentabarf, validate_schedule_json):
    schedule = sample_schedule(identifier=identifier)
    assert len(acronym(identifier)) >= 4

    validate_pentabarf(render_pentabarf(schedule, base_url=BASE_URL))
    validate_schedule_json(render_schedule_json(schedule, base_url=BASE_URL))


def test_slug_of_an_emoji_only_title():
    session = sample_schedule().sessions[0]
    from dataclasses import replace

    assert session_slug("b8324ae2", replace(session, title="🎉🎉")) == "b8324ae2-4-session"
    assert session_slug("b8324ae2", replace(session, title="Ünïcode & Co")) == "b8324ae2-4-unicode-co"


@pytest.mark.parametrize("render", [render_ical, render_xcal, render_pentabarf, render_schedule_json])
@pytest.mark.parametrize("base_url", ["", "ftp://example.org", "/relative", "javascript:alert(1)", "https://"])
def test_base_url_must_be_absolute_http(render, base_url):
    with pytest.raises(ValueError):
        render(sample_schedule(), base_url=base_url)


def test_control_characters_are_removed():
    assert clean("a\x00b\x1bc\r\nd\x7f") == "abc\nd"
    assert clean("  \x01 ") is None
