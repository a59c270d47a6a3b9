"""xCal (RFC 6321): validated with the Appendix A RELAX NG grammar, same content as iCal."""

from __future__ import annotations

from openevent.exports.schedule_data import load_schedule
from openevent.exports.xcal import NAMESPACE, render_xcal

from .sample import BASE_URL, ROOM, TITLE, TRACK

NS = {"x": NAMESPACE}


def _vevents(tree) -> dict[int, object]:
    events = {}
    for vevent in tree.iterfind("x:vcalendar/x:components/x:vevent", NS):
        uid = vevent.findtext("x:properties/x:uid/x:text", namespaces=NS)
        events[int(uid.removeprefix("session-").split("@")[0])] = vevent
    return events


async def test_valid_rfc6321_document(db, programme, validate_xcal):
    tree = validate_xcal(render_xcal(await load_schedule(db, programme.event.id), base_url=BASE_URL))

    assert tree.tag == f"{{{NAMESPACE}}}icalendar"
    properties = tree.find("x:vcalendar/x:properties", NS)
    assert properties.findtext("x:version/x:text", namespaces=NS) == "2.0"
    assert properties.findtext("x:method/x:text", namespaces=NS) == "PUBLISH"
    assert properties.findtext("x:prodid/x:text", namespaces=NS).startswith("-//openevent//")
    assert not [e for e in tree.iter() if isinstance(e.tag, str) and e.tag.split("}")[1].startswith("x-")]


async def test_sessions_and_typed_values(db, programme, validate_xcal):
    tree = validate_xcal(render_xcal(await load_schedule(db, programme.event.id), base_url=BASE_URL))
    events = _vevents(tree)

    assert set(events) == set(programme.public.values())
    dst = events[programme.public["dst"]]
    dtstart = dst.find("x:properties/x:dtstart", NS)
    assert dtstart.findtext("x:parameters/x:tzid/x:text", namespaces=NS) == "Europe/Berlin"
    assert dtstart.findtext("x:date-time", namespaces=NS) == "2027-03-28T01:30:00"
    assert dst.findtext("x:properties/x:dtend/x:date-time", namespaces=NS) == "2027-03-28T03:30:00"
    assert dst.findtext("x:properties/x:dtstamp/x:date-time", namespaces=NS).endswith("Z")

    opened = events[programme.public["open"]].find("x:properties", NS)
    assert opened.findtext("x:summary/x:text", namespaces=NS) == TITLE
    assert opened.findtext("x:location/x:text", namespaces=NS) == ROOM
    assert opened.findtext("x:categories/x:text", namespaces=NS) == TRACK
    assert opened.findtext("x:url/x:uri", namespaces=NS).startswith(f"{BASE_URL}/e/")
    assert opened.find("x:attendee", NS) is None


async def test_full_vtimezone(db, programme, validate_xcal):
    tree = validate_xcal(render_xcal(await load_schedule(db, programme.event.id)))

    [vtimezone] = tree.findall("x:vcalendar/x:components/x:vtimezone", NS)
    assert vtimezone.findtext("x:properties/x:tzid/x:text", namespaces=NS) == "Europe/Berlin"
    daylight = vtimezone.find("x:components/x:daylight/x:properties", NS)
    assert daylight.findtext("x:dtstart/x:date-time", namespaces=NS) == "2027-03-28T02:00:00"
    assert daylight.findtext("x:tzoffsetfrom/x:utc-offset", namespaces=NS) == "+01:00"
    assert daylight.findtext("x:tzoffsetto/x:utc-offset", namespaces=NS) == "+02:00"
    assert vtimezone.find("x:components/x:standard", NS) is not None


async def test_session_without_track_room_or_abstract(db, programme, validate_xcal):
    tree = validate_xcal(render_xcal(await load_schedule(db, programme.event.id)))
    bare = _vevents(tree)[programme.public["bare"]].find("x:properties", NS)

    assert bare.findtext("x:summary/x:text", namespaces=NS) == "Bare"
    for name in ("location", "categories", "description", "url"):
        assert bare.find(f"x:{name}", NS) is None
