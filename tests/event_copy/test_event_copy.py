"""POST /v1/events/{id}/copy: one transaction, every relationship re-pointed, nothing private copied."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest
from sqlalchemy import UniqueConstraint, func, select

from openevent.auth.models import UsersEventsRoles
from openevent.event_copy import service as copy_service
from openevent.events.models import Event
from openevent.orders.models import Attendee, DiscountCode, Order, Tax
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track, speakers_sessions
from openevent.sponsors.models import Sponsor
from openevent.taxonomy.models import EventTaxonomy, EventTopic, EventType
from openevent.ticketing.models import Ticket
from tests.exports.factories import make_room, make_session, make_session_type, make_speaker, make_track
from tests.factories import auth_header, make_event, make_member, make_user
from tests.media.test_uploads import data_uri, image_bytes

AT = datetime(2027, 3, 1, 10, 0, tzinfo=timezone.utc)
SALES = {"sales_starts_at": datetime(2027, 1, 1, tzinfo=timezone.utc),
         "sales_ends_at": datetime(2027, 2, 28, tzinfo=timezone.utc)}


async def build_source(db, owner, *, sessions: int = 2):
    event = await make_event(db, owner=owner, name="PyCon", description="<p>Hello</p>", timezone="Asia/Singapore")
    db.add_all([Ticket(event_id=event.id, name="Regular", type="paid", price=Decimal("12.50"), position=2, **SALES),
                Ticket(event_id=event.id, name="Old", type="free", deleted_at=AT, **SALES),
                Tax(event_id=event.id, name="GST", rate=Decimal("9"))])
    track = await make_track(db, event, "Web", color="#112233")
    await make_track(db, event, "Removed", deleted=True)
    room = await make_room(db, event, "Hall A", position=1)
    talk = await make_session_type(db, event, "Talk", length="00:45")
    speaker = await make_speaker(db, event, "Ada", email="ada@example.org")
    for number in range(sessions):
        await make_session(db, event, f"Talk {number}", starts_at=AT, track=track, microlocation=room,
                           session_type=talk, speakers=[speaker])
    ticket = (await db.execute(select(Ticket).where(Ticket.event_id == event.id, Ticket.name == "Regular"))).scalar_one()
    order = Order(event_id=event.id, user_id=owner.id, status="completed", amount=Decimal("12.50"))
    db.add(order)
    await db.flush()
    db.add_all([Attendee(event_id=event.id, order_id=order.id, ticket_id=ticket.id, firstname="A", lastname="B",
                         email="a@example.org"),
                DiscountCode(event_id=event.id, code="EARLY", value=Decimal("10"), type="percent")])
    await db.commit()
    return event


async def test_the_event_type_topic_and_sub_topic_are_kept(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    kind = EventType(name="Conference", slug="conference")
    topic = EventTopic(name="Science", slug="science")
    db.add_all([kind, topic])
    await db.flush()
    db.add(EventTaxonomy(event_id=event.id, event_type_id=kind.id, event_topic_id=topic.id))
    await db.commit()
    kind_id, topic_id = kind.id, topic.id

    response = await client.post(f"/v1/events/{event.id}/copy", headers=auth_header(owner))

    assert response.status_code == 201, response.text
    new_id = int(response.json()["data"]["id"])
    row = (await db.execute(select(EventTaxonomy).where(EventTaxonomy.event_id == new_id))).scalar_one()
    assert (row.event_type_id, row.event_topic_id, row.event_sub_topic_id) == (kind_id, topic_id, None)


async def count(db, model, event_id) -> int:
    return (await db.execute(select(func.count()).select_from(model).where(model.event_id == event_id))).scalar_one()


async def test_copy_without_programme_copies_the_configuration_only(client, db):
    owner = await make_user(db)
    source = await build_source(db, owner)
    source_id = source.id
    copier = await make_member(db, source, "coorganizer")
    copier_id = copier.id

    response = await client.post(f"/v1/events/{source.identifier}/copy", headers=auth_header(copier))

    assert response.status_code == 201, response.text
    body = response.json()
    assert body["meta"] == {"copied": True}
    data = body["data"]
    new_id = int(data["id"])
    assert new_id != source.id
    assert response.headers["location"] == f"/v1/events/{new_id}"
    assert data["attributes"]["identifier"] != source.identifier
    assert data["attributes"]["name"] == "PyCon"
    assert data["attributes"]["state"] == "draft"
    assert data["attributes"]["timezone"] == "Asia/Singapore"
    db.expire_all()
    tickets = (await db.execute(select(Ticket).where(Ticket.event_id == new_id))).scalars().all()
    assert [(t.name, t.price, t.position) for t in tickets] == [("Regular", Decimal("12.50"), 2)]
    assert [t.name for t in (await db.execute(select(Track).where(Track.event_id == new_id))).scalars()] == ["Web"]
    assert await count(db, Microlocation, new_id) == 1
    assert await count(db, SessionType, new_id) == 1
    assert (await db.execute(select(Tax.name, Tax.rate).where(Tax.event_id == new_id))).one() == ("GST", Decimal("9"))
    for model in (Session, Speaker, Order, Attendee, DiscountCode):
        assert await count(db, model, new_id) == 0, model
    team = (await db.execute(select(UsersEventsRoles.user_id).where(UsersEventsRoles.event_id == new_id))).all()
    assert team == [(copier_id,)]
    assert await count(db, Ticket, source_id) == 2  # the source is untouched


async def test_copy_with_programme_repoints_every_relationship_to_the_copies(client, db):
    owner = await make_user(db)
    source = await build_source(db, owner)
    source_id = source.id

    response = await client.post(f"/v1/events/{source.id}/copy", json={"sessions": True}, headers=auth_header(owner))

    assert response.status_code == 201, response.text
    new_id = int(response.json()["data"]["id"])
    db.expire_all()
    sessions = (await db.execute(select(Session).where(Session.event_id == new_id).order_by(Session.title))).scalars().all()
    assert [s.title for s in sessions] == ["Talk 0", "Talk 1"]
    new_track = (await db.execute(select(Track.id).where(Track.event_id == new_id))).scalar_one()
    new_room = (await db.execute(select(Microlocation.id).where(Microlocation.event_id == new_id))).scalar_one()
    new_type = (await db.execute(select(SessionType.id).where(SessionType.event_id == new_id))).scalar_one()
    new_speaker = (await db.execute(select(Speaker.id).where(Speaker.event_id == new_id))).scalar_one()
    assert {(s.track_id, s.microlocation_id, s.session_type_id) for s in sessions} == {(new_track, new_room, new_type)}
    links = (await db.execute(select(speakers_sessions.c.speaker_id, speakers_sessions.c.session_id)
                              .where(speakers_sessions.c.session_id.in_([s.id for s in sessions])))).all()
    assert sorted(links) == sorted((new_speaker, s.id) for s in sessions)
    assert await count(db, Session, source_id) == 2


async def test_copy_costs_the_same_queries_whatever_the_programme_size(client, db, count_queries, backend):
    owner = await make_user(db)
    small = await build_source(db, owner, sessions=3)
    large = await build_source(db, owner, sessions=30)
    counts = []
    for event in (small, large):
        with count_queries() as counter:
            response = await client.post(f"/v1/events/{event.id}/copy", json={"sessions": True},
                                         headers=auth_header(owner))
        assert response.status_code == 201
        counts.append(counter.count)
    if backend.is_sqlite:
        # SQLite cannot return generated ids in parameter order from one multi-row INSERT, so
        # SQLAlchemy inserts row by row there (in-process calls, no network round trips).
        assert counts[1] - counts[0] == 30 - 3
    else:
        assert counts[0] == counts[1]


async def test_a_failure_half_way_leaves_nothing_behind(client, db, monkeypatch):
    owner = await make_user(db)
    source = await build_source(db, owner)
    real_copy_rows = copy_service._copy_rows

    async def fail_on_sessions(db_, table, event_id, new_ids, copy_media):
        if table.name == "sessions":
            raise RuntimeError("disk full")
        return await real_copy_rows(db_, table, event_id, new_ids, copy_media)

    monkeypatch.setattr(copy_service, "_copy_rows", fail_on_sessions)
    response = await client.post(f"/v1/events/{source.id}/copy", json={"sessions": True}, headers=auth_header(owner))

    assert response.status_code == 500
    assert "disk full" not in response.text
    assert (await db.execute(select(func.count()).select_from(Event))).scalar_one() == 1
    assert (await db.execute(select(func.count()).select_from(Ticket))).scalar_one() == 2


#            anon  user  trk_org  coorg  owner  admin  other-team draft: user  coorg-of-A
PERMISSIONS = {"anonymous": (401, 401), "user": (403, 404), "track_organizer": (403, 404),
               "coorganizer": (201, 404), "organizer": (201, 404), "owner": (201, 404), "admin": (201, 201)}


@pytest.mark.parametrize("role", list(PERMISSIONS))
async def test_who_may_copy(client, db, role):
    owner = await make_user(db)
    published = await make_event(db, owner=owner)
    other_owner = await make_user(db)
    foreign_draft = await make_event(db, owner=other_owner, state="draft")
    if role == "anonymous":
        headers = {}
    elif role == "user":
        headers = auth_header(await make_user(db))
    elif role == "admin":
        headers = auth_header(await make_user(db, is_admin=True))
    elif role == "owner":
        headers = auth_header(owner)
    else:
        headers = auth_header(await make_member(db, published, role))
    got = []
    for event in (published, foreign_draft):
        response = await client.post(f"/v1/events/{event.identifier}/copy", headers=headers)
        got.append(response.status_code)
        if response.status_code >= 400:
            assert response.json()["errors"][0]["detail"]
    assert tuple(got) == PERMISSIONS[role]


@pytest.mark.parametrize(("body", "status", "pointer"), [
    (b'{"sessions": "yes"}', 422, "/sessions"),
    (b"[1]", 422, ""),
    (b"{not json", 400, ""),
])
async def test_bad_options_are_json_api_errors(client, db, body, status, pointer):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.post(f"/v1/events/{event.id}/copy", content=body,
                                 headers={**auth_header(owner), "Content-Type": "application/json"})
    assert response.status_code == status
    assert response.json()["errors"][0]["source"] == {"pointer": pointer}
    assert (await db.execute(select(func.count()).select_from(Event))).scalar_one() == 1


async def test_missing_event_is_404(client, db):
    owner = await make_user(db)
    response = await client.post("/v1/events/deadbeef/copy", headers=auth_header(owner))
    assert response.status_code == 404


def test_copied_tables_have_no_unique_key_outside_their_event():
    """A unique key not scoped by event_id would make every copy of such a row fail."""
    tables, _ = copy_service.copy_plan(with_programme=True)
    assert {t.name for t in tables} >= {"tickets", "tracks", "microlocations", "session_types", "speakers",
                                         "sessions", "taxes", "event_taxonomy"}
    for table in tables:
        unique_keys = [c.columns for c in table.constraints if isinstance(c, UniqueConstraint)]
        unique_keys += [index.columns for index in table.indexes if index.unique]
        for columns in unique_keys:
            assert "event_id" in {column.name for column in columns}, (table.name, list(columns))


async def test_our_media_files_are_copied_and_other_urls_kept(client, db):
    owner = await make_user(db)
    headers = auth_header(owner)
    uploaded = await client.post("/v1/upload/image", json={"data": data_uri(image_bytes())}, headers=headers)
    assert uploaded.status_code == 200, uploaded.text
    ours = uploaded.json()["url"]
    event = await make_event(db, owner=owner, original_image_url=ours, logo_url="https://elsewhere.example/l.png")
    db.add(Sponsor(event_id=event.id, name="ACME", logo_url=ours))
    await db.commit()

    response = await client.post(f"/v1/events/{event.id}/copy", headers=headers)

    assert response.status_code == 201, response.text
    attributes = response.json()["data"]["attributes"]
    assert attributes["logo-url"] == "https://elsewhere.example/l.png"
    copied_image = attributes["original-image-url"]
    assert copied_image != ours and copied_image.startswith("http://testserver/media/")
    sponsor_logo = (await db.execute(select(Sponsor.logo_url).where(Sponsor.event_id == int(response.json()["data"]["id"])))).scalar_one()
    assert sponsor_logo not in (ours, copied_image)
    original = await client.get(ours.removeprefix("http://testserver"))
    for url in (copied_image, sponsor_logo):
        copy = await client.get(url.removeprefix("http://testserver"))
        assert copy.status_code == 200 and copy.content == original.content
