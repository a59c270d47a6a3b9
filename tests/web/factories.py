"""Programme factories for the schedule page tests: real rows, no mocks."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import insert

from openevent.schedule.models import Microlocation, Session, Speaker, Track, speakers_sessions

from ..factories import make_event


async def make_track(db, event, name: str, color: str = "#1e88e5", position: int = 0) -> Track:
    track = Track(event_id=event.id, name=name, color=color, position=position)
    db.add(track)
    await db.flush()
    return track


async def make_room(db, event, name: str, position: int = 0) -> Microlocation:
    room = Microlocation(event_id=event.id, name=name, position=position)
    db.add(room)
    await db.flush()
    return room


async def make_speaker(db, event, name: str, *, position: str | None = None, organisation: str | None = None,
                       email: str | None = None, **fields) -> Speaker:
    speaker = Speaker(event_id=event.id, name=name, position=position, organisation=organisation,
                      email=email, **fields)
    db.add(speaker)
    await db.flush()
    return speaker


async def make_session(db, event, title: str, starts_at: datetime | None, minutes: int = 45, *,
                       room=None, track=None, speakers=(), state: str = "accepted", **fields) -> Session:
    session = Session(
        event_id=event.id, title=title, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes) if starts_at else None,
        microlocation_id=room.id if room else None, track_id=track.id if track else None,
        state=state, **fields,
    )
    db.add(session)
    await db.flush()
    for speaker in speakers:
        await db.execute(insert(speakers_sessions).values(speaker_id=speaker.id, session_id=session.id))
    return session


# --- A realistic conference: 3 days in Singapore, 4 rooms, 4 tracks, speakers with organisations ----

SPEAKERS = {
    "ana": ("Ana Lima", "Site Reliability Engineer", "Red Hat", "ana@redhat.example"),
    "raj": ("Rajesh Kumar", "Principal Engineer", "Tata Consultancy", "raj@tcs.example"),
    "mei": ("Mei Tan", "Community Manager", "FOSSASIA", "mei@fossasia.example"),
    "tom": ("Tom Berger", "Hardware Hacker", "Open Source Hardware Association", None),
    "sara": ("Sara Okafor", "Data Scientist", "Grab", "sara@grab.example"),
    "li": ("Li Wei", "CTO", "Kubeflow Labs", "li@kubeflow.example"),
    "nina": ("Nina Schulz", "Developer Advocate", "GitLab", "nina@gitlab.example"),
}
ROOMS = (("Auditorium", 0), ("Hall A", 1), ("Hall B", 2), ("Workshop Room", 3))
TRACKS = (("Open Hardware", "#c2185b", 0), ("Cloud & DevOps", "#1565c0", 1), ("AI & Data", "#2e7d32", 2),
          ("Community", "#f9a825", 3))
LONG_ABSTRACT = ("Kubernetes operators promise to encode operational knowledge in software, but most teams "
                 "discover that day-two operations are where the real work begins. In this talk we walk "
                 "through upgrades, backups, failure drills and the human side of running clusters for "
                 "hundreds of developers, with stories from three years in production.")

# (day 0-2, local start, minutes, room, track, title, speakers, language)
PROGRAMME = (
    (0, "09:00", 30, "Auditorium", "Community", "Opening of the Summit", ("mei",), "English"),
    (0, "09:45", 45, "Hall A", "Cloud & DevOps", "Running Kubernetes Operators in Production", ("ana",), "English"),
    (0, "09:45", 45, "Hall B", "AI & Data", "Feature Stores without Tears", ("sara",), "English"),
    (0, "11:00", 90, "Workshop Room", "Open Hardware", "Solder your first Badge", ("tom",), "English"),
    (0, "14:00", 45, "Hall A", "Cloud & DevOps", "GitOps for Small Teams", ("nina",), "German"),
    (0, "23:30", 60, "Auditorium", "Community", "Late Night Hacking Social", ("mei", "tom"), "English"),
    (1, "09:00", 45, "Auditorium", "AI & Data", "Machine Learning Pipelines on Kubeflow", ("li", "sara"), "English"),
    (1, "10:00", 30, "Hall A", "Cloud & DevOps", "Observability on a Budget", ("raj",), "Hindi"),
    (1, "10:00", 60, "Hall B", "Community", "Growing Open Source Communities in Asia", ("mei",), "Bahasa Indonesia"),
    (1, "13:30", 45, "Hall A", "Open Hardware", "Open Hardware Certification Explained", ("tom",), "English"),
    (1, "15:00", 45, "Workshop Room", "Cloud & DevOps", "Hands-on CI Pipelines", ("nina", "raj"), "English"),
    (2, "09:30", 45, "Hall A", "AI & Data", "Responsible AI in Ride Hailing", ("sara",), "English"),
    (2, "10:30", 45, "Hall B", "Cloud & DevOps", "Zero-Downtime Database Migrations", ("ana", "li"), "English"),
    (2, "11:30", 30, "Auditorium", "Community", "Closing Keynote", ("mei",), "English"),
)
DAYS = ("2027-03-11", "2027-03-12", "2027-03-13")


@dataclass
class Conference:
    event: object
    sessions: dict[str, Session] = field(default_factory=dict)  # by title
    tracks: dict[str, Track] = field(default_factory=dict)
    rooms: dict[str, Microlocation] = field(default_factory=dict)
    speakers: dict[str, Speaker] = field(default_factory=dict)


async def seed_conference(db, identifier: str | None = None) -> Conference:
    zone = ZoneInfo("Asia/Singapore")
    event = await make_event(
        db, identifier=identifier or secrets.token_hex(4), name="FOSSASIA Summit 2027", timezone="Asia/Singapore",
        starts_at=datetime(2027, 3, 11, 9, 0, tzinfo=zone), ends_at=datetime(2027, 3, 13, 18, 0, tzinfo=zone),
        location_name="Lifelong Learning Institute, Singapore",
    )
    conf = Conference(event)
    for name, color, position in TRACKS:
        conf.tracks[name] = await make_track(db, event, name, color, position)
    for name, position in ROOMS:
        conf.rooms[name] = await make_room(db, event, name, position)
    for key, (name, position, organisation, email) in SPEAKERS.items():
        conf.speakers[key] = await make_speaker(db, event, name, position=position, organisation=organisation,
                                                email=email)
    for day, start, minutes, room, track, title, speakers, language in PROGRAMME:
        local = datetime.fromisoformat(f"{DAYS[day]}T{start}").replace(tzinfo=zone)
        conf.sessions[title] = await make_session(
            db, event, title, local, minutes, room=conf.rooms[room], track=conf.tracks[track],
            speakers=[conf.speakers[k] for k in speakers], language=language,
            short_abstract=LONG_ABSTRACT if "Kubernetes" in title else f"An introduction to {title.lower()}.",
        )
    # What must never show: a draft, a rejected and a deleted session, and one without a time.
    await make_session(db, event, "Secret Draft Talk", datetime(2027, 3, 11, 5, 0, tzinfo=timezone.utc),
                       room=conf.rooms["Hall A"], state="draft")
    await make_session(db, event, "Rejected Talk", datetime(2027, 3, 11, 6, 0, tzinfo=timezone.utc), state="rejected")
    await make_session(db, event, "Deleted Talk", datetime(2027, 3, 11, 7, 0, tzinfo=timezone.utc),
                       deleted_at=datetime(2027, 1, 1, tzinfo=timezone.utc))
    await make_session(db, event, "Unscheduled Talk", None)
    await db.commit()
    return conf


def programme_titles(day: int | None = None) -> list[str]:
    return [row[5] for row in PROGRAMME if day is None or row[0] == day]


# --- Bulk programme for size and query-count budgets ---------------------------------------------

_SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "pe", "da", "gri", "sta", "mon", "bel", "tor", "quin")


def _words(rng: random.Random, count: int) -> str:
    return " ".join("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(count))


async def seed_bulk(db, event, count: int, *, rooms: int = 8, tracks: int = 8, speakers: int | None = None,
                    seed: int = 7) -> None:
    """`count` accepted sessions over 3 days with varied titles, 1-3 speakers each and ~250-character abstracts."""
    rng = random.Random(seed)
    track_rows = [await make_track(db, event, f"Track {_words(rng, 2).title()}", f"#{rng.randrange(1 << 24):06x}", i)
                  for i in range(tracks)]
    room_rows = [await make_room(db, event, f"Room {i + 1} {_words(rng, 1).title()}", i) for i in range(rooms)]
    speaker_ids = []
    for i in range(speakers or max(3, count * 2 // 3)):
        speaker_ids.append((await make_speaker(
            db, event, _words(rng, 2).title(), position=_words(rng, 2).title(),
            organisation=f"{_words(rng, 1).title()} {rng.choice(('Labs', 'Inc', 'Foundation', 'University'))}",
            email=f"bulk{i}-{secrets.token_hex(3)}@example.com")).id)
    start = event.starts_at.astimezone(timezone.utc)
    rows, links = [], []
    for i in range(count):
        day, slot = divmod(i, max(1, count // 3 + 1))
        starts_at = start + timedelta(days=day, minutes=15 * (slot // rooms) % (10 * 60))
        rows.append({
            "event_id": event.id, "title": _words(rng, rng.randint(3, 8)).capitalize(), "state": "accepted",
            "starts_at": starts_at, "ends_at": starts_at + timedelta(minutes=rng.choice((15, 30, 45, 60))),
            "microlocation_id": room_rows[i % rooms].id, "track_id": track_rows[rng.randrange(tracks)].id,
            "short_abstract": _words(rng, rng.randint(25, 45)).capitalize() + ".", "language": "English",
        })
    for chunk in range(0, len(rows), 200):
        result = await db.execute(insert(Session).returning(Session.id), rows[chunk:chunk + 200])
        for session_id in result.scalars():
            for speaker_id in rng.sample(speaker_ids, rng.randint(1, min(3, len(speaker_ids)))):
                links.append({"speaker_id": speaker_id, "session_id": session_id})
    await db.execute(insert(speakers_sessions), links)
    await db.commit()
