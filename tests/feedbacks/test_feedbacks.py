"""Session ratings: logged-in users rate sessions they can see, once; authors edit their own;
the team reads them; sessions show average-rating, rating-count and favourite-count."""

import pytest
from sqlalchemy import func, select

from openevent.feedbacks.models import Feedback

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule import factories as f
from ..schedule.http import delete, doc, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded


def session_link(session) -> dict:
    return {"session": {"data": {"type": "session", "id": str(getattr(session, "id", session))}}}


def rating(value, session, comment=None, id_=None) -> dict:
    attributes = {"rating": value} if comment is None else {"rating": value, "comment": comment}
    return doc("feedback", attributes, id_=id_, relationships=session_link(session))


async def count(db) -> int:
    return await db.scalar(select(func.count()).select_from(Feedback))


async def session_attributes(client, session, user=None) -> tuple:
    headers = auth_header(user) if user else {}
    attrs = (await client.get(f"/v1/sessions/{session.id}", headers=headers)).json()["data"]["attributes"]
    return attrs["average-rating"], attrs["rating-count"], attrs["favourite-count"]


async def test_user_rates_reads_updates_deletes(client, db):
    event = await make_event(db)
    talk = await f.add(db, f.session(event))
    user, other = await make_user(db), await make_user(db)
    assert await session_attributes(client, talk) == (None, 0, 0)
    response = await post(client, "feedbacks", rating(4.5, talk, "Great <b>talk</b><script>x</script>"), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (data["attributes"]["rating"], data["attributes"]["comment"]) == (4.5, "Great <b>talk</b>")
    assert (await post(client, "feedbacks", rating(3, talk), other)).status_code == 201
    assert await session_attributes(client, talk) == (3.75, 2, 0)
    body = (await client.get(f"/v1/feedbacks/{data['id']}?include=session,user,event", headers=auth_header(user)))
    rels = body.json()["data"]["relationships"]
    assert (rels["session"]["data"]["id"], rels["user"]["data"]["id"], rels["event"]["data"]["id"]) == \
        (str(talk.id), str(user.id), str(event.id))
    response = await patch(client, f"/v1/feedbacks/{data['id']}", rating(2, talk, "", id_=data["id"]), user)
    assert response.status_code == 200, response.text
    assert (response.json()["data"]["attributes"]["rating"], response.json()["data"]["attributes"]["comment"]) == \
        (2.0, None)
    assert await session_attributes(client, talk) == (2.5, 2, 0)
    assert (await delete(client, f"/v1/feedbacks/{data['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/feedbacks/{data['id']}", headers=auth_header(user))).status_code == 404
    assert await session_attributes(client, talk) == (3.0, 1, 0)


async def test_one_rating_per_user_and_session(client, db):
    event = await make_event(db)
    talk = await f.add(db, f.session(event))
    user = await make_user(db)
    assert (await post(client, "feedbacks", rating(5, talk), user)).status_code == 201
    assert pointer_of(await post(client, "feedbacks", rating(1, talk), user), 409) == "/data/relationships/session"
    assert await count(db) == 1


async def test_only_sessions_the_caller_can_see(client, db):
    event, draft = await make_event(db), await make_event(db, state="draft")
    pending = await f.add(db, f.session(event, state="pending"))
    hidden = await f.add(db, f.session(draft))
    user = await make_user(db)
    for target in (pending, hidden, 999999, "x"):
        response = await post(client, "feedbacks", rating(3, target), user)
        assert pointer_of(response, 404 if target != "x" else 422).startswith("/data/relationships/session"), target
    team = await make_member(db, draft, "coorganizer")
    assert (await post(client, "feedbacks", rating(3, hidden), team)).status_code == 201


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({"rating": 6}, "/data/attributes/rating"),
    ({"rating": -0.5}, "/data/attributes/rating"),
    ({"rating": 4.555}, "/data/attributes/rating"),
    ({"rating": "NaN"}, "/data/attributes/rating"),
    ({"rating": "good"}, "/data/attributes/rating"),
    ({"comment": "no rating"}, "/data/attributes/rating"),
    ({"rating": 3, "comment": "x" * 5001}, "/data/attributes/comment"),
    ({"rating": 3, "stars": 3}, "/data/attributes/stars"),
])
async def test_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    talk = await f.add(db, f.session(event))
    user = await make_user(db)
    body = doc("feedback", attributes, relationships=session_link(talk))
    assert pointer_of(await post(client, "feedbacks", body, user), 422) == pointer
    assert pointer_of(await post(client, "feedbacks", doc("feedback", {"rating": 3}), user), 422) == \
        "/data/relationships/session"
    assert await count(db) == 0


