"""Calls for speakers: one per event, ordered dates, sanitised announcement, private calls for the team."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from openevent.speakers_calls.models import SpeakersCall

from ..factories import auth_header, make_event, make_member, make_user
from ..schedule.http import delete, doc, error_of, patch, pointer_of, post
from ..schedule.test_query_counts import statements

STARTS = "2027-01-01T09:00:00Z"
SOFT = "2027-01-20T09:00:00Z"
ENDS = "2027-02-01T09:00:00+01:00"


def call_doc(event=None, id_=None, **attributes):
    return doc("speakers-call", {k.replace("_", "-"): v for k, v in attributes.items()}, event, id_)


async def count(db) -> int:
    return await db.scalar(select(func.count()).select_from(SpeakersCall))


async def test_organiser_creates_the_call_and_the_event_shows_it(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "coorganizer")
    response = await post(client, "speakers-calls", call_doc(
        event, announcement='<p>Send <a href="https://x.example" onclick="e()">talks</a></p><script>1</script>',
        starts_at=STARTS, soft_ends_at=SOFT, ends_at=ENDS, privacy="public", hash="h1"), user)
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["attributes"] == {
        "deleted-at": None,
        "announcement": '<p>Send <a href="https://x.example" rel="noopener noreferrer nofollow">talks</a></p>',
        "starts-at": "2027-01-01T09:00:00+00:00", "soft-ends-at": "2027-01-20T09:00:00+00:00",
        "ends-at": "2027-02-01T08:00:00+00:00", "hash": "h1", "privacy": "public"}
    public = await client.get(f"/v1/events/{event.identifier}/speakers-call")
    assert public.status_code == 200
    assert public.json()["data"]["id"] == data["id"]
    assert "hash" not in public.json()["data"]["attributes"]
    linkage = await client.get(f"/v1/events/{event.id}/relationships/speakers-call")
    assert linkage.json()["data"] == {"type": "speakers-call", "id": data["id"]}


async def test_second_call_is_a_conflict_and_a_deleted_one_frees_the_event(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    first = await post(client, "speakers-calls", call_doc(event, starts_at=STARTS, ends_at=ENDS), user)
    assert first.status_code == 201
    second = await post(client, "speakers-calls", call_doc(event, starts_at=STARTS, ends_at=ENDS), user)
    assert pointer_of(second, 409) == "/data/relationships/event"
    assert await count(db) == 1
    assert (await delete(client, f"/v1/speakers-calls/{first.json()['data']['id']}", user)).status_code == 200
    assert (await client.get(f"/v1/events/{event.id}/speakers-call")).json()["data"] is None
    third = await post(client, "speakers-calls", call_doc(event, starts_at=STARTS, ends_at=ENDS), user)
    assert third.status_code == 201, third.text


async def test_concurrent_second_call_hits_the_unique_index(client, db, monkeypatch):
    """If two creates pass the pre-check together, the partial unique index turns the loser into a 409."""
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    db.add(SpeakersCall(event_id=event.id, starts_at=datetime(2027, 1, 1, tzinfo=timezone.utc),
                        ends_at=datetime(2027, 1, 2, tzinfo=timezone.utc)))
    await db.commit()
    from openevent.speakers_calls.api import SPEAKERS_CALL_WRITER

    async def sees_nothing(db, event_id):
        return None

    monkeypatch.setattr(SPEAKERS_CALL_WRITER, "live_row_id", sees_nothing)
    response = await post(client, "speakers-calls", call_doc(event, starts_at=STARTS, ends_at=ENDS), user)
    assert pointer_of(response, 409) == "/data/relationships/event"
    assert await count(db) == 1


@pytest.mark.parametrize(("attributes", "pointer"), [
    ({"starts_at": ENDS, "ends_at": STARTS}, "/data/attributes/ends-at"),
    ({"starts_at": STARTS, "ends_at": STARTS}, "/data/attributes/ends-at"),
    ({"starts_at": STARTS, "ends_at": ENDS, "soft_ends_at": "2026-12-01T00:00:00Z"}, "/data/attributes/soft-ends-at"),
    ({"starts_at": STARTS, "ends_at": ENDS, "soft_ends_at": "2027-02-02T00:00:00Z"}, "/data/attributes/soft-ends-at"),
    ({"starts_at": STARTS, "ends_at": "2027-06-01T00:00:00Z"}, "/data/attributes/ends-at"),
    ({"starts_at": STARTS}, "/data/attributes/ends-at"),
    ({"ends_at": ENDS}, "/data/attributes/starts-at"),
    ({"starts_at": "2027-01-01T09:00:00", "ends_at": ENDS}, "/data/attributes/starts-at"),
    ({"starts_at": STARTS, "ends_at": ENDS, "privacy": "secret"}, "/data/attributes/privacy"),
])
async def test_bad_input(client, db, attributes, pointer):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    assert pointer_of(await post(client, "speakers-calls", call_doc(event, **attributes), user), 422) == pointer
    assert await count(db) == 0


async def test_patch_checks_dates_against_the_stored_values(client, db):
    event = await make_event(db)
    user = await make_member(db, event, "owner")
    created = await post(client, "speakers-calls", call_doc(event, starts_at=STARTS, soft_ends_at=SOFT, ends_at=ENDS),
                         user)
    call_id = created.json()["data"]["id"]
    response = await patch(client, f"/v1/speakers-calls/{call_id}",
                           call_doc(id_=call_id, starts_at="2027-01-25T00:00:00Z"), user)
    assert pointer_of(response, 422) == "/data/attributes/starts-at"  # after the stored soft end
    response = await patch(client, f"/v1/speakers-calls/{call_id}", call_doc(id_=call_id, ends_at=None), user)
    assert pointer_of(response, 422) == "/data/attributes/ends-at"
    response = await patch(client, f"/v1/speakers-calls/{call_id}", call_doc(id_=call_id, soft_ends_at=None), user)
    assert response.status_code == 200 and response.json()["data"]["attributes"]["soft-ends-at"] is None


async def test_private_call_is_for_the_team(client, db):
    event = await make_event(db)
    db.add(SpeakersCall(event_id=event.id, privacy="private", hash="secret",
                        starts_at=datetime(2027, 1, 1, tzinfo=timezone.utc),
                        ends_at=datetime(2027, 1, 2, tzinfo=timezone.utc)))
    await db.commit()
    call_id = await db.scalar(select(SpeakersCall.id))
    outsider = await make_user(db)
    for headers in ({}, auth_header(outsider)):
        assert (await client.get(f"/v1/events/{event.id}/speakers-call", headers=headers)).json()["data"] is None
        assert (await client.get(f"/v1/speakers-calls/{call_id}", headers=headers)).status_code == 404
    team = auth_header(await make_member(db, event, "moderator"))
    response = await client.get(f"/v1/events/{event.id}/speakers-call", headers=team)
    assert response.json()["data"]["attributes"]["hash"] == "secret"


async def test_permission_table(client, db):
    event = await make_event(db)
    users = {"anonymous": None, "outsider": await make_user(db), "admin": await make_user(db, is_admin=True)}
    for role in ("registrar", "track_organizer", "coorganizer", "owner"):
        users[role] = await make_member(db, event, role)
    allowed = {"admin", "coorganizer", "owner"}
    for who, user in users.items():
        response = await post(client, "speakers-calls", call_doc(event, starts_at=STARTS, ends_at=ENDS), user)
        if who in allowed:
            assert response.status_code == 201, (who, response.text)
            call_id = response.json()["data"]["id"]
            assert (await delete(client, f"/v1/speakers-calls/{call_id}", user)).status_code == 200
        else:
            error_of(response, 401 if user is None else 403)


async def test_event_detail_includes_the_call_in_bounded_queries(client, db, count_queries):
    event = await make_event(db)
    db.add(SpeakersCall(event_id=event.id, starts_at=datetime(2027, 1, 1, tzinfo=timezone.utc),
                        ends_at=datetime(2027, 1, 2, tzinfo=timezone.utc)))
    await db.commit()
    # the event, then one selectin load for the call
    assert await statements(client, count_queries, f"/v1/events/{event.id}?include=speakers-call") == 2
    # the event lookup, the count and the row of the related read, one load for the include
    assert await statements(client, count_queries, f"/v1/events/{event.id}/speakers-call?include=event") == 4
