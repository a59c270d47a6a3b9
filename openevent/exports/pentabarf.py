"""Pentabarf/frab schedule.xml, as read by ConfClerk, Giggity, EventFahrplan and c3voc tools.

Valid against the c3voc schedule XSD. Times are local to the event's zone, days are local
calendar days, and only this event's sessions appear (W23). `base_url` is the public site
root (e.g. "https://events.example.org"); it is required because every event carries a
non-empty http(s) `<url>`.
"""

from __future__ import annotations

from lxml import etree

from openevent import __version__
from openevent.exports.frab import (
    TIMESLOT_DURATION,
    FrabConference,
    FrabEvent,
    FrabRoom,
    build_conference,
    person_guid,
)
from openevent.exports.schedule_data import Schedule

CONTENT_TYPE = "application/xml; charset=utf-8"
FILE_EXTENSION = "xml"


def render_pentabarf(schedule: Schedule, *, base_url: str) -> bytes:
    conference = build_conference(schedule, base_url=base_url)
    root = etree.Element("schedule")
    etree.SubElement(root, "generator", name="openevent", version=__version__)
    _text(root, "version", conference.version)
    root.append(_conference(conference))
    for day in conference.days:
        element = etree.SubElement(root, "day", index=str(day.index), date=day.date, start=day.start, end=day.end)
        for room in day.rooms:
            element.append(_room(schedule, room))
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def _conference(conference: FrabConference) -> etree._Element:
    element = etree.Element("conference")
    _text(element, "acronym", conference.acronym)
    _text(element, "title", conference.title)
    _text(element, "start", conference.start)
    _text(element, "end", conference.end)
    _text(element, "days", str(len(conference.days)))
    _text(element, "timeslot_duration", TIMESLOT_DURATION)
    _text(element, "time_zone_name", conference.time_zone_name)
    _text(element, "base_url", conference.base_url)
    _text(element, "url", conference.url)
    for track in conference.tracks:
        attributes = {"name": track.name}
        if track.color:
            attributes["color"] = track.color
        if track.slug:
            attributes["slug"] = track.slug
        etree.SubElement(element, "track", attributes)
    return element


def _room(schedule: Schedule, room: FrabRoom) -> etree._Element:
    element = etree.Element("room", name=room.name, guid=room.guid)
    for event in room.events:
        element.append(_event(schedule, event))
    return element


def _event(schedule: Schedule, event: FrabEvent) -> etree._Element:
    session = event.session
    element = etree.Element("event", id=str(session.id), guid=event.guid)
    _text(element, "date", event.date)
    _text(element, "start", event.start)
    _text(element, "duration", event.duration)
    _text(element, "room", event.room)
    _text(element, "slug", event.slug)
    _text(element, "url", event.url)
    _text(element, "title", session.title)
    _text(element, "subtitle", session.subtitle or "")
    _text(element, "track", event.track)
    _text(element, "type", event.type)
    if session.language:
        _text(element, "language", session.language)
    _text(element, "abstract", session.abstract or "")
    _text(element, "description", session.description or "")
    persons = etree.SubElement(element, "persons")
    for speaker in session.speakers:
        person = etree.SubElement(persons, "person", id=str(speaker.id),
                                  guid=person_guid(schedule.event.identifier, speaker.id))
        person.text = speaker.name
    links = etree.SubElement(element, "links")
    for title, url in (("Video", session.video_url), ("Audio", session.audio_url)):
        if url:
            _text(links, "link", title).set("href", url)
    attachments = etree.SubElement(element, "attachments")
    if session.slides_url:
        _text(attachments, "attachment", "Slides").set("href", session.slides_url)
    return element


def _text(parent: etree._Element, tag: str, text: str) -> etree._Element:
    element = etree.SubElement(parent, tag)
    element.text = text
    return element
