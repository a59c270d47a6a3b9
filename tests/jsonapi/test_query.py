"""Filtering, sorting, sparse fieldsets and pagination of the generic layer (via pages)."""

import json
from urllib.parse import quote

import pytest

from openevent.events.models import Page


@pytest.fixture
async def pages(db):
    rows = [
        Page(name="About", url="/about", index=3, place="footer", language="en"),
        Page(name="Imprint", url="/imprint", index=1, place="footer", language="de"),
        Page(name="Code of conduct", url="/coc", index=2, place="event", language="en"),
        Page(name="FAQ", url="/faq", index=2, place=None, language=None),
        Page(name="100% fun_", url="/fun", index=5, place="event", language="en"),
    ]
    db.add_all(rows)
    await db.commit()
    return {p.name: p.id for p in rows}


def names(response):
    assert response.status_code == 200, response.text
    return [item["attributes"]["name"] for item in response.json()["data"]]


def f(value) -> str:
    return quote(json.dumps(value))


async def test_default_order_is_index_then_id(client, pages):
    assert names(await client.get("/v1/pages")) == ["Imprint", "Code of conduct", "FAQ", "About", "100% fun_"]


async def test_sort_descending_and_multiple_keys(client, pages):
    assert names(await client.get("/v1/pages?sort=-index,name")) == [
        "100% fun_", "About", "Code of conduct", "FAQ", "Imprint"]


async def test_sort_nulls_last_on_every_backend(client, pages):
    assert names(await client.get("/v1/pages?sort=place,name")) == [
        "100% fun_", "Code of conduct", "About", "Imprint", "FAQ"]


async def test_unknown_sort_is_400(client, pages):
    response = await client.get("/v1/pages?sort=colour")
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": "sort"}


@pytest.mark.parametrize("filters, expected", [
    ([{"name": "place", "op": "eq", "val": "footer"}], ["Imprint", "About"]),
    ([{"name": "place", "op": "==", "val": "footer"}], ["Imprint", "About"]),
    ([{"name": "index", "op": "ge", "val": 3}], ["About", "100% fun_"]),
    ([{"name": "index", "op": "ge", "val": "3"}], ["About", "100% fun_"]),
    ([{"name": "language", "op": "in_", "val": ["de", "fr"]}], ["Imprint"]),
    ([{"name": "language", "op": "notin_", "val": ["en"]}], ["Imprint"]),
    ([{"name": "place", "op": "is_", "val": None}], ["FAQ"]),
    ([{"name": "place", "op": "isnot", "val": None}], ["Imprint", "Code of conduct", "About", "100% fun_"]),
    ([{"name": "place", "op": "eq", "val": None}], ["FAQ"]),
    ([{"name": "name", "op": "ilike", "val": "%O%"}], ["Code of conduct", "About"]),
    ([{"name": "name", "op": "contains", "val": "% f"}], ["100% fun_"]),
    ([{"name": "name", "op": "startswith", "val": "100%"}], ["100% fun_"]),
    ([{"name": "index", "op": "between", "val": [2, 3]}], ["Code of conduct", "FAQ", "About"]),
    ([{"or": [{"name": "index", "op": "eq", "val": 1}, {"name": "index", "op": "eq", "val": 5}]}], ["Imprint", "100% fun_"]),
    ([{"and": [{"name": "language", "op": "eq", "val": "en"}, {"name": "place", "op": "eq", "val": "event"}]}],
     ["Code of conduct", "100% fun_"]),
    ([{"not": {"name": "language", "op": "eq", "val": "en"}}], ["Imprint"]),
    ([{"or": []}], ["Imprint", "Code of conduct", "FAQ", "About", "100% fun_"]),
    ([], ["Imprint", "Code of conduct", "FAQ", "About", "100% fun_"]),
    ({"name": "place", "op": "eq", "val": "event"}, ["Code of conduct", "100% fun_"]),
    ([{"name": "name", "op": "eq", "val": "x' OR '1'='1"}], []),
    ([{"name": "index", "op": "lt", "field": "index"}], []),
])
async def test_filter_json(client, pages, filters, expected):
    assert names(await client.get(f"/v1/pages?filter={f(filters)}")) == expected


