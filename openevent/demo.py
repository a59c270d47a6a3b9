"""A realistic demo event: a three-day, FOSSASIA-Summit-like conference in Singapore.

`seed_demo(db)` creates (and commits) a published event owned by
demo-organizer@example.com with tickets, tracks, rooms, session types, speakers
and a programme between 09:00 and 18:00 local time. The content is the same on
every run (seeded random); only the dates follow `start` (default: 60 days from
today), so the demo is always upcoming.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.auth.models import User
from openevent.auth.roles import grant_event_role
from openevent.events.identifiers import insert_with_identifier
from openevent.events.models import Event
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track
from openevent.ticketing.models import Ticket

DEMO_EMAIL = "demo-organizer@example.com"
TIMEZONE = "Asia/Singapore"
DAYS = 3
SEED = 2027
# Session states other than accepted/confirmed, so organisers have something to review.
PENDING_COUNT = 5
DRAFT_COUNT = 2
SPEAKER_COUNT = 48

TRACKS = (
    ("Open Source AI", "#e74c3c", ("Local LLMs", "Open Datasets", "Model Evaluation", "Speech Recognition",
                                   "Computer Vision", "AI Agents")),
    ("Web & Cloud", "#3498db", ("WebAssembly", "Kubernetes", "Progressive Web Apps", "Serverless Python",
                                "Edge Caching", "Observability")),
    ("Hardware & IoT", "#2ecc71", ("RISC-V Boards", "Open Firmware", "Sensor Networks", "3D Printing",
                                   "Home Automation", "Open Hardware Licensing")),
    ("Security & Privacy", "#f1c40f", ("Supply-Chain Security", "Reproducible Builds", "Passkeys",
                                       "Threat Modelling", "Privacy by Design", "Fuzzing")),
    ("Community & Education", "#9b59b6", ("Mentoring Newcomers", "Open Source in Schools", "Sustainable Funding",
                                          "Documentation Sprints", "Inclusive Communities", "Hackathons")),
)
TITLE_PATTERNS = (
    "Getting Started with {}", "{} in Production", "Lessons Learned from {}", "The State of {}",
    "{}: A Hands-on Tour", "Scaling {} in Asia",
)
ROOMS = ("Main Hall", "Room 2-1", "Room 2-2", "Room 3-1", "Workshop Lab", "Exhibition Stage")
# (name, length) — lengths are "HH:MM" like Open Event
SESSION_TYPES = (("Talk", "00:30"), ("Workshop", "01:30"), ("Lightning Talk", "00:15"))
KEYNOTES = ("Opening Keynote: Open Source at the Heart of Asia", "Keynote: Open Hardware for Everyone",
            "Closing Keynote: The Next Ten Years of Open Tech")


@dataclass(frozen=True)
class Slot:
    room: str
    start: str  # local "HH:MM"
    minutes: int
    kind: str  # a SESSION_TYPES name, or "Keynote" (a talk in the main hall)


DAILY_SLOTS = (
    Slot("Main Hall", "09:00", 45, "Keynote"),
    *(Slot("Main Hall", start, 30, "Talk") for start in ("10:00", "11:00", "14:00", "16:00", "17:15")),
    *(Slot("Room 2-1", start, 30, "Talk") for start in ("10:00", "11:00", "14:00", "15:00")),
    *(Slot("Room 2-2", start, 30, "Talk") for start in ("10:30", "11:30", "14:30", "15:30")),
    *(Slot("Room 3-1", start, 30, "Talk") for start in ("10:00", "11:00", "15:00", "16:30")),
    *(Slot("Workshop Lab", start, 90, "Workshop") for start in ("10:00", "14:00")),
    *(Slot("Exhibition Stage", start, 15, "Lightning Talk") for start in ("13:00", "13:15", "13:30")),
)
SESSIONS_PER_DAY = len(DAILY_SLOTS)

FIRST_NAMES = ("Aiko", "Ananya", "Arjun", "Bao", "Chen", "Dewi", "Farah", "Hiroshi", "Isabel", "Jae-won",
               "Kavya", "Lina", "Mario", "Mei", "Nurul", "Omar", "Priya", "Rizal", "Sakura", "Tomasz",
               "Uma", "Vikram", "Wei", "Yuki")
LAST_NAMES = ("Tan", "Nguyen", "Sharma", "Lim", "Santos", "Kim", "Wong", "Rahman", "Sato", "Kowalski",
              "Putri", "Chua")
ORGANISATIONS = ("FOSSASIA", "Open Tech Lab", "Red Dot Robotics", "Lion City Cloud", "Merlion Data",
                 "Eunos Makers", "Open Source University", "Pixel & Co")
COUNTRIES = ("Singapore", "India", "Indonesia", "Vietnam", "Japan", "Germany", "Philippines", "Malaysia")


def demo_counts() -> dict[str, int]:
    """What `seed_demo` creates (tests assert these)."""
    return {
        "tickets": 3, "tracks": len(TRACKS), "microlocations": len(ROOMS), "session_types": len(SESSION_TYPES),
        "speakers": SPEAKER_COUNT, "sessions": SESSIONS_PER_DAY * DAYS,
        "pending": PENDING_COUNT, "draft": DRAFT_COUNT,
    }


async def seed_demo(db: AsyncSession, *, start: date | None = None, password: str | None = None) -> Event:
    """Create the demo event and commit. `password` for a new demo organizer (random when None)."""
    rng = random.Random(SEED)
    first_day = start or (datetime.now(timezone.utc).date() + timedelta(days=60))
    owner = await _demo_owner(db, password)
    event = await _event(db, first_day)
    await grant_event_role(db, user_id=owner.id, event_id=event.id, role="owner")
    db.add_all(_tickets(event))
    tracks = [Track(event_id=event.id, name=name, color=color, position=i, description=f"Talks about {name}.")
              for i, (name, color, _) in enumerate(TRACKS, start=1)]
    rooms = {name: Microlocation(event_id=event.id, name=name, position=i, floor=_floor(name))
             for i, name in enumerate(ROOMS, start=1)}
    types = {name: SessionType(event_id=event.id, name=name, length=length, position=i)
             for i, (name, length) in enumerate(SESSION_TYPES, start=1)}
    db.add_all([*tracks, *rooms.values(), *types.values()])
    await db.flush()
    speakers = _speakers(event, rng)
    sessions = _sessions(event, first_day, tracks, rooms, types, rng)
    _assign_speakers(sessions, speakers, rng)
    db.add_all([*speakers, *sessions])
    await db.commit()
    return event


async def _password_hash(password: str) -> str:
    try:
        from openevent.auth.service import hash_password
    except ImportError:  # the auth service is optional for the demo
        from argon2 import PasswordHasher

        return PasswordHasher().hash(password)
    return await hash_password(password)


async def _demo_owner(db: AsyncSession, password: str | None) -> User:
    existing = await db.execute(select(User).where(User.email == DEMO_EMAIL, User.deleted_at.is_(None)))
    user = existing.scalars().first()
    if user is not None:
        return user
    user = User(email=DEMO_EMAIL, password_hash=await _password_hash(password or secrets.token_urlsafe(24)),
                first_name="Demo", last_name="Organizer", public_name="Demo Organizer", is_verified=True)
    db.add(user)
    await db.flush()
    return user


def local_instant(day: date, clock: str) -> datetime:
    """A local wall-clock time in the demo timezone, as an aware UTC datetime."""
    hours, minutes = (int(part) for part in clock.split(":"))
    return datetime.combine(day, time(hours, minutes), tzinfo=ZoneInfo(TIMEZONE)).astimezone(timezone.utc)


async def _event(db: AsyncSession, first_day: date) -> Event:
    last_day = first_day + timedelta(days=DAYS - 1)
    event = Event(
        name="FOSSASIA Summit (demo)",
        description="Three days of talks and workshops about open source, open hardware and open knowledge.",
        starts_at=local_instant(first_day, "09:00"),
        ends_at=local_instant(last_day, "18:00"),
        timezone=TIMEZONE,
        state="published",
        privacy="public",
        location_name="Lifelong Learning Institute, 11 Eunos Road 8, Singapore 408601",
        searchable_location_name="Singapore",
        latitude=1.3197,
        longitude=103.8927,
        owner_name="FOSSASIA",
        owner_description="A community building open technologies in Asia.",
        has_owner_info=True,
        is_sessions_speakers_enabled=True,
        schedule_published_on=datetime.now(timezone.utc),
        code_of_conduct="Be kind, be respectful, be excellent to each other.",
        payment_country="SG",
        payment_currency="SGD",
        can_pay_onsite=True,
        onsite_details="Pay at the registration desk.",
        is_donation_enabled=True,
    )
    return await insert_with_identifier(db, event)


def _tickets(event: Event) -> list[Ticket]:
    sales_start = event.starts_at - timedelta(days=90)
    common = {"event_id": event.id, "sales_starts_at": sales_start, "sales_ends_at": event.starts_at}
    return [
        Ticket(name="Community Pass", type="free", price=Decimal("0"), quantity=500, position=1,
               description="Talks and exhibition, all three days.", **common),
        Ticket(name="Professional Pass", type="paid", price=Decimal("120.00"), quantity=300, position=2,
               description="Everything, including workshops and lunch.", **common),
        Ticket(name="Supporter", type="donation", price=Decimal("0"), min_price=Decimal("20.00"),
               max_price=Decimal("1000.00"), quantity=100, position=3,
               description="Pay what you like and support the community.", **common),
    ]


def _floor(room: str) -> int:
    digits = [c for c in room if c.isdigit()]
    return int(digits[0]) if digits else 1


def _speakers(event: Event, rng: random.Random) -> list[Speaker]:
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    chosen = rng.sample(names, SPEAKER_COUNT)
    speakers = []
    for order, (first, last) in enumerate(chosen, start=1):
        handle = f"{first}{last}".lower().replace("-", "")
        speakers.append(Speaker(
            event_id=event.id,
            name=f"{first} {last}",
            email=f"{first}.{last}@example.org".lower(),
            organisation=rng.choice(ORGANISATIONS),
            country=rng.choice(COUNTRIES),
            short_biography=f"{first} works on open source projects and loves sharing what they learn.",
            website=f"https://{handle}.example.org",
            github=f"https://github.com/{handle}",
            is_featured=order <= 6,
            order=order,
        ))
    return speakers


def _titles(rng: random.Random) -> dict[int, list[str]]:
    """Unique talk titles per track index, shuffled."""
    titles = {}
    for index, (_, _, subjects) in enumerate(TRACKS):
        pool = [pattern.format(subject) for subject in subjects for pattern in TITLE_PATTERNS]
        rng.shuffle(pool)
        titles[index] = pool
    return titles


def _sessions(event, first_day, tracks, rooms, types, rng: random.Random) -> list[Session]:
    titles = _titles(rng)
    sessions = []
    for day_index in range(DAYS):
        day = first_day + timedelta(days=day_index)
        for slot in DAILY_SLOTS:
            track_index = rng.randrange(len(tracks))
            title = KEYNOTES[day_index] if slot.kind == "Keynote" else titles[track_index].pop()
            starts = local_instant(day, slot.start)
            sessions.append(Session(
                event_id=event.id,
                title=title,
                short_abstract=f"{title}: what works, what does not, and what comes next.",
                level=rng.choice(("Beginner", "Intermediate", "Advanced")),
                language="English",
                starts_at=starts,
                ends_at=starts + timedelta(minutes=slot.minutes),
                track_id=tracks[track_index].id,
                microlocation_id=rooms[slot.room].id,
                session_type_id=types["Talk" if slot.kind == "Keynote" else slot.kind].id,
                state=rng.choice(("accepted", "confirmed", "confirmed")),
                submitted_at=event.starts_at - timedelta(days=120),
            ))
    _mark_for_review(sessions, rng)
    return sessions


def _mark_for_review(sessions: list[Session], rng: random.Random) -> None:
    """A few proposals still pending or in draft (never a keynote)."""
    candidates = [s for s in sessions if s.title not in KEYNOTES]
    chosen = rng.sample(candidates, PENDING_COUNT + DRAFT_COUNT)
    for session in chosen[:PENDING_COUNT]:
        session.state = "pending"
    for session in chosen[PENDING_COUNT:]:
        session.state = "draft"


def _assign_speakers(sessions: list[Session], speakers: list[Speaker], rng: random.Random) -> None:
    """Every speaker gets a session; every session a speaker; long sessions a second one.
    Nobody speaks in two sessions at the same time."""
    targets = sessions[:]
    rng.shuffle(targets)
    for session in sessions:
        session.speakers = []
    for index, speaker in enumerate(speakers):
        targets[index % len(targets)].speakers.append(speaker)
    for session in targets:
        wanted = 2 if session.ends_at - session.starts_at >= timedelta(minutes=45) else 1
        while len(session.speakers) < wanted:
            session.speakers.append(rng.choice(_free_speakers(session, sessions, speakers)))


def _free_speakers(session: Session, sessions: list[Session], speakers: list[Speaker]) -> list[Speaker]:
    busy = {id(s) for other in sessions if _overlap(session, other) for s in other.speakers}
    return [s for s in speakers if id(s) not in busy]


def _overlap(one: Session, other: Session) -> bool:
    return one.starts_at < other.ends_at and other.starts_at < one.ends_at
