"""Who sees which sessions, speakers, tickets and event children: exact tables.

Columns: the caller. Rows: the published and the draft event. Values: the names
(see world.py) of the rows the caller must see; everything else is invisible,
in lists, on detail routes and as includes.
"""

import pytest

from openevent.schedule.models import SESSION_STATES

from .world import ACTORS, build_world

ALL_STATES = set(SESSION_STATES)
PUBLIC = {"accepted", "confirmed"}

VISIBLE_SESSIONS = {
    "anonymous": {"published": PUBLIC, "draft": set()},
    "outsider": {"published": PUBLIC, "draft": set()},
    "speaker": {"published": PUBLIC | {"pending"}, "draft": set()},
    "email_speaker": {"published": PUBLIC | {"draft"}, "draft": set()},
    "creator": {"published": PUBLIC | {"rejected"}, "draft": set()},
    "moderator": {"published": ALL_STATES, "draft": set()},
    "team": {"published": ALL_STATES, "draft": ALL_STATES},
    "admin": {"published": ALL_STATES, "draft": ALL_STATES},
}

EVERY_SPEAKER = {"public", "linked", "by_email", "lonely"}
VISIBLE_SPEAKERS = {
    "anonymous": {"published": {"public"}, "draft": set()},
    "outsider": {"published": {"public"}, "draft": set()},
    "speaker": {"published": {"public", "linked"}, "draft": set()},
    "email_speaker": {"published": {"public", "by_email"}, "draft": set()},
    "creator": {"published": {"public"}, "draft": set()},
    "moderator": {"published": EVERY_SPEAKER, "draft": set()},
    "team": {"published": EVERY_SPEAKER, "draft": EVERY_SPEAKER},
    "admin": {"published": EVERY_SPEAKER, "draft": EVERY_SPEAKER},
}

# Speakers whose email and mobile the caller may read.
PRIVATE_SPEAKER_VIEW = {
    "anonymous": set(),
    "outsider": set(),
    "speaker": {"linked"},
    "email_speaker": {"by_email"},
    "creator": set(),
    "moderator": EVERY_SPEAKER,
    "team": EVERY_SPEAKER,
    "admin": EVERY_SPEAKER,
}

VISIBLE_TICKETS = {
    "anonymous": {"published": {"shown"}, "draft": set()},
    "outsider": {"published": {"shown"}, "draft": set()},
    "speaker": {"published": {"shown"}, "draft": set()},
    "email_speaker": {"published": {"shown"}, "draft": set()},
    "creator": {"published": {"shown"}, "draft": set()},
    "moderator": {"published": {"shown", "hidden"}, "draft": set()},
    "team": {"published": {"shown", "hidden"}, "draft": {"shown", "hidden"}},
    "admin": {"published": {"shown", "hidden"}, "draft": {"shown", "hidden"}},
}


@pytest.fixture
async def world(db):
    return await build_world(db)


def ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["data"]}


@pytest.mark.parametrize("actor", ACTORS)
async def test_session_list_shows_exactly_what_the_caller_may_see(client, world, actor):
    expected = set()
    for event_key, states in VISIBLE_SESSIONS[actor].items():
        expected |= world.session_ids(event_key, states)
    response = await client.get("/v1/sessions?page[size]=0", headers=world.headers(actor))
    assert ids(response) == expected
    assert response.json()["meta"] == {"count": len(expected)}


@pytest.mark.parametrize("actor", ACTORS)
async def test_session_details_are_404_when_invisible(client, world, actor):
    for (event_key, name), session in world.sessions.items():
        response = await client.get(f"/v1/sessions/{session.id}", headers=world.headers(actor))
        visible = name in VISIBLE_SESSIONS[actor][event_key]
        assert response.status_code == (200 if visible else 404), (event_key, name)


@pytest.mark.parametrize("actor", ACTORS)
async def test_speaker_details_are_404_when_invisible(client, world, actor):
    for (event_key, name), speaker in world.speakers.items():
        response = await client.get(f"/v1/speakers/{speaker.id}", headers=world.headers(actor))
        visible = name in VISIBLE_SPEAKERS[actor][event_key]
        assert response.status_code == (200 if visible else 404), (event_key, name)


