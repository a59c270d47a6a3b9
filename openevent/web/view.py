"""The schedule page's view model: plain functions from loaded sessions to what the template shows.

Everything time-related happens here, in the event's timezone: grouping by local day,
local time ranges, and the calendar grid placement (5-minute rows counted in real elapsed
time from the day's first hour, so a DST change never overlaps or tears sessions).
The search rules here are the same as in static/schedule.js.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

SLOT_MINUTES = 5
MAX_ROWS = 30 * 60 // SLOT_MINUTES  # a calendar day spans at most 30 hours of rows
MAX_COLUMNS = 64  # rooms per calendar day (grid.css has a class per column)
ABSTRACT_PREVIEW = 180  # characters shown before "Show more"
ABSTRACT_MAX = 1200  # the page never carries more than this of one abstract
DEFAULT_COLOR = "#6b7280"
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


@dataclass(frozen=True)
class Query:
    """The filters of the page, as given in the URL."""

    q: str = ""
    track: str = ""
    room: str = ""
    lang: str = ""
    mode: str = "list"
    day: str = ""

    @classmethod
    def from_params(cls, params) -> "Query":
        mode = params.get("mode", "")
        return cls(
            q=params.get("q", "")[:200],
            track=params.get("track", "")[:20],
            room=params.get("room", "")[:20],
            lang=params.get("lang", "")[:64],
            mode="calendar" if mode == "calendar" else "list",
            day=params.get("day", "")[:10],
        )

    def url(self, **changes) -> str:
        """The page's query string with some values changed (empty values are left out)."""
        values = {"q": self.q, "track": self.track, "room": self.room, "lang": self.lang,
                  "mode": self.mode, "day": self.day, **changes}
        if values["mode"] != "calendar":
            values["mode"] = values["day"] = ""
        pairs = [(k, v) for k, v in values.items() if v]
        return "?" + urlencode(pairs) if pairs else "?"


@dataclass(frozen=True)
class SpeakerView:
    name: str
    position: str
    organisation: str


@dataclass(frozen=True)
class SessionView:
    id: int
    title: str
    starts_local: datetime
    time_label: str
    room_id: str
    room_name: str
    track_id: str
    track_name: str
    track_color: str
    language: str
    speakers: tuple[SpeakerView, ...]
    abstract_head: str
    abstract_rest: str
    column: int
    row: int
    span: int
    visible: bool


@dataclass
class DayView:
    key: str  # ISO local date
    label: str  # "Monday, 1 March 2027"
    short_label: str  # "Mon 1 Mar"
    tz_label: str  # "Asia/Singapore (UTC+08:00)" (both offsets when DST changes that day)
    rooms: list[tuple[int, str]] = field(default_factory=list)  # (grid column, name)
    ticks: list[tuple[int, str, bool]] = field(default_factory=list)  # (grid row, "09:30", is full hour)
    sessions: list[SessionView] = field(default_factory=list)

    @property
    def visible_count(self) -> int:
        return sum(1 for s in self.sessions if s.visible)


@dataclass
class PageView:
    query: Query
    days: list[DayView]
    current_day: str
    tracks: list[tuple[str, str]]  # (id, name) by position then name
    rooms: list[tuple[str, str]]
    languages: list[str]
    total: int
    visible: int


