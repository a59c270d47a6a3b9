"""Favourite sessions and events: a logged-in user marks what they can see, once; only their
own favourites are ever listed; sessions count their favourites and show the caller's own."""

import pytest
from sqlalchemy import func, select

from openevent.feedbacks.models import UserFavouriteEvent, UserFavouriteSession

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule import factories as f
from ..schedule.http import delete, doc, error_of, patch, pointer_of, post
from ..schedule.test_query_counts import assert_bounded

KINDS = [("user-favourite-session", "user-favourite-sessions", "session", UserFavouriteSession),
         ("user-favourite-event", "user-favourite-events", "event", UserFavouriteEvent)]


def favourite(type_, rel, target) -> dict:
    return doc(type_, {}, relationships={rel: {"data": {"type": rel, "id": str(getattr(target, "id", target))}}})


async def count(db, model) -> int:
    return await db.scalar(select(func.count()).select_from(model))


async def target_of(db, rel, state="accepted", event_state="published"):
    event = await make_event(db, state=event_state)
    if rel == "event":
        return event
    return await f.add(db, f.session(event, state=state))


@pytest.mark.parametrize(("type_", "collection", "rel", "model"), KINDS)
async def test_mark_list_read_unmark(client, db, type_, collection, rel, model):
    user, other = await make_user(db), await make_user(db)
    target = await target_of(db, rel)
    response = await post(client, collection, favourite(type_, rel, target), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert (await post(client, collection, favourite(type_, rel, target), other)).status_code == 201
    listed = (await client.get(f"/v1/{collection}?include={rel},user", headers=auth_header(user))).json()
    assert [row["id"] for row in listed["data"]] == [data["id"]]
    assert listed["data"][0]["relationships"][rel]["data"]["id"] == str(target.id)
    assert listed["data"][0]["relationships"]["user"]["data"]["id"] == str(user.id)
    assert (await client.get(f"/v1/{collection}/{data['id']}", headers=auth_header(other))).status_code == 404
    assert (await client.get(f"/v1/{collection}/{data['id']}", headers=auth_header(user))).status_code == 200
    favourites = "favourite-sessions" if rel == "session" else "favourite-events"
    own = (await client.get(f"/v1/users/{user.id}/{favourites}", headers=auth_header(user))).json()["data"]
    assert [row["id"] for row in own] == [data["id"]]
    mine = (await client.get(f"/v1/{rel}s/{target.id}/favourite", headers=auth_header(user))).json()["data"]
    assert mine["id"] == data["id"]
    assert (await client.get(f"/v1/{rel}s/{target.id}/favourite")).json()["data"] is None
    error_of(await patch(client, f"/v1/{collection}/{data['id']}", {"data": {"type": type_, "id": data["id"]}},
                         user), 405)
    assert (await delete(client, f"/v1/{collection}/{data['id']}", other)).status_code == 404
    admin = await make_user(db, is_admin=True)
    assert (await delete(client, f"/v1/{collection}/{data['id']}", admin)).status_code == 404
    assert (await client.get(f"/v1/{collection}", headers=auth_header(admin))).json()["data"] == []
    assert (await delete(client, f"/v1/{collection}/{data['id']}", user)).status_code == 200
    assert await count(db, model) == 1


@pytest.mark.parametrize(("type_", "collection", "rel", "model"), KINDS)
async def test_once_and_only_what_the_caller_sees(client, db, type_, collection, rel, model):
    user = await make_user(db)
    target = await target_of(db, rel)
    assert (await post(client, collection, favourite(type_, rel, target), user)).status_code == 201
    assert pointer_of(await post(client, collection, favourite(type_, rel, target), user), 409) == \
        f"/data/relationships/{rel}"
    hidden = await target_of(db, rel, state="pending", event_state="draft")
    assert pointer_of(await post(client, collection, favourite(type_, rel, hidden), user), 404) == \
        f"/data/relationships/{rel}"
    assert pointer_of(await post(client, collection, doc(type_, {}), user), 422) == f"/data/relationships/{rel}"
    assert pointer_of(await post(client, collection, doc(type_, {"note": "x"}), user), 422) == "/data/attributes/note"
    error_of(await post(client, collection, favourite(type_, rel, target)), 401)
    error_of(await client.get(f"/v1/{collection}"), 401)
    assert await count(db, model) == 1


async def test_session_favourite_count_and_own_favourite_include(client, db):
    event = await make_event(db)
    talk = await f.add(db, f.session(event))
    users = [await make_user(db) for _ in range(3)]
    await f.add(db, *(UserFavouriteSession(user_id=u.id, session_id=talk.id) for u in users))
    body = (await client.get(f"/v1/sessions/{talk.id}?include=favourite", headers=auth_header(users[1]))).json()
    assert body["data"]["attributes"]["favourite-count"] == 3
    fav = body["data"]["relationships"]["favourite"]["data"]
    assert [i["relationships"]["user"]["links"] for i in body["included"]] and len(body["included"]) == 1
    mine = await db.scalar(select(UserFavouriteSession.id).where(UserFavouriteSession.user_id == users[1].id))
    assert fav == {"type": "user-favourite-session", "id": str(mine)}
    anonymous = (await client.get(f"/v1/sessions/{talk.id}?include=favourite")).json()
    assert anonymous["data"]["relationships"]["favourite"]["data"] is None


async def test_bounded_queries(client, db, count_queries):
    user = await make_user(db)
    event = await make_event(db)
    talks = [f.session(event, f"T{i}", minutes=i) for i in range(60)]
    await f.add(db, *talks)
    events = [await make_event(db) for _ in range(60)]
    await f.add(db, *(UserFavouriteSession(user_id=user.id, session_id=t.id) for t in talks),
                *(UserFavouriteEvent(user_id=user.id, event_id=e.id) for e in events))
    headers = auth_header(user)
    await assert_bounded(client, count_queries, "/v1/user-favourite-sessions", ("session", "user"), base_cost=4,
                         headers=headers)
    await assert_bounded(client, count_queries, "/v1/user-favourite-events", ("event", "user"), base_cost=4,
                         headers=headers)
    await assert_bounded(client, count_queries, f"/v1/users/{user.id}/favourite-sessions", ("session",),
                         base_cost=5, headers=headers)
    await assert_bounded(client, count_queries, "/v1/sessions", ("favourite", "feedbacks"), base_cost=4,
                         headers=headers)
    await assert_bounded(client, count_queries, "/v1/events", ("favourite",), base_cost=4, headers=headers)


async def test_open_event_favourite_paths_list_the_callers_own(client, db, count_queries):
    event = await make_event(db)
    talks = [f.session(event, f"T{i}", minutes=i) for i in range(8)]
    await f.add(db, *talks)
    user, other = await make_user(db), await make_user(db)
    mine = [UserFavouriteSession(user_id=user.id, session_id=t.id) for t in talks]
    await f.add(db, *mine, *(UserFavouriteSession(user_id=other.id, session_id=t.id) for t in talks),
                UserFavouriteEvent(user_id=user.id, event_id=event.id))
    headers = auth_header(user)
    expected = [str(row.id) for row in mine]
    for path in (f"/v1/users/{user.id}/user-favourite-sessions", f"/v1/events/{event.id}/user-favourite-sessions"):
        listed = (await client.get(path, headers=headers)).json()["data"]
        assert [row["id"] for row in listed] == expected, path
        await assert_bounded(client, count_queries, path, ("session", "user"), base_cost=5, headers=headers)
    listed = (await client.get(f"/v1/sessions/{talks[0].id}/user-favourite-sessions", headers=headers)).json()
    assert [row["id"] for row in listed["data"]] == [expected[0]]
    listed = (await client.get(f"/v1/users/{user.id}/user-favourite-events", headers=headers)).json()
    assert len(listed["data"]) == 1
    assert (await client.get(f"/v1/events/{event.id}/user-favourite-sessions")).json()["data"] == []
    draft = await make_event(db, state="draft")
    assert (await client.get(f"/v1/events/{draft.id}/user-favourite-sessions", headers=headers)).status_code == 404
