"""The one public-programme query shared by every export format."""

from __future__ import annotations

import dataclasses
from datetime import timedelta, timezone

import pytest

from openevent.core.db import utcnow
from openevent.exports.schedule_data import ScheduleNotFound, ScheduleSpeaker, load_schedule

from .factories import local, make_room, make_session, make_speaker, make_track
from .sample import HIDDEN_ROOM, ROOM, SPEAKER, TITLE, TRACK


async def test_only_public_scheduled_sessions_of_this_event(db, programme):
    schedule = await load_schedule(db, programme.event.id)

    assert {s.id for s in schedule.sessions} == set(programme.public.values())
    assert not {s.id for s in schedule.sessions} & set(programme.hidden.values())


async def test_sessions_are_in_programme_order_with_local_aware_times(db, programme):
    schedule = await load_schedule(db, programme.event.id)

    starts = [s.starts_at for s in schedule.sessions]
    assert starts == sorted(starts)
    for session in schedule.sessions:
        assert session.starts_at.tzinfo is schedule.event.zone
        assert session.ends_at.tzinfo is schedule.event.zone
    assert schedule.event.timezone_name == "Europe/Berlin"
    assert schedule.generated_at.tzinfo is not None


async def test_dst_and_midnight_sessions(db, programme):
    sessions = {s.id: s for s in (await load_schedule(db, programme.event.id)).sessions}

    dst = sessions[programme.public["dst"]]
    assert dst.starts_at.strftime("%H:%M %z") == "01:30 +0100"
    assert dst.ends_at.strftime("%H:%M %z") == "03:30 +0200"
    assert dst.duration == timedelta(hours=1)  # not the two hours the wall clock suggests

    midnight = sessions[programme.public["midnight"]]
    assert midnight.starts_at.astimezone(timezone.utc).date().isoformat() == "2027-03-27"
    assert midnight.local_date.isoformat() == "2027-03-28"


async def test_relations_are_loaded_and_deleted_ones_left_out(db, programme):
    sessions = {s.id: s for s in (await load_schedule(db, programme.event.id)).sessions}

    open_session = sessions[programme.public["open"]]
    assert open_session.title == TITLE
    assert open_session.room.name == ROOM
    assert open_session.track.name == TRACK
    assert open_session.session_type == "Workshop"
    assert open_session.abstract == "Short <abstract> & more"
    assert open_session.description == "Long\nabstract"
    # ordered by speaker order; the deleted speaker and the other event's speaker are gone
    assert [s.name for s in open_session.speakers] == [SPEAKER, "Grace Hopper"]
    assert open_session.slides_url == "https://files.example.org/slides.pdf"
    assert open_session.audio_url is None  # "javascript:" URLs never leave the server

    bare = sessions[programme.public["bare"]]
    assert (bare.room, bare.track, bare.session_type, bare.abstract, bare.speakers) == (None, None, None, None, ())
    assert sessions[programme.public["gone_room"]].room is None
    assert sessions[programme.public["gone_track"]].track is None
    assert sessions[programme.public["hidden_room"]].room.name == HIDDEN_ROOM


async def test_speakers_carry_no_contact_data():
    fields = {f.name for f in dataclasses.fields(ScheduleSpeaker)}
    assert fields == {"id", "name", "organisation", "position"}


async def test_rooms_and_tracks_of_the_programme(db, programme):
    schedule = await load_schedule(db, programme.event.id)

    assert [r.name for r in schedule.rooms] == ["Small 🎈", ROOM, HIDDEN_ROOM]
    assert [t.name for t in schedule.tracks] == [TRACK]


async def test_results_are_fresh_even_with_objects_in_the_identity_map(db, programme):
    """Objects created in the same ORM session must not leak stale relationships."""
    schedule = await load_schedule(db, programme.event.id)
    assert programme.public["open"] in {s.id for s in schedule.sessions}
    from openevent.schedule.models import Session

    row = await db.get(Session, programme.public["open"])
    row.state = "rejected"
    await db.commit()

    schedule = await load_schedule(db, programme.event.id)
    assert programme.public["open"] not in {s.id for s in schedule.sessions}


async def test_missing_and_deleted_events(db):
    from tests.factories import make_event

    with pytest.raises(ScheduleNotFound):
        await load_schedule(db, 987654)
    event = await make_event(db, deleted_at=utcnow())
    with pytest.raises(ScheduleNotFound):
        await load_schedule(db, event.id)


async def _programme_of(db, size: int):
    from tests.factories import make_event

    berlin = "Europe/Berlin"
    event = await make_event(db, timezone=berlin)
    rooms = [await make_room(db, event, f"Room {n}", position=n) for n in range(3)]
    tracks = [await make_track(db, event, f"Track {n}") for n in range(3)]
    speakers = [await make_speaker(db, event, f"Speaker {n}") for n in range(4)]
    for n in range(size):
        await make_session(db, event, f"Talk {n}", starts_at=local(berlin, 2027, 3, 1, 9, 0) + timedelta(hours=n),
                           microlocation_id=rooms[n % 3].id, track_id=tracks[n % 3].id,
                           speakers=speakers[: 1 + n % 4])
    await db.commit()
    db.expunge_all()
    return event


async def test_query_count_does_not_grow_with_the_programme(db, count_queries):
    small = await _programme_of(db, 5)
    large = await _programme_of(db, 50)

    with count_queries() as small_counter:
        small_schedule = await load_schedule(db, small.id)
    with count_queries() as large_counter:
        large_schedule = await load_schedule(db, large.id)

    assert (len(small_schedule.sessions), len(large_schedule.sessions)) == (5, 50)
    assert small_counter.count == large_counter.count == 3, large_counter.statements
