"""Pages keep their index order; the OpenAPI document describes the events and settings routes."""

from __future__ import annotations

from openevent.events.models import Page

from ..factories import make_user
from .helpers import headers_for


async def test_pages_are_ordered_by_index_then_id(client, db):
    db.add_all([Page(name="c", url="/c", index=2), Page(name="a", url="/a", index=0), Page(name="b", url="/b", index=2),
                Page(name="z", url="/z", index=1)])
    await db.commit()
    response = await client.get("/v1/pages")
    assert [d["attributes"]["name"] for d in response.json()["data"]] == ["a", "z", "c", "b"]
    desc = await client.get("/v1/pages?sort=-index")
    assert [d["attributes"]["name"] for d in desc.json()["data"]] == ["c", "b", "z", "a"]


async def test_pages_writes_stay_admin_only(client, db):
    user = await make_user(db)
    doc = {"data": {"type": "page", "attributes": {"name": "x", "url": "/x"}}}
    assert (await client.post("/v1/pages", json=doc, headers=headers_for(user))).status_code == 403


async def test_openapi_describes_events_and_settings(client):
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths["/v1/events"]) == {"get", "post"}
    assert set(paths["/v1/events/{id}"]) == {"get", "patch", "delete"}
    assert set(paths["/v1/settings"]) == {"get", "patch"}
    assert set(paths["/v1/settings/{id}"]) == {"get", "patch"}
    params = {p["name"] for p in paths["/v1/events"]["get"]["parameters"]}
    assert {"withRole", "filter", "sort", "include", "page[size]", "fields[event]"} <= params
    body = paths["/v1/events"]["post"]["requestBody"]["content"]["application/vnd.api+json"]["schema"]
    attributes = body["properties"]["data"]["properties"]["attributes"]
    assert set(attributes["required"]) == {"name", "starts-at", "ends-at"}
    assert "identifier" not in attributes["properties"]
    assert "is-stripe-linked" not in attributes["properties"]
