"""Listing events: who sees what, and the generic JSON:API query features exercised through events."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from openevent.jsonapi.http import MEDIA_TYPE

from ..factories import make_event, make_member, make_user
from .helpers import error_of, event_doc, headers_for, ids, new_event_doc

BASE = datetime(2027, 1, 1, 9, 0, tzinfo=timezone.utc)


async def five_events(db):
    """Alpha..Echo, published and public, starting one day apart (Alpha first)."""
    names = ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]
    events = []
    for i, name in enumerate(names):
        starts = BASE + timedelta(days=i)
        events.append(await make_event(db, name=name, starts_at=starts, ends_at=starts + timedelta(hours=8),
                                       location_name=f"Hall {i % 2}"))
    return events


def filter_param(nodes) -> dict:
    return {"filter": json.dumps(nodes)}


# -- visibility in lists ------------------------------------------------------------------------


async def test_lists_by_caller(client, db):
    public = await make_event(db, name="public")
    private = await make_event(db, name="private", privacy="private")
    draft = await make_event(db, name="draft", state="draft")
    other_draft = await make_event(db, name="other draft", state="draft")
    registrar = await make_member(db, draft, "registrar")
    admin = await make_user(db, is_admin=True)
    assert ids(await client.get("/v1/events")) == [str(public.id)]
    assert ids(await client.get("/v1/events", headers=headers_for(await make_user(db)))) == [str(public.id)]
    assert ids(await client.get("/v1/events", headers=headers_for(registrar))) == [str(public.id), str(draft.id)]
    assert ids(await client.get("/v1/events", headers=headers_for(admin))) == [
        str(e.id) for e in (public, private, draft, other_draft)]
    # a private published event is reachable by its link, just not listed
    assert (await client.get(f"/v1/events/{private.identifier}")).status_code == 200


async def test_team_members_of_a_private_event_see_it_listed(client, db):
    private = await make_event(db, privacy="private")
    moderator = await make_member(db, private, "moderator")
    assert ids(await client.get("/v1/events", headers=headers_for(moderator))) == [str(private.id)]


async def test_anonymous_with_role_is_401(client):
    response = await client.get("/v1/events?withRole=true")
    assert response.status_code == 401
    assert error_of(response)["status"] == "401"
    assert (await client.get("/v1/events?withRole=false")).status_code == 200


# -- filters ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("nodes", "expected"), [
    ([{"name": "name", "op": "eq", "val": "Charlie"}], ["Charlie"]),
    ([{"name": "name", "op": "ilike", "val": "%ELT%"}], ["Delta"]),
    ([{"name": "name", "op": "in_", "val": ["Alpha", "Echo"]}], ["Alpha", "Echo"]),
    ([{"name": "starts-at", "op": "ge", "val": "2027-01-04T00:00:00Z"}], ["Delta", "Echo"]),
    ([{"name": "starts_at", "op": "lt", "val": "2027-01-02T10:30:00+01:00"}], ["Alpha", "Bravo"]),
    ([{"or": [{"name": "name", "op": "eq", "val": "Alpha"}, {"name": "name", "op": "eq", "val": "Bravo"}]}],
     ["Alpha", "Bravo"]),
    ([{"and": [{"name": "location-name", "op": "eq", "val": "Hall 0"}, {"name": "name", "op": "ne", "val": "Alpha"}]}],
     ["Charlie", "Echo"]),
    ([{"not": {"name": "location-name", "op": "eq", "val": "Hall 0"}}], ["Bravo", "Delta"]),
    ([{"or": []}], ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]),
    ([{"name": "name", "op": "eq", "val": "x' OR '1'='1"}], []),
    ([{"name": "name", "op": "like", "val": "%'; DROP TABLE events; --"}], []),
    ({"name": "name", "op": "startswith", "val": "%"}, []),
])
async def test_filter_json(client, db, nodes, expected):
    await five_events(db)
    response = await client.get("/v1/events", params=filter_param(nodes))
    assert response.status_code == 200, response.text
    assert [d["attributes"]["name"] for d in response.json()["data"]] == expected
    assert response.json()["meta"] == {"count": len(expected)}
    assert (await client.get("/v1/events")).json()["meta"] == {"count": 5}  # table intact


async def test_simple_filter_form(client, db):
    await five_events(db)
    response = await client.get("/v1/events", params={"filter[name]": "Bravo"})
    assert [d["attributes"]["name"] for d in response.json()["data"]] == ["Bravo"]
    response = await client.get("/v1/events", params={"filter[name]": "Bravo' OR 1=1 --"})
    assert response.json()["data"] == []


@pytest.mark.parametrize("raw", [
    "not json",
    '[{"name": "nope", "op": "eq", "val": 1}]',
    '[{"name": "name", "op": "drop_table", "val": 1}]',
    '[{"name": "name; DROP TABLE events", "op": "eq", "val": 1}]',
    '[{"name": "starts-at", "op": "eq", "val": "yesterday"}]',
    '[{"name": "starts-at", "op": "eq", "val": "9999-12-31T23:59:59-05:00"}]',
    '[{"name": "document-links", "op": "eq", "val": "x"}]',
    '"name"',
])
async def test_bad_filters_are_400(client, db, raw):
    await five_events(db)
    response = await client.get("/v1/events", params={"filter": raw})
    assert response.status_code == 400, response.text
    assert error_of(response)["source"] == {"parameter": "filter"}


@pytest.mark.parametrize("combinator", ["not", "or"])
async def test_deeply_nested_filters_are_400_not_500(client, combinator):
    leaf = '{"name": "name", "op": "eq", "val": "x"}'
    opening, closing = ('{"not": ', "}") if combinator == "not" else ('{"or": [', "]}")
    for depth, status in ((10, 200), (11, 400), (900, 400)):
        raw = "[" + opening * depth + leaf + closing * depth + "]"
        response = await client.get("/v1/events", params={"filter": raw})
        assert response.status_code == status, (depth, response.text)


async def test_bad_simple_filter_is_400(client):
    response = await client.get("/v1/events", params={"filter[no-such]": "x"})
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": "filter[no-such]"}


# -- sorting, sparse fieldsets, pagination ---------------------------------------------------------


async def test_sort(client, db):
    await five_events(db)
    by_start_desc = await client.get("/v1/events?sort=-starts-at")
    assert [d["attributes"]["name"] for d in by_start_desc.json()["data"]] == ["Echo", "Delta", "Charlie", "Bravo", "Alpha"]
    by_two = await client.get("/v1/events?sort=location-name,-name")
    assert [d["attributes"]["name"] for d in by_two.json()["data"]] == ["Echo", "Charlie", "Alpha", "Delta", "Bravo"]
    bad = await client.get("/v1/events?sort=secret")
    assert bad.status_code == 400
    assert error_of(bad)["source"] == {"parameter": "sort"}


async def test_sparse_fieldsets(client, db):
    event = await make_event(db, name="Sparse")
    listed = await client.get("/v1/events?fields[event]=name")
    assert listed.json()["data"] == [{"type": "event", "id": str(event.id), "attributes": {"name": "Sparse"},
                                      "links": {"self": f"/v1/events/{event.id}"}}]
    single = await client.get(f"/v1/events/{event.id}?fields[event]=name,timezone")
    assert single.json()["data"]["attributes"] == {"name": "Sparse", "timezone": "Europe/Berlin"}
    bad = await client.get("/v1/events?fields[event]=name,nope")
    assert bad.status_code == 400
    assert error_of(bad)["source"] == {"parameter": "fields[event]"}


async def test_pagination_links_and_count(client, db):
    await five_events(db)
    first = await client.get("/v1/events?page[size]=2")
    body = first.json()
    assert [d["attributes"]["name"] for d in body["data"]] == ["Alpha", "Bravo"]
    assert body["meta"] == {"count": 5}
    assert body["links"] == {
        "self": "/v1/events?page%5Bsize%5D=2",
        "first": "/v1/events?page%5Bsize%5D=2&page%5Bnumber%5D=1",
        "last": "/v1/events?page%5Bsize%5D=2&page%5Bnumber%5D=3",
        "next": "/v1/events?page%5Bsize%5D=2&page%5Bnumber%5D=2",
    }
    second = (await client.get("/v1/events?page[size]=2&page[number]=2")).json()
    assert [d["attributes"]["name"] for d in second["data"]] == ["Charlie", "Delta"]
    assert second["links"]["prev"].endswith("page%5Bnumber%5D=1")
    assert second["links"]["next"].endswith("page%5Bnumber%5D=3")
    everything = (await client.get("/v1/events?page[size]=0")).json()
    assert len(everything["data"]) == 5
    assert everything["links"] == {"self": "/v1/events?page%5Bsize%5D=0"}
    beyond = (await client.get("/v1/events?page[size]=2&page[number]=9")).json()
    assert beyond["data"] == [] and beyond["meta"] == {"count": 5}


@pytest.mark.parametrize(("query", "parameter"), [
    ("page[size]=100000", "page[size]"),
    ("page[size]=-1", "page[size]"),
    ("page[size]=abc", "page[size]"),
    ("page[number]=0", "page[number]"),
    ("page[offset]=2", "page[offset]"),
    ("include=nope", "include"),
    ("include=roles.nope.deeper.still", "include"),
])
async def test_bad_query_parameters_are_400(client, query, parameter):
    response = await client.get(f"/v1/events?{query}")
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": parameter}


async def test_unknown_include_on_detail_is_400(client, db):
    event = await make_event(db)
    response = await client.get(f"/v1/events/{event.id}?include=owner")
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": "include"}


# -- content negotiation and document errors ------------------------------------------------------


async def test_content_type_must_be_jsonapi(client, db):
    user = await make_user(db)
    headers = {**headers_for(user), "Content-Type": "text/plain"}
    response = await client.post("/v1/events", content=json.dumps(new_event_doc()), headers=headers)
    assert response.status_code == 415
    assert error_of(response)["status"] == "415"


async def test_accept_must_allow_jsonapi(client, db):
    event = await make_event(db)
    response = await client.get(f"/v1/events/{event.id}", headers={"Accept": "text/html"})
    assert response.status_code == 406
    ok = await client.get(f"/v1/events/{event.id}", headers={"Accept": MEDIA_TYPE})
    assert ok.status_code == 200 and ok.headers["content-type"] == MEDIA_TYPE


async def test_patch_document_errors(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    headers = headers_for(owner)
    other_id = await client.patch(f"/v1/events/{event.id}", json=event_doc(event.id + 1, name="x"), headers=headers)
    assert other_id.status_code == 409
    assert error_of(other_id)["source"] == {"pointer": "/data/id"}
    wrong_type = await client.patch(f"/v1/events/{event.id}", headers=headers,
                                    json={"data": {"type": "page", "id": str(event.id), "attributes": {}}})
    assert wrong_type.status_code == 409
    assert error_of(wrong_type)["source"] == {"pointer": "/data/type"}
    unknown = await client.patch(f"/v1/events/{event.id}", json=event_doc(event.id, colour="red"), headers=headers)
    assert unknown.status_code == 422
    assert error_of(unknown)["source"] == {"pointer": "/data/attributes/colour"}
    no_id = await client.patch(f"/v1/events/{event.id}", json={"data": {"type": "event", "attributes": {}}},
                               headers=headers)
    assert no_id.status_code == 400
    bad_json = await client.patch(f"/v1/events/{event.id}", content=b"{", headers=headers)
    assert bad_json.status_code == 400


async def test_bad_include_on_patch_changes_nothing(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, name="Before")
    response = await client.patch(f"/v1/events/{event.id}?include=nope", json=event_doc(event.id, name="After"),
                                  headers=headers_for(owner))
    assert response.status_code == 400
    assert (await client.get(f"/v1/events/{event.id}")).json()["data"]["attributes"]["name"] == "Before"


async def test_relationship_filters_respect_the_childrens_visibility(client, db):
    from openevent.schedule.models import Session

    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    db.add_all([Session(event_id=event.id, title="Secret proposal", state="pending"),
                Session(event_id=event.id, title="Keynote", state="accepted")])
    await db.commit()

    def has_session(title):
        return filter_param([{"name": "sessions", "op": "any", "val": {"name": "title", "op": "eq", "val": title}}])

    assert ids(await client.get("/v1/events", params=has_session("Keynote"))) == [str(event.id)]
    assert ids(await client.get("/v1/events", params=has_session("Secret proposal"))) == []
    assert ids(await client.get("/v1/events", params=has_session("Secret proposal"),
                                headers=headers_for(owner))) == [str(event.id)]
    wrong_op = await client.get("/v1/events", params=filter_param([{"name": "sessions", "op": "has", "val": {}}]))
    assert wrong_op.status_code == 400


async def test_related_lists_apply_the_childrens_own_visibility(client, db):
    from openevent.schedule.models import Session
    from openevent.ticketing.models import Ticket

    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    pending = Session(event_id=event.id, title="Proposal", state="pending")
    accepted = Session(event_id=event.id, title="Keynote", state="accepted")
    window = {"sales_starts_at": event.starts_at, "sales_ends_at": event.ends_at, "type": "free"}
    hidden = Ticket(event_id=event.id, name="Crew", is_hidden=True, **window)
    shown = Ticket(event_id=event.id, name="Standard", **window)
    db.add_all([pending, accepted, hidden, shown])
    await db.commit()
    for rel, public, everything in (("sessions", [accepted], [pending, accepted]), ("tickets", [shown], [hidden, shown])):
        anonymous = await client.get(f"/v1/events/{event.identifier}/{rel}")
        assert sorted(ids(anonymous)) == sorted(str(o.id) for o in public), rel
        team = await client.get(f"/v1/events/{event.identifier}/{rel}", headers=headers_for(owner))
        assert sorted(ids(team)) == sorted(str(o.id) for o in everything), rel
