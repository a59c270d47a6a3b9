"""The demo event: exactly the promised programme, inside the event, at sensible local times."""

from collections import Counter
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from openevent.auth.models import User, UsersEventsRoles
from openevent.demo import DEMO_EMAIL, demo_counts, seed_demo
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track
from openevent.ticketing.models import Ticket

START = date(2027, 3, 12)


async def count(db, model, event) -> int:
    return (await db.execute(select(func.count()).select_from(model).where(model.event_id == event.id))).scalar_one()


async def test_seed_demo_creates_the_promised_programme(db):
    event = await seed_demo(db, start=START)
    counts = demo_counts()
    assert counts == {"tickets": 3, "tracks": 5, "microlocations": 6, "session_types": 3, "speakers": 48,
                      "sessions": 69, "pending": 5, "draft": 2}
    assert event.state == "published" and event.timezone == "Asia/Singapore"
    assert len(event.identifier) == 8
    for model, key in ((Ticket, "tickets"), (Track, "tracks"), (Microlocation, "microlocations"),
                       (SessionType, "session_types"), (Speaker, "speakers"), (Session, "sessions")):
        assert await count(db, model, event) == counts[key], key
    states = Counter((await db.execute(select(Session.state).where(Session.event_id == event.id))).scalars())
    assert states["pending"] == 5 and states["draft"] == 2
    assert states["accepted"] + states["confirmed"] == 62
    tickets = (await db.execute(select(Ticket).where(Ticket.event_id == event.id).order_by(Ticket.position))).scalars()
    assert [(t.type, t.position) for t in tickets] == [("free", 1), ("paid", 2), ("donation", 3)]
    owner = (await db.execute(select(User).where(User.email == DEMO_EMAIL))).scalar_one()
    roles = (await db.execute(select(UsersEventsRoles).where(UsersEventsRoles.user_id == owner.id))).scalars().all()
    assert [r.event_id for r in roles] == [event.id]


async def test_demo_sessions_lie_inside_the_event_between_nine_and_six_local(db):
    event = await seed_demo(db, start=START)
    local = ZoneInfo("Asia/Singapore")
    sessions = (await db.execute(select(Session).where(Session.event_id == event.id))).scalars().all()
    assert event.starts_at.astimezone(local).date() == START
    assert event.ends_at.astimezone(local).date() == START + timedelta(days=2)
    days = set()
    for session in sessions:
        assert event.starts_at <= session.starts_at < session.ends_at <= event.ends_at, session.title
        starts, ends = session.starts_at.astimezone(local), session.ends_at.astimezone(local)
        assert starts.date() == ends.date()
        assert time(9, 0) <= starts.time() and ends.time() <= time(18, 0), session.title
        days.add(starts.date())
    assert days == {START, START + timedelta(days=1), START + timedelta(days=2)}


async def test_every_demo_speaker_speaks_and_nobody_is_in_two_rooms_at_once(db):
    event = await seed_demo(db, start=START)
    from sqlalchemy.orm import selectinload

    sessions = (await db.execute(select(Session).where(Session.event_id == event.id)
                                 .options(selectinload(Session.speakers)))).scalars().all()
    speaking = Counter(speaker.id for session in sessions for speaker in session.speakers)
    assert len(speaking) == 48
    assert all(session.speakers for session in sessions)
    for one in sessions:
        for other in sessions:
            if one.id < other.id and one.starts_at < other.ends_at and other.starts_at < one.ends_at:
                assert not {s.id for s in one.speakers} & {s.id for s in other.speakers}
                assert one.microlocation_id != other.microlocation_id


async def test_seed_demo_is_deterministic_and_can_run_twice(db):
    first = await seed_demo(db, start=START)
    second = await seed_demo(db, start=START)
    assert first.identifier != second.identifier

    async def programme(event):
        rows = await db.execute(select(Session.title, Session.state, Session.starts_at)
                                .where(Session.event_id == event.id).order_by(Session.starts_at, Session.title))
        return rows.all()

    assert await programme(first) == await programme(second)
    assert (await db.execute(select(func.count()).select_from(User).where(User.email == DEMO_EMAIL))).scalar_one() == 1


async def test_demo_programme_reads_through_the_api(client, db):
    event = await seed_demo(db, start=START)
    response = await client.get(f"/v1/events/{event.identifier}/sessions?include=speakers,track,microlocation&page[size]=0")
    assert response.status_code == 200
    assert response.json()["meta"] == {"count": 62}
