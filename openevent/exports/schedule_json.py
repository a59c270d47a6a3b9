"""frab/pretalx schedule.json (version 1), the JSON twin of schedule.xml.

Valid against the c3voc schedule JSON schema (draft-06); built from the same frab model as
the Pentabarf XML, so both files list the same days, rooms, sessions, times and people.
Persons are written in the pretalx shape (`name`, plus `id` and `guid`), never with e-mail.
"""

from __future__ import annotations

import json
import re

from openevent import __version__
from openevent.exports.frab import TIMESLOT_DURATION, FrabConference, FrabEvent, build_conference, person_guid
from openevent.exports.schedule_data import Schedule

CONTENT_TYPE = "application/json"
FILE_EXTENSION = "json"
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"

# The schema only accepts zone names shaped like "Area/Location" or "UTC"; others are left out.
_SCHEMA_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def render_schedule_json(schedule: Schedule, *, base_url: str) -> bytes:
    document = build_schedule_json(schedule, base_url=base_url)
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def build_schedule_json(schedule: Schedule, *, base_url: str) -> dict:
    conference = build_conference(schedule, base_url=base_url)
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": "openevent", "version": __version__},
        "schedule": {
            "version": conference.version,
            "base_url": conference.base_url,
            "conference": _conference(schedule, conference),
        },
    }


def _conference(schedule: Schedule, conference: FrabConference) -> dict:
    document = {
        "acronym": conference.acronym,
        "title": conference.title,
        "start": conference.start,
        "end": conference.end,
        "daysCount": len(conference.days),
        "timeslot_duration": TIMESLOT_DURATION,
        "url": conference.url,
        "tracks": [_drop_none({"name": t.name, "color": t.color, "slug": t.slug}) for t in conference.tracks],
        "rooms": [{"name": room.name, "guid": room.guid} for room in conference.rooms],
        "days": [
            {
                "index": day.index,
                "date": day.date,
                "day_start": day.start,
                "day_end": day.end,
                "rooms": {room.name: [_event(schedule, event) for event in room.events] for room in day.rooms},
            }
            for day in conference.days
        ],
    }
    if _SCHEMA_ZONE_NAME.search(conference.time_zone_name):
        document["time_zone_name"] = conference.time_zone_name
    return document


def _event(schedule: Schedule, event: FrabEvent) -> dict:
    session = event.session
    identifier = schedule.event.identifier
    return {
        "id": session.id,
        "guid": event.guid,
        "date": event.date,
        "start": event.start,
        "end": event.end,
        "duration": event.duration,
        "room": event.room,
        "slug": event.slug,
        "url": event.url,
        "title": session.title,
        "subtitle": session.subtitle or "",
        "track": event.track,
        "type": event.type,
        "language": session.language,
        "abstract": session.abstract or "",
        "description": session.description or "",
        "persons": [{"id": s.id, "guid": person_guid(identifier, s.id), "name": s.name} for s in session.speakers],
        "links": [{"type": "media", "title": title, "url": url}
                  for title, url in (("Video", session.video_url), ("Audio", session.audio_url)) if url],
        "attachments": [{"type": "slides", "title": "Slides", "url": session.slides_url}] if session.slides_url else [],
    }


def _drop_none(values: dict) -> dict:
    return {key: value for key, value in values.items() if value is not None}
