"""Writing speakers: organisers, self-service profiles in an open call, unique emails, session links."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from openevent.schedule import speaker_writers
from openevent.schedule.models import Session, Speaker

from ..factories import make_event, make_member, make_user
from . import factories as f
from .http import delete, doc, error_of, patch, pointer_of, post, to_many

OLD = datetime(2026, 1, 1, tzinfo=timezone.utc)


def speaker_doc(event=None, id_=None, relationships=None, **attributes):
    attrs = {k.replace("_", "-"): v for k, v in attributes.items()}
    return doc("speaker", attrs, event, id_, relationships)


async def count_speakers(db) -> int:
    return await db.scalar(select(func.count()).select_from(Speaker))


async def modified(db, session) -> datetime:
    await db.refresh(session)
    return session.last_modified_at


async def test_organiser_creates_a_speaker_with_sessions(client, db):
    event = await make_event(db)
    organiser = await make_member(db, event, "track_organizer")
    talk, other = await f.add(db, f.session(event, "Talk", last_modified_at=OLD),
                              f.session(event, "Other", last_modified_at=OLD))
    body = speaker_doc(event, name="Ada", email=" Ada@Example.COM ", mobile="+65 1", short_biography=
                       "<p>Hi<script>x()</script></p>", website="https://ada.example",
                       relationships={"sessions": to_many("session", [talk])})
    response = await post(client, "speakers", body, organiser)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"]["email"] == "ada@example.com"
    assert data["attributes"]["mobile"] == "+65 1"
    assert data["attributes"]["short-biography"] == "<p>Hi</p>"
    assert data["relationships"]["user"]["links"]["related"].endswith(f"/v1/speakers/{data['id']}/user")
    linkage = await client.get(f"/v1/speakers/{data['id']}/relationships/sessions")
    assert linkage.json()["data"] == [{"type": "session", "id": str(talk.id)}]
    assert await modified(db, talk) > OLD
    assert await modified(db, other) == OLD
    # the public sees the speaker (accepted session) without email, mobile or user
    public = (await client.get(f"/v1/speakers/{data['id']}")).json()["data"]
    assert "email" not in public["attributes"] and "mobile" not in public["attributes"]
    assert "user" not in public.get("relationships", {})


async def test_email_is_unique_per_event_case_insensitively(client, db):
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    await f.add(db, f.speaker(event, "Legacy", email="Grace@Example.com"))
    before = await count_speakers(db)
    response = await post(client, "speakers", speaker_doc(event, name="Grace", email="grace@EXAMPLE.com"), organiser)
    assert pointer_of(response, 409) == "/data/attributes/email"
    assert await count_speakers(db) == before
    # another event may use the same email; a deleted speaker frees it
    other = await make_event(db, owner=organiser)
    response = await post(client, "speakers", speaker_doc(other, name="Grace", email="grace@example.com"), organiser)
    assert response.status_code == 201, response.text
    new = await f.add(db, f.speaker(event, "New", email="new@example.com"))
    response = await patch(client, f"/v1/speakers/{new.id}",
                           speaker_doc(id_=new.id, email="GRACE@example.com"), organiser)
    assert pointer_of(response, 409) == "/data/attributes/email"
    response = await patch(client, f"/v1/speakers/{new.id}", speaker_doc(id_=new.id, email="not-an-email"), organiser)
    assert pointer_of(response, 422) == "/data/attributes/email"


async def test_concurrent_duplicate_is_a_409_from_the_index(client, db, monkeypatch):
    """Without the pre-check (as when two requests pass it at once) the unique index answers."""
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    await f.add(db, f.speaker(event, "First", email="same@example.com"))

    async def no_check(*args, **kwargs):
        return None

    monkeypatch.setattr(speaker_writers, "check_unique_email", no_check)
    before = await count_speakers(db)
    response = await post(client, "speakers", speaker_doc(event, name="Second", email="same@example.com"), organiser)
    assert pointer_of(response, 409) == "/data/attributes/email"
    assert await count_speakers(db) == before


async def open_event(db, *, call: bool = True, open_now: bool = True, enabled: bool = True):
    event = await make_event(db, is_sessions_speakers_enabled=enabled)
    if call:
        await f.add(db, f.speakers_call(event, open_now=open_now))
    return event


async def test_verified_user_creates_own_profile_in_an_open_call(client, db):
    event = await open_event(db)
    user = await make_user(db, email="Self@Example.com", is_verified=True)
    own = await f.add(db, f.session(event, "Mine", "pending", creator_id=user.id, last_modified_at=OLD))
    response = await post(client, "speakers", speaker_doc(event, name="Me", relationships={
        "sessions": to_many("session", [own]),
        "user": {"data": {"type": "user", "id": str(user.id)}}}), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"]["email"] == "self@example.com"
    speaker = await db.get(Speaker, int(data["id"]))
    assert speaker.user_id == user.id
    assert await modified(db, own) > OLD
    # and edits it
    response = await patch(client, f"/v1/speakers/{data['id']}",
                           speaker_doc(id_=data["id"], organisation="ACME", email="SELF@example.com"), user)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["organisation"] == "ACME"


@pytest.mark.parametrize(("case", "status", "pointer"), [
    ("unverified", 403, None),
    ("no call", 403, "/data/relationships/event"),
    ("call closed", 403, "/data/relationships/event"),
    ("speakers disabled", 403, "/data/relationships/event"),
    ("other user", 403, "/data/relationships/user"),
    ("other email", 422, "/data/attributes/email"),
    ("featured", 403, "/data/attributes/is-featured"),
    ("order", 403, "/data/attributes/order"),
    ("foreign session", 403, "/data/relationships/sessions"),
    ("draft event", 404, "/data/relationships/event"),
])
async def test_self_service_limits(client, db, case, status, pointer):
    event = await open_event(db, call=case != "no call", open_now=case != "call closed",
                             enabled=case != "speakers disabled")
    if case == "draft event":
        event.state = "draft"
        await db.commit()
    user = await make_user(db, is_verified=case != "unverified")
    stranger = await make_user(db)
    attributes = {"name": "Me"}
    relationships = {}
    if case == "other user":
        relationships["user"] = {"data": {"type": "user", "id": str(stranger.id)}}
    if case == "other email":
        attributes["email"] = "someone.else@example.com"
    if case == "featured":
        attributes["is_featured"] = True
    if case == "order":
        attributes["order"] = 3
    if case == "foreign session":
        theirs = await f.add(db, f.session(event, "Theirs", "pending", creator_id=stranger.id))
        relationships["sessions"] = to_many("session", [theirs])
    before = await count_speakers(db)
    response = await post(client, "speakers", speaker_doc(event, relationships=relationships, **attributes), user)
    error = error_of(response, status)
    assert error.get("source", {}).get("pointer") == pointer
    assert await count_speakers(db) == before


async def test_who_may_create_update_and_delete(client, db):
    event = await make_event(db)  # no call: only organisers
    rows = {}
    for role in ("registrar", "moderator", "track_organizer", "coorganizer", "organizer", "owner"):
        rows[role] = await make_member(db, event, role)
    rows["admin"] = await make_user(db, is_admin=True)
    rows["outsider"] = await make_user(db, is_verified=True)
    other_team = await make_member(db, await make_event(db), "owner")
    expected = {"anonymous": 401, "outsider": 403, "other team": 403, "registrar": 403, "moderator": 403,
                "track_organizer": 201, "coorganizer": 201, "organizer": 201, "owner": 201, "admin": 201}
    users = {**rows, "anonymous": None, "other team": other_team}
    for who, status in expected.items():
        # a speaker of an accepted session: visible to everyone, so refusals are 401/403, not 404
        target = await f.add(db, f.speaker(event, f"Target of {who}"))
        await f.add(db, f.session(event, f"Talk of {who}", speakers=[target]))
        response = await post(client, "speakers", speaker_doc(event, name=f"By {who}"), users[who])
        assert response.status_code == status, (who, response.text)
        written = 200 if status == 201 else status
        response = await patch(client, f"/v1/speakers/{target.id}", speaker_doc(id_=target.id, city=who), users[who])
        assert response.status_code == written, (who, response.text)
        response = await delete(client, f"/v1/speakers/{target.id}", users[who])
        assert response.status_code == written, (who, response.text)
        await db.refresh(target)
        assert (target.city == who) == (status == 201)
        assert (target.deleted_at is not None) == (status == 201)


async def test_own_speaker_may_edit_but_not_promote(client, db):
    event = await make_event(db)
    user = await make_user(db, email="own@example.com")
    mine = await f.add(db, f.speaker(event, "Mine", email="own@example.com"))
    response = await patch(client, f"/v1/speakers/{mine.id}", speaker_doc(id_=mine.id, city="Oslo"), user)
    assert response.status_code == 200, response.text
    response = await patch(client, f"/v1/speakers/{mine.id}", speaker_doc(id_=mine.id, is_featured=True), user)
    assert pointer_of(response, 403) == "/data/attributes/is-featured"
    response = await patch(client, f"/v1/speakers/{mine.id}", speaker_doc(id_=mine.id, email="x@example.com"), user)
    assert pointer_of(response, 422) == "/data/attributes/email"
    response = await patch(client, f"/v1/speakers/{mine.id}", speaker_doc(id_=mine.id, relationships={
        "event": {"data": {"type": "event", "id": str((await make_event(db)).id)}}}), user)
    assert pointer_of(response, 422) == "/data/relationships/event"
    response = await delete(client, f"/v1/speakers/{mine.id}", user)
    assert response.status_code == 200, response.text
    await db.refresh(mine)
    assert mine.deleted_at is not None


async def test_session_links_touch_sessions_and_stay_in_the_event(client, db):
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    a, b = await f.add(db, f.session(event, "A", last_modified_at=OLD), f.session(event, "B", last_modified_at=OLD))
    foreign = await f.add(db, f.session(await make_event(db), "Foreign"))
    speaker = await f.add(db, f.speaker(event, "S"))
    path = f"/v1/speakers/{speaker.id}/relationships/sessions"
    response = await post(client, path, to_many("session", [a]), organiser)
    assert response.status_code == 204, response.text
    assert await modified(db, a) > OLD and await modified(db, b) == OLD
    touched = await modified(db, a)
    response = await patch(client, path, to_many("session", [b]), organiser)
    assert response.status_code == 204, response.text
    assert await modified(db, a) > touched and await modified(db, b) > OLD
    assert pointer_of(await patch(client, path, to_many("session", [b, foreign]), organiser), 422) == "/data"
    linkage = await client.get(path, headers={"Authorization": (await _auth(organiser))})
    assert linkage.json()["data"] == [{"type": "session", "id": str(b.id)}]
    # deleting the speaker touches its sessions too
    before = await modified(db, b)
    assert (await delete(client, f"/v1/speakers/{speaker.id}", organiser)).status_code == 200
    assert await modified(db, b) > before
    assert (await client.get(f"/v1/events/{event.id}/speakers")).json()["data"] == []


async def _auth(user) -> str:
    from ..factories import auth_header

    return auth_header(user)["Authorization"]


async def test_speaker_may_not_touch_locked_or_foreign_sessions(client, db):
    event = await make_event(db)
    user = await make_user(db, email="me@example.com")
    locked = await f.add(db, f.session(event, "Locked", creator_id=user.id, is_locked=True))
    foreign = await f.add(db, f.session(event, "Foreign"))
    mine = await f.add(db, f.speaker(event, "Me", email="me@example.com", user_id=user.id))
    path = f"/v1/speakers/{mine.id}/relationships/sessions"
    assert pointer_of(await post(client, path, to_many("session", [locked]), user), 403) == "/data"
    assert pointer_of(await post(client, path, to_many("session", [foreign]), user), 403) == "/data"
    assert (await db.scalar(select(func.count()).select_from(Session).where(Session.event_id == event.id))) == 2


async def test_reorder_speakers_in_one_request(client, db, count_queries):
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    speakers = await f.add(db, *(f.speaker(event, f"S{i}", order=i) for i in range(4)))
    foreign = await f.add(db, f.speaker(await make_event(db), "Foreign"))
    body = [{"speaker": str(speakers[0].id), "order": 3}, {"speaker": speakers[3].id, "order": 0}]
    with count_queries() as counter:
        response = await post(client, f"/v1/events/{event.identifier}/reorder-speakers", body, organiser)
    assert response.status_code == 200, response.text
    assert response.json() == {"success": True, "updates": {"3": 1, "0": 1}}
    statements = counter.count
    listed = await client.get(f"/v1/events/{event.id}/speakers", headers={"Authorization": await _auth(organiser)})
    assert [s["attributes"]["name"] for s in listed.json()["data"]] == ["S3", "S1", "S2", "S0"]
    # a longer list costs the same statements
    body = [{"speaker": s.id, "order": 10 - i} for i, s in enumerate(speakers)]
    with count_queries() as counter:
        response = await post(client, f"/v1/events/{event.id}/reorder-speakers", body, organiser)
    assert response.status_code == 200 and counter.count == statements

    bad = [{"speaker": speakers[0].id, "order": 1}, {"speaker": foreign.id, "order": 2}]
    assert pointer_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", bad, organiser), 422) == \
        "/1/speaker"
    bad = [{"speaker": speakers[0].id, "order": "first"}]
    assert pointer_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", bad, organiser), 422) == \
        "/0/order"
    bad = [{"speaker": speakers[0].id, "order": 1}, {"speaker": "99999999999999", "order": 2}]  # beyond int4
    assert pointer_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", bad, organiser), 422) == \
        "/1/speaker"
    bad = [{"speaker": speakers[0].id, "order": 1}, {"speaker": speakers[0].id, "order": 2}]
    assert pointer_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", bad, organiser), 422) == \
        "/1/speaker"
    error_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", {"speaker": 1}, organiser), 400)
    await db.refresh(speakers[0])
    assert speakers[0].order == 10  # failed requests changed nothing
    track_organizer = await make_member(db, event, "track_organizer")
    error_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", [], track_organizer), 403)
    error_of(await post(client, f"/v1/events/{event.id}/reorder-speakers", []), 401)

    response = await post(client, f"/v1/events/{event.id}/reorder-speakers?reset", None, organiser)
    assert response.json() == {"success": True, "updates": 4}
    for speaker in speakers:
        await db.refresh(speaker)
    assert {s.order for s in speakers} == {0}


async def test_echoed_legacy_values_are_not_revalidated(client, db):
    """Clients send the whole resource back: a stored value that predates a rule stays editable,
    a new invalid value is still refused."""
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    legacy = await f.add(db, f.speaker(event, "Legacy", twitter="@ada", email="Legacy@Example.com"))
    response = await patch(client, f"/v1/speakers/{legacy.id}", speaker_doc(
        id_=legacy.id, name="Legacy", twitter="@ada", email="Legacy@Example.com", city="Oslo"), organiser)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["twitter"] == "@ada"
    response = await patch(client, f"/v1/speakers/{legacy.id}", speaker_doc(id_=legacy.id, twitter="@bob"), organiser)
    assert pointer_of(response, 422) == "/data/attributes/twitter"


async def test_ids_beyond_the_column_are_422_not_500(client, db):
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    big = "99999999999999"
    response = await post(client, "speakers", speaker_doc(event, name="A", relationships={
        "sessions": to_many("session", [big])}), organiser)
    assert pointer_of(response, 422) == "/data/relationships/sessions/data/0/id"
    response = await post(client, "speakers", speaker_doc(event, name="A", relationships={
        "user": {"data": {"type": "user", "id": big}}}), organiser)
    assert pointer_of(response, 422) == "/data/relationships/user/data/id"
    response = await post(client, "speakers", doc("speaker", {"name": "A"}, relationships={
        "event": {"data": {"type": "event", "id": big}}}), organiser)
    assert pointer_of(response, 422) == "/data/relationships/event/data/id"


async def test_user_link_writes(client, db):
    event = await make_event(db)
    organiser = await make_member(db, event, "coorganizer")
    someone = await make_user(db, email="someone@example.com")
    me = await make_user(db, email="me@example.com")
    speaker = await f.add(db, f.speaker(event, "By mail", email="me@example.com"))
    path = f"/v1/speakers/{speaker.id}/relationships/user"
    # the organiser links any user; an unknown one is refused at /data
    assert (await patch(client, path, {"data": {"type": "user", "id": str(someone.id)}}, organiser)).status_code == 204
    await db.refresh(speaker)
    assert speaker.user_id == someone.id
    assert pointer_of(await patch(client, path, {"data": {"type": "user", "id": "424242"}}, organiser), 422) == "/data"
    # the speaker matched by email may link only themself, and may not unlink
    response = await patch(client, path, {"data": {"type": "user", "id": str(someone.id)}}, me)
    assert pointer_of(response, 403) == "/data"
    assert (await patch(client, path, {"data": {"type": "user", "id": str(me.id)}}, me)).status_code == 204
    assert pointer_of(await patch(client, path, {"data": None}, me), 403) == "/data"
    await db.refresh(speaker)
    assert speaker.user_id == me.id
    linkage = await client.get(path, headers={"Authorization": await _auth(me)})
    assert linkage.json()["data"] == {"type": "user", "id": str(me.id)}
    assert (await client.get(path)).status_code == 404  # not a public speaker (no accepted session)
    await f.add(db, f.session(event, "Public talk", speakers=[speaker]))
    assert (await client.get(path)).status_code == 401  # public now, but the user link is private


async def test_patch_with_sessions_in_the_document(client, db):
    event = await make_event(db)
    organiser = await make_member(db, event, "track_organizer")
    a, b, c = await f.add(db, *(f.session(event, name, last_modified_at=OLD) for name in "ABC"))
    speaker = f.speaker(event, "S")
    speaker.sessions = [a, b]
    await f.add(db, speaker)
    response = await patch(client, f"/v1/speakers/{speaker.id}", speaker_doc(
        id_=speaker.id, city="Oslo", relationships={"sessions": to_many("session", [b, c])}), organiser)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["city"] == "Oslo"
    # a lost the speaker, c gained it: both changed; b kept it: unchanged
    assert (await modified(db, a) > OLD, await modified(db, b) == OLD, await modified(db, c) > OLD) == (
        True, True, True)
    linkage = await client.get(f"/v1/speakers/{speaker.id}/relationships/sessions")
    assert {item["id"] for item in linkage.json()["data"]} == {str(b.id), str(c.id)}
