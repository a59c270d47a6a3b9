"""iCalendar (RFC 5545) export of the public programme.

One VEVENT per public session, with DTSTART/DTEND in the event's own time zone (TZID) and a
full VTIMEZONE for that zone (STANDARD/DAYLIGHT observances for every year the programme
touches), so clients without the IANA database still show the right local times (W22).

Speakers: the calendar is published with METHOD:PUBLISH, and iTIP (RFC 5546, 3.2.1) says a
published VEVENT must not carry ATTENDEE; calendar clients also treat ATTENDEE as an
invitation list and offer to e-mail it. ATTENDEE and ORGANIZER take a cal-address URI
(in practice mailto:), and exports never contain e-mail addresses. So speakers are named
in the DESCRIPTION ("Speakers: ...") instead of ATTENDEE/ORGANIZER.

`build_calendar` returns the icalendar object model; the xCal exporter serialises the same
model, so both formats always agree.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from openevent import __version__
from openevent.exports.schedule_data import Schedule, ScheduleSession, check_base_url, session_page_url

CONTENT_TYPE = "text/calendar; charset=utf-8"
FILE_EXTENSION = "ics"
PRODID = f"-//openevent//openevent {__version__}//EN"

# Zones that are plain UTC: times are written with "Z" and no VTIMEZONE is needed.
UTC_ZONE_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"})

_SCAN_STEP = timedelta(hours=12)


def render_ical(schedule: Schedule, *, base_url: str | None = None) -> bytes:
    """The .ics file (UTF-8, CRLF line ends, folded lines).

    The calendar header and VTIMEZONE come from the icalendar model; the VEVENTs are written
    directly from their jCal form (vevent_jcal), which is several times faster than the
    library's per-character line folding for 2,000 sessions. tests/exports/test_fast_paths.py
    checks that both paths give the same calendar."""
    shell = _calendar_shell(schedule, base_url).to_ical()
    end = b"END:VCALENDAR\r\n"
    assert shell.endswith(end)
    parts = [shell[: -len(end)]]
    for session in schedule.sessions:
        parts.append(_ical_component(vevent_jcal(schedule, session, base_url)))
    parts.append(end)
    return b"".join(parts)


def build_calendar(schedule: Schedule, *, base_url: str | None = None) -> Calendar:
    """The whole calendar as an icalendar object model (the reference the fast writers are tested against)."""
    calendar = _calendar_shell(schedule, base_url)
    for session in schedule.sessions:
        calendar.add_component(_vevent(schedule, session, base_url))
    return calendar


def _calendar_shell(schedule: Schedule, base_url: str | None) -> Calendar:
    """VCALENDAR properties and the VTIMEZONE, without the sessions."""
    if base_url is not None:
        check_base_url(base_url)
    event = schedule.event
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", event.name)
    calendar.add("x-wr-timezone", event.timezone_name)
    if not is_utc(event.zone):
        calendar.add_component(build_vtimezone(event.zone, *_covered_years(schedule)))
    return calendar


# --- fast VEVENTs: jCal (RFC 7265) lists, written as iCalendar lines or xCal elements ------------


def vevent_jcal(schedule: Schedule, session: ScheduleSession, base_url: str | None) -> list:
    """["vevent", [[name, params, type, value], ...], []], equal to icalendar's to_jcal() of _vevent()."""
    identifier = schedule.event.identifier
    zone = schedule.event.zone
    properties = [
        ["uid", {}, "text", f"session-{session.id}@{identifier}.openevent"],
        ["dtstamp", {}, "date-time", _jcal_utc(schedule.generated_at)],
        ["dtstart", *_jcal_time(session.starts_at, zone)],
        ["dtend", *_jcal_time(session.ends_at, zone)],
        ["summary", {}, "text", session.title],
    ]
    description = _description(session)
    if description:
        properties.append(["description", {}, "text", description])
    if session.room is not None:
        properties.append(["location", {}, "text", session.room.name])
    if session.track is not None:
        properties.append(["categories", {}, "text", session.track.name])
    if base_url:
        properties.append(["url", {}, "uri", session_page_url(base_url, identifier, session.id)])
    if session.last_modified_at is not None:
        properties.append(["last-modified", {}, "date-time",
                           _jcal_utc(session.last_modified_at.replace(microsecond=0))])
    return ["vevent", properties, []]


def _jcal_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _jcal_time(moment: datetime, zone: ZoneInfo) -> tuple[dict, str, str]:
    if is_utc(zone):
        return {}, "date-time", _jcal_utc(moment)
    return {"tzid": zone.key}, "date-time", moment.astimezone(zone).strftime("%Y-%m-%dT%H:%M:%S")


def _escape_text(value: str) -> str:
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n"))


def _ical_value(value_type: str, value: str) -> str:
    if value_type == "text":
        return _escape_text(value)
    if value_type == "date-time":
        return value.replace("-", "").replace(":", "")
    return value


def _ical_parameter(value: str) -> str:
    return f'"{value}"' if any(c in value for c in ':;,') else value