async def test_simple_filter_form(client, pages):
    assert names(await client.get("/v1/pages?filter[place]=footer")) == ["Imprint", "About"]
    assert names(await client.get("/v1/pages?filter[index]=2")) == ["Code of conduct", "FAQ"]


@pytest.mark.parametrize("raw", [
    "not json",
    f([{"name": "colour", "op": "eq", "val": "x"}]),
    f([{"name": "index", "op": "explode", "val": 1}]),
    f([{"name": "index", "op": "eq", "val": "one"}]),
    f([{"name": "index", "op": "in_", "val": 1}]),
    f([{"name": "index", "op": "between", "val": [1]}]),
    f([{"name": "index", "op": "eq"}]),
    f([{"op": "eq", "val": 1}]),
    f([{"or": {"name": "index"}}]),
    f(["index"]),
    f([{"name": "index", "op": "eq", "val": {"a": 1}}]),
    f(5),
    f([{"name": "__class__", "op": "eq", "val": 1}]),
    f([{"name": "index", "op": "__delattr__", "val": 1}]),
])
async def test_bad_filters_are_400_with_parameter(client, pages, raw):
    response = await client.get(f"/v1/pages?filter={raw}")
    assert response.status_code == 400, response.text
    assert response.json()["errors"][0]["source"] == {"parameter": "filter"}


async def test_bad_simple_filter_names_its_parameter(client, pages):
    response = await client.get("/v1/pages?filter[colour]=red")
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": "filter[colour]"}


async def test_sparse_fieldsets(client, pages):
    response = await client.get("/v1/pages?fields[page]=name,index&page[size]=1")
    assert response.json()["data"][0]["attributes"] == {"name": "Imprint", "index": 1}
    bad = await client.get("/v1/pages?fields[page]=nope")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["source"] == {"parameter": "fields[page]"}
    unknown_type = await client.get("/v1/pages?fields[spaceship]=name")
    assert unknown_type.status_code == 400


async def test_pagination_links_and_count(client, pages):
    response = await client.get("/v1/pages?page[size]=2&page[number]=2")
    body = response.json()
    assert names(response) == ["FAQ", "About"]
    assert body["meta"] == {"count": 5}
    assert body["links"] == {
        "self": "/v1/pages?page%5Bsize%5D=2",
        "first": "/v1/pages?page%5Bsize%5D=2&page%5Bnumber%5D=1",
        "last": "/v1/pages?page%5Bsize%5D=2&page%5Bnumber%5D=3",
        "prev": "/v1/pages?page%5Bsize%5D=2&page%5Bnumber%5D=1",
        "next": "/v1/pages?page%5Bsize%5D=2&page%5Bnumber%5D=3",
    }


async def test_page_size_zero_returns_everything(client, pages):
    response = await client.get("/v1/pages?page[size]=0")
    assert len(response.json()["data"]) == 5
    assert response.json()["links"] == {"self": "/v1/pages?page%5Bsize%5D=0"}


async def test_default_page_size_is_20(client, db):
    db.add_all([Page(name=f"p{i}", url=f"/{i}", index=i) for i in range(25)])
    await db.commit()
    response = await client.get("/v1/pages")
    assert len(response.json()["data"]) == 20
    assert response.json()["meta"] == {"count": 25}


@pytest.mark.parametrize("query, parameter", [
    ("page[size]=100000", "page[size]"),
    ("page[size]=-1", "page[size]"),
    ("page[size]=ten", "page[size]"),
    ("page[number]=0", "page[number]"),
    ("page[offset]=3", "page[offset]"),
    ("include=owner", "include"),
])
async def test_bad_query_parameters_are_400(client, pages, query, parameter):
    response = await client.get(f"/v1/pages?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"parameter": parameter}


async def test_page_beyond_the_end_is_empty(client, pages):
    response = await client.get("/v1/pages?page[size]=2&page[number]=9")
    assert response.json()["data"] == []
    assert response.json()["meta"] == {"count": 5}
