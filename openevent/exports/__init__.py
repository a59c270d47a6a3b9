"""Schedule exports: one public-programme query, pure formatters for iCal, xCal, Pentabarf, JSON.

    schedule = await load_schedule(db, event_id)
    render_ical(schedule, base_url=...)          # text/calendar
    render_xcal(schedule, base_url=...)          # application/calendar+xml (RFC 6321)
    render_pentabarf(schedule, base_url=...)     # frab/Pentabarf schedule.xml
    render_schedule_json(schedule, base_url=...) # frab/pretalx schedule.json v1
"""

from openevent.exports.ical import render_ical
from openevent.exports.pentabarf import render_pentabarf
from openevent.exports.schedule_data import Schedule, ScheduleNotFound, load_schedule
from openevent.exports.schedule_json import render_schedule_json
from openevent.exports.xcal import render_xcal

__all__ = [
    "Schedule",
    "ScheduleNotFound",
    "load_schedule",
    "render_ical",
    "render_pentabarf",
    "render_schedule_json",
    "render_xcal",
]