@pytest.mark.parametrize("actor", ACTORS)
async def test_included_speakers_are_the_visible_ones(client, world, actor):
    response = await client.get("/v1/sessions?page[size]=0&include=speakers", headers=world.headers(actor))
    assert response.status_code == 200
    included = {item["id"] for item in response.json().get("included", [])}
    # Every visible speaker of this world speaks in some session the caller also sees,
    # except the lonely one.
    expected = set()
    for event_key, names in VISIBLE_SPEAKERS[actor].items():
        expected |= world.speaker_ids(event_key, names - {"lonely"})
    assert included == expected


@pytest.mark.parametrize("actor", ACTORS)
async def test_speaker_email_and_mobile_only_for_team_admin_and_self(client, world, actor):
    for (event_key, name), speaker in world.speakers.items():
        if name not in VISIBLE_SPEAKERS[actor][event_key]:
            continue
        response = await client.get(f"/v1/speakers/{speaker.id}", headers=world.headers(actor))
        attributes = response.json()["data"]["attributes"]
        private = name in PRIVATE_SPEAKER_VIEW[actor]
        assert ("email" in attributes) is private, (event_key, name)
        assert ("mobile" in attributes) is private, (event_key, name)
        if private:
            assert attributes["email"] == speaker.email
            assert attributes["mobile"] == speaker.mobile


async def test_public_cannot_filter_or_sort_speakers_by_private_fields(client, world):
    speaker = world.speakers[("published", "public")]
    as_filter = await client.get(
        f"/v1/speakers/{speaker.id}/sessions?filter="
        '[{"name":"speakers","op":"any","val":{"name":"email","op":"eq","val":"public@example.com"}}]'
    )
    assert as_filter.status_code == 400
    assert as_filter.json()["errors"][0]["source"] == {"parameter": "filter"}
    session = world.sessions[("published", "accepted")]
    as_sort = await client.get(f"/v1/sessions/{session.id}/speakers?sort=email", headers=world.headers("team"))
    assert as_sort.status_code == 400
    assert as_sort.json()["errors"][0]["source"] == {"parameter": "sort"}


@pytest.mark.parametrize("actor", ACTORS)
async def test_hidden_tickets_only_for_team_and_admin(client, world, actor):
    for (event_key, name), ticket in world.tickets.items():
        response = await client.get(f"/v1/tickets/{ticket.id}", headers=world.headers(actor))
        visible = name in VISIBLE_TICKETS[actor][event_key]
        assert response.status_code == (200 if visible else 404), (event_key, name)


@pytest.mark.parametrize("actor", ACTORS)
async def test_tracks_follow_their_event_and_soft_delete(client, world, actor):
    for (event_key, name), track in world.tracks.items():
        response = await client.get(f"/v1/tracks/{track.id}", headers=world.headers(actor))
        sees_event = event_key == "published" or actor in {"team", "admin"}
        visible = sees_event and name != "gone"
        assert response.status_code == (200 if visible else 404), (event_key, name)


@pytest.mark.parametrize("actor", ACTORS)
async def test_related_sessions_of_a_track_are_filtered_too(client, world, actor):
    track = world.tracks[("published", "web")]
    response = await client.get(f"/v1/tracks/{track.id}/sessions?page[size]=0", headers=world.headers(actor))
    assert ids(response) == world.session_ids("published", VISIBLE_SESSIONS[actor]["published"])
    linkage = await client.get(f"/v1/tracks/{track.id}/relationships/sessions", headers=world.headers(actor))
    assert ids(linkage) == world.session_ids("published", VISIBLE_SESSIONS[actor]["published"])


async def test_only_admins_see_trashed_rows(client, world):
    session = world.sessions[("published", "deleted")]
    for actor, status in (("anonymous", 404), ("team", 404), ("admin", 200)):
        response = await client.get(f"/v1/sessions/{session.id}?get_trashed=true", headers=world.headers(actor))
        assert response.status_code == status, actor