def offset_label(moment: datetime) -> str:
    """"UTC+08:00" for an aware local datetime."""
    seconds = int(moment.utcoffset().total_seconds())
    sign = "+" if seconds >= 0 else "-"
    hours, minutes = divmod(abs(seconds) // 60, 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def zone_label(zone: ZoneInfo, moment: datetime) -> str:
    return f"{zone.key} ({offset_label(moment.astimezone(zone))})"


def day_zone_label(zone: ZoneInfo, day: date) -> str:
    """The zone with its offset on that day; both offsets if it changes during the day."""
    start = datetime(day.year, day.month, day.day, tzinfo=zone)
    end = start + timedelta(days=1)  # wall-clock midnight of the next day
    first, last = offset_label(start), offset_label(end - timedelta(seconds=1))
    if first == last:
        return f"{zone.key} ({first})"
    return f"{zone.key} ({first} → {last})"


def date_range_label(starts: datetime, ends: datetime) -> str:
    if starts.date() == ends.date():
        return f"{starts.day} {starts:%B %Y}"
    if (starts.year, starts.month) == (ends.year, ends.month):
        return f"{starts.day}–{ends.day} {ends:%B %Y}"
    if starts.year == ends.year:
        return f"{starts.day} {starts:%B} – {ends.day} {ends:%B %Y}"
    return f"{starts.day} {starts:%B %Y} – {ends.day} {ends:%B %Y}"


def safe_color(value: str | None) -> str:
    return value if value and _COLOR.match(value) else DEFAULT_COLOR


def split_abstract(text: str | None) -> tuple[str, str]:
    """(shown part, rest): the shown part ends at a word boundary when the text is long."""
    text = " ".join((text or "").split())
    if len(text) > ABSTRACT_MAX:
        text = text[:ABSTRACT_MAX].rsplit(" ", 1)[0] + "…"
    if len(text) <= ABSTRACT_PREVIEW + 40:  # not worth a button for a few words
        return text, ""
    cut = text.rfind(" ", 0, ABSTRACT_PREVIEW)
    if cut < ABSTRACT_PREVIEW // 2:
        cut = ABSTRACT_PREVIEW
    return text[:cut], text[cut:]


def search_text(title: str, speakers) -> str:
    """What the search box matches: title and speakers' name, position and organisation."""
    parts = [title]
    for speaker in speakers:
        parts += [speaker.name, speaker.position, speaker.organisation]
    return "\n".join(parts).lower()


def matches(query: Query, haystack: str, track_id: str, room_id: str, language: str) -> bool:
    needle = query.q.strip().lower()
    return (
        (not needle or needle in haystack)
        and (not query.track or query.track == track_id)
        and (not query.room or query.room == room_id)
        and (not query.lang or query.lang == language)
    )


def _time(moment: datetime) -> str:
    return f"{moment:%H:%M}"


def _time_label(starts: datetime, ends: datetime) -> str:
    label = f"{_time(starts)}–{_time(ends)}"
    extra_days = (ends.date() - starts.date()).days
    return label + (f" (+{extra_days} day{'s' if extra_days > 1 else ''})" if extra_days > 0 else "")


def build_page(schedule, query: Query, today: date | None = None) -> PageView:
    """Group the programme into local days, place it on each day's calendar grid and apply the query."""
    by_day: dict[date, list] = {}
    for session in schedule.sessions:  # already in programme order: start, room position, id
        by_day.setdefault(session.local_date, []).append(session)
    zone = schedule.event.zone
    days = [_build_day(day, sessions, zone, schedule.rooms, query) for day, sessions in sorted(by_day.items())]
    keys = [d.key for d in days]
    if query.day in keys:
        current = query.day
    elif today is not None and today.isoformat() in keys:
        current = today.isoformat()
    else:
        current = keys[0] if keys else ""
    languages = sorted({s.language for s in schedule.sessions if s.language}, key=str.casefold)
    return PageView(
        query=query, days=days, current_day=current,
        tracks=[(str(t.id), t.name) for t in schedule.tracks],
        rooms=[(str(r.id), r.name) for r in schedule.rooms],
        languages=languages,
        total=sum(len(d.sessions) for d in days),
        visible=sum(d.visible_count for d in days),
    )


def _build_day(day: date, sessions: list, zone: ZoneInfo, rooms, query: Query) -> DayView:
    view = DayView(key=day.isoformat(), label=f"{day:%A}, {day.day} {day:%B %Y}",
                   short_label=f"{day:%a} {day.day} {day:%b}", tz_label=day_zone_label(zone, day))
    # Columns: the rooms used that day in position order, then one for sessions without a room.
    used = {s.room.id for s in sessions if s.room}
    names = [(room.id, room.name) for room in rooms if room.id in used]
    if any(s.room is None for s in sessions):
        names.append((None, "No room"))
    columns = {room_id: min(index + 2, MAX_COLUMNS + 1) for index, (room_id, _name) in enumerate(names)}
    view.rooms = [(columns[room_id], name) for room_id, name in names]
    # Rows: 5-minute slots of real time from the first session's full hour (row 1 holds the room names).
    grid_start = sessions[0].starts_at.replace(minute=0, second=0, microsecond=0).astimezone(timezone.utc)
    rows = min(MAX_ROWS, _slots(grid_start, max(s.ends_at for s in sessions), up=True))
    for slot in range(0, rows, 30 // SLOT_MINUTES):
        moment = (grid_start + timedelta(minutes=slot * SLOT_MINUTES)).astimezone(zone)
        view.ticks.append((slot + 2, _time(moment), moment.minute == 0))
    for s in sessions:
        first_slot = min(_slots(grid_start, s.starts_at, up=False), rows - 1)
        span = max(1, min(_slots(grid_start, s.ends_at, up=True), rows) - first_slot)
        speakers = tuple(SpeakerView(sp.name, sp.position or "", sp.organisation or "") for sp in s.speakers)
        track_id = str(s.track.id) if s.track else ""
        room_id = str(s.room.id) if s.room else ""
        head, rest = split_abstract(s.abstract or s.description)
        view.sessions.append(SessionView(
            id=s.id, title=s.title, starts_local=s.starts_at,
            time_label=_time_label(s.starts_at, s.ends_at),
            room_id=room_id, room_name=s.room.name if s.room else "",
            track_id=track_id, track_name=s.track.name if s.track else "",
            track_color=safe_color(s.track.color if s.track else None), language=s.language or "",
            speakers=speakers, abstract_head=head, abstract_rest=rest,
            column=columns[s.room.id if s.room else None], row=first_slot + 2, span=span,
            visible=matches(query, search_text(s.title, speakers), track_id, room_id, s.language or ""),
        ))
    return view


def _slots(start: datetime, moment: datetime, *, up: bool) -> int:
    minutes = (moment - start).total_seconds() / 60
    whole = int(minutes // SLOT_MINUTES)
    if up and whole * SLOT_MINUTES < minutes:
        whole += 1
    return max(0, whole)
