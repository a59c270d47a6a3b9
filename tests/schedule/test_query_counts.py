"""Bounded queries: a list costs the same number of SQL statements at any page size.

Anonymous list: 1 count + 1 page + 1 per included relationship (+1 for the parent
event on /v1/events/{id}/...); a logged-in caller adds 2 (user and roles), once.
"""

from itertools import combinations

import pytest
from sqlalchemy import select

from openevent.schedule.models import Microlocation, Speaker, Track

from ..factories import auth_header, make_event, make_member, make_user
from . import factories as f

SESSION_INCLUDES = ("speakers", "track", "microlocation", "session-type", "event")
CHILD_INCLUDES = ("event", "sessions")
SPEAKER_INCLUDES = ("event", "sessions", "sessions.track")
TICKET_INCLUDES = ("event",)


def every_combination(names):
    for size in range(len(names) + 1):
        yield from combinations(names, size)


@pytest.fixture
async def big_event(db):
    """60 public sessions, each with its own speakers, spread over 6 tracks/rooms/types."""
    event = await make_event(db)
    tracks = [f.track(event, f"Track {i}", position=i) for i in range(6)]
    rooms = [f.room(event, f"Room {i}", position=i) for i in range(6)]
    types = [f.session_type(event, f"Type {i}", position=i) for i in range(6)]
    tickets = [f.ticket(event, f"Ticket {i}", position=i) for i in range(60)]
    await f.add(db, *tracks, *rooms, *types, *tickets)
    sessions = []
    for i in range(60):
        session = f.session(event, f"Talk {i}", "accepted" if i % 2 else "confirmed", minutes=30 * i,
                            track_id=tracks[i % 6].id, microlocation_id=rooms[i % 6].id,
                            session_type_id=types[i % 6].id)
        session.speakers = [f.speaker(event, f"Speaker {i}a"), f.speaker(event, f"Speaker {i}b")]
        sessions.append(session)
    await f.add(db, *sessions)
    return event


def loaded_relationships(paths) -> int:
    """One selectin load per distinct relationship along the include paths."""
    prefixes = set()
    for path in paths:
        parts = path.split(".")
        prefixes.update(".".join(parts[: i + 1]) for i in range(len(parts)))
    return len(prefixes)


async def statements(client, count_queries, url: str, headers=None) -> int:
    with count_queries() as counter:
        response = await client.get(url, headers=headers or {})
    assert response.status_code == 200, response.text
    return counter.count


async def assert_bounded(client, count_queries, path: str, includes, base_cost: int, headers=None):
    for combo in every_combination(includes):
        include = f"include={','.join(combo)}&" if combo else ""
        small = await statements(client, count_queries, f"{path}?{include}page[size]=5", headers)
        large = await statements(client, count_queries, f"{path}?{include}page[size]=50", headers)
        expected = base_cost + loaded_relationships(combo)
        assert (small, large) == (expected, expected), combo


async def test_flat_session_list(client, count_queries, big_event):
    await assert_bounded(client, count_queries, "/v1/sessions", SESSION_INCLUDES, base_cost=2)


async def test_flat_session_list_logged_in(client, db, count_queries, big_event):
    organizer = await make_member(db, big_event, "organizer")
    await assert_bounded(client, count_queries, "/v1/sessions", SESSION_INCLUDES, base_cost=4,
                         headers=auth_header(organizer))


async def test_event_session_list(client, count_queries, big_event):
    await assert_bounded(client, count_queries, f"/v1/events/{big_event.id}/sessions", SESSION_INCLUDES, base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/events/{big_event.identifier}/sessions", ("speakers", "track"),
                         base_cost=3)


@pytest.mark.parametrize("collection", ["tracks", "microlocations", "session-types"])
async def test_event_children_lists(client, count_queries, big_event, collection):
    await assert_bounded(client, count_queries, f"/v1/events/{big_event.id}/{collection}", CHILD_INCLUDES, base_cost=3)


async def test_event_speaker_list(client, count_queries, big_event):
    await assert_bounded(client, count_queries, f"/v1/events/{big_event.id}/speakers", SPEAKER_INCLUDES, base_cost=3)


async def test_event_ticket_list(client, count_queries, big_event):
    await assert_bounded(client, count_queries, f"/v1/events/{big_event.id}/tickets", TICKET_INCLUDES, base_cost=3)


async def test_event_detail_with_nested_programme(client, count_queries, big_event):
    url = f"/v1/events/{big_event.id}?include=sessions.track,sessions.speakers,sessions.microlocation"
    assert await statements(client, count_queries, url) == 5


async def test_related_session_lists(client, db, count_queries, big_event):
    track = (await db.execute(select(Track).where(Track.event_id == big_event.id).limit(1))).scalar_one()
    room = (await db.execute(select(Microlocation).where(Microlocation.event_id == big_event.id).limit(1))).scalar_one()
    # 10 sessions per track and per room: pages of 5 and 50 differ.
    await assert_bounded(client, count_queries, f"/v1/tracks/{track.id}/sessions", SESSION_INCLUDES, base_cost=3)
    await assert_bounded(client, count_queries, f"/v1/microlocations/{room.id}/sessions", ("speakers", "track"),
                         base_cost=3)


async def test_event_speaker_list_with_users_for_the_team(client, db, count_queries, big_event):
    """The team sees the private `user` relationship; including it is one more statement, at any page size."""
    organizer = await make_member(db, big_event, "organizer")
    speakers = (await db.execute(select(Speaker).where(Speaker.event_id == big_event.id))).scalars().all()
    for speaker in speakers[::2]:
        speaker.user_id = (await make_user(db)).id
    await db.commit()
    await assert_bounded(client, count_queries, f"/v1/events/{big_event.id}/speakers", SPEAKER_INCLUDES + ("user",),
                         base_cost=5, headers=auth_header(organizer))