def _ical_component(jcal: list) -> bytes:
    name, properties, _components = jcal
    lines = [f"BEGIN:{name.upper()}\r\n".encode()]
    for prop_name, parameters, value_type, value in properties:
        head = prop_name.upper() + "".join(f";{key.upper()}={_ical_parameter(val)}" for key, val in parameters.items())
        lines.append(fold_line(f"{head}:{_ical_value(value_type, value)}"))
    lines.append(f"END:{name.upper()}\r\n".encode())
    return b"".join(lines)


def fold_line(line: str, limit: int = 75) -> bytes:
    """RFC 5545 3.1: lines of at most 75 octets, continued with CRLF + space, never inside a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= limit:
        return data + b"\r\n"
    parts, start, width = [], 0, limit
    while start < len(data):
        end = min(start + width, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end])
        start, width = end, limit - 1  # continuation lines start with a space
    return b"\r\n ".join(parts) + b"\r\n"


def is_utc(zone: ZoneInfo) -> bool:
    return zone.key in UTC_ZONE_NAMES


def _vevent(schedule: Schedule, session: ScheduleSession, base_url: str | None) -> Event:
    identifier = schedule.event.identifier
    vevent = Event()
    vevent.add("uid", f"session-{session.id}@{identifier}.openevent")
    vevent.add("dtstamp", schedule.generated_at.astimezone(timezone.utc))
    vevent.add("dtstart", _calendar_time(session.starts_at, schedule.event.zone))
    vevent.add("dtend", _calendar_time(session.ends_at, schedule.event.zone))
    vevent.add("summary", session.title)
    description = _description(session)
    if description:
        vevent.add("description", description)
    if session.room is not None:
        vevent.add("location", session.room.name)
    if session.track is not None:
        vevent.add("categories", [session.track.name])
    if base_url:
        vevent.add("url", session_page_url(base_url, identifier, session.id))
    if session.last_modified_at is not None:
        vevent.add("last-modified", session.last_modified_at.astimezone(timezone.utc).replace(microsecond=0))
    return vevent


def _calendar_time(moment: datetime, zone: ZoneInfo) -> datetime:
    if is_utc(zone):
        return moment.astimezone(timezone.utc)
    return moment.astimezone(zone)


def _description(session: ScheduleSession) -> str:
    parts = [session.abstract or session.description or ""]
    if session.speakers:
        parts.append("Speakers: " + ", ".join(speaker.name for speaker in session.speakers))
    return "\n\n".join(part for part in parts if part)


def _covered_years(schedule: Schedule) -> tuple[int, int]:
    dates = [schedule.event.starts_at.date(), schedule.event.ends_at.date()]
    dates += [s.starts_at.date() for s in schedule.sessions] + [s.ends_at.date() for s in schedule.sessions]
    return min(dates).year, max(dates).year


# --- VTIMEZONE ----------------------------------------------------------------------------


def build_vtimezone(zone: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE valid from 1 January of `first_year` to the end of `last_year`.

    One observance for the offset in force at the start, then one per offset change. Per
    RFC 5545 3.6.5 each observance's DTSTART is the local time of the change expressed in
    the offset in force *before* it (TZOFFSETFROM): for Europe/Berlin DAYLIGHT starts at
    02:00 and STANDARD at 03:00. (icalendar's `Timezone.from_tzinfo` writes the wall time
    after the change for DAYLIGHT, one hour late, and adds a COMMENT that RFC 6321 does not
    allow, so it is not used.)
    """
    start = datetime.combine(date(first_year, 1, 1), time(0), tzinfo=zone).astimezone(timezone.utc)
    end = datetime.combine(date(last_year + 1, 1, 1), time(0), tzinfo=zone).astimezone(timezone.utc)
    vtimezone = Timezone()
    vtimezone.add("tzid", zone.key)
    offset = _offset(zone, start)
    vtimezone.add_component(_observance(zone, start, offset, offset))
    for instant, before, after in offset_changes(zone, start, end):
        vtimezone.add_component(_observance(zone, instant, before, after))
    return vtimezone


def offset_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[tuple[datetime, timedelta, timedelta]]:
    """(UTC instant, offset before, offset after) for every UTC-offset change in [start, end)."""
    changes = []
    moment, offset = start, _offset(zone, start)
    while moment < end:
        following = min(moment + _SCAN_STEP, end)
        following_offset = _offset(zone, following)
        if following_offset != offset:
            changes.append((_first_instant_after(zone, moment, following, offset), offset, following_offset))
        moment, offset = following, following_offset
    return changes


def _first_instant_after(zone: ZoneInfo, low: datetime, high: datetime, offset: timedelta) -> datetime:
    """Binary search, to the second, for the first instant in (low, high] whose offset differs."""
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if _offset(zone, middle) == offset:
            low = middle
        else:
            high = middle
    return high


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    return instant.astimezone(zone).utcoffset()


def _observance(zone: ZoneInfo, instant: datetime, before: timedelta, after: timedelta):
    local = instant.astimezone(zone)
    observance = TimezoneDaylight() if local.dst() else TimezoneStandard()
    onset = (instant + before).replace(tzinfo=None)  # wall clock in the TZOFFSETFROM offset
    observance.add("dtstart", onset)
    observance.add("tzoffsetfrom", before)
    observance.add("tzoffsetto", after)
    observance.add("tzname", local.tzname() or _format_offset(after))
    return observance


def _format_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