async def test_session_cannot_change(client, db):
    event = await make_event(db)
    talk, other = await f.add(db, f.session(event), f.session(event, "Other"))
    user = await make_user(db)
    (row,) = [Feedback(user_id=user.id, session_id=talk.id, event_id=event.id, rating=3)]
    await f.add(db, row)
    response = await patch(client, f"/v1/feedbacks/{row.id}", rating(3, other, id_=row.id), user)
    assert pointer_of(response, 422) == "/data/relationships/session"


async def test_permission_table(client, db):
    event = await make_event(db)
    talk = await f.add(db, f.session(event))
    author = await make_user(db)
    users = {"anonymous": None, "author": author, "outsider": await make_user(db),
             "admin": await make_user(db, is_admin=True)}
    for role in ("registrar", "coorganizer", "owner"):
        users[role] = await make_member(db, event, role)
    # (read, update, delete)
    expected = {"anonymous": (404, 404, 404), "author": (200, 200, 200), "outsider": (404, 404, 404),
                "admin": (200, 200, 200), "registrar": (200, 403, 403), "coorganizer": (200, 403, 200),
                "owner": (200, 403, 200)}
    for who, user in users.items():
        row = Feedback(user_id=author.id, session_id=talk.id, event_id=event.id, rating=3)
        await f.add(db, row)
        got = ((await client.get(f"/v1/feedbacks/{row.id}", headers=auth_header(user) if user else {})).status_code,
               (await patch(client, f"/v1/feedbacks/{row.id}", rating(1, talk, id_=row.id), user)).status_code,
               (await delete(client, f"/v1/feedbacks/{row.id}", user)).status_code)
        assert got == expected[who], who
        await db.execute(Feedback.__table__.delete())
        await db.commit()
    assert (await post(client, "feedbacks", rating(3, talk))).status_code == 401


async def test_lists_show_own_or_team_ratings(client, db):
    event = await make_event(db)
    talk = await f.add(db, f.session(event))
    alice, bob = await make_user(db), await make_user(db)
    rows = [Feedback(user_id=u.id, session_id=talk.id, event_id=event.id, rating=4) for u in (alice, bob)]
    await f.add(db, *rows)
    organizer = await make_member(db, event, "organizer")

    async def ids(path, user=None):
        response = await client.get(path, headers=auth_header(user) if user else {})
        return [row["id"] for row in response.json()["data"]]

    for path in (f"/v1/events/{event.id}/feedbacks", f"/v1/sessions/{talk.id}/feedbacks"):
        assert await ids(path) == []
        assert await ids(path, alice) == [str(rows[0].id)]
        assert await ids(path, organizer) == [str(rows[0].id), str(rows[1].id)]
    assert await ids(f"/v1/users/{alice.id}/feedbacks", alice) == [str(rows[0].id)]


async def test_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    talks = [f.session(event, f"Talk {i}", minutes=30 * i) for i in range(6)]
    await f.add(db, *talks)
    users = [await make_user(db) for _ in range(60)]
    await f.add(db, *(Feedback(user_id=u.id, session_id=talks[i % 6].id, event_id=event.id, rating=i % 6)
                      for i, u in enumerate(users)))
    organizer = await make_member(db, event, "organizer")
    headers = auth_header(organizer)
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/feedbacks", ("session", "user", "event"),
                         base_cost=5, headers=headers)
    await assert_bounded(client, count_queries, f"/v1/sessions/{talks[0].id}/feedbacks", ("session", "user"),
                         base_cost=5, headers=headers)
    await assert_bounded(client, count_queries, f"/v1/events/{event.id}/sessions", ("feedbacks", "favourite"),
                         base_cost=5, headers=headers)


async def test_session_writes_show_their_ratings(client, db):
    """A session created in the request has no ratings loaded (never a lazy load); a PATCH keeps them."""
    owner = await make_user(db)
    event = await make_event(db, owner=owner, is_sessions_speakers_enabled=True)
    response = await post(client, "sessions", doc("session", {"title": "New"}, event), owner)
    assert response.status_code == 201, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["average-rating"], attrs["rating-count"], attrs["favourite-count"]) == (None, 0, 0)
    talk = await f.add(db, f.session(event))
    await f.add(db, Feedback(user_id=owner.id, session_id=talk.id, event_id=event.id, rating=4))
    response = await patch(client, f"/v1/sessions/{talk.id}", doc("session", {"title": "Renamed"}, id_=talk.id), owner)
    assert response.status_code == 200, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["title"], attrs["average-rating"], attrs["rating-count"]) == ("Renamed", 4.0, 1)
