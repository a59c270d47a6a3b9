"""The JSON:API machinery end to end on the simplest resource (pages)."""

from openevent.jsonapi.http import MEDIA_TYPE

from .factories import auth_header, make_user

HEADERS = {"Content-Type": MEDIA_TYPE}


def page_doc(**attributes):
    return {"data": {"type": "page", "attributes": {"name": "About", "url": "/about", **attributes}}}


async def test_admin_creates_and_anyone_reads_pages(client, db):
    admin = await make_user(db, email="admin@example.com", is_admin=True)
    response = await client.post("/v1/pages", json=page_doc(index=2), headers={**HEADERS, **auth_header(admin)})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["data"]["type"] == "page"
    assert body["data"]["attributes"] == {"name": "About", "title": None, "url": "/about", "description": None,
                                          "place": None, "language": None, "index": 2}
    assert response.headers["location"] == f"/v1/pages/{body['data']['id']}"
    listing = await client.get("/v1/pages")
    assert listing.status_code == 200
    assert listing.headers["content-type"] == MEDIA_TYPE
    assert listing.json()["meta"] == {"count": 1}


async def test_anonymous_cannot_create_page(client):
    response = await client.post("/v1/pages", json=page_doc(), headers=HEADERS)
    assert response.status_code == 401
    assert response.json()["errors"][0]["status"] == "401"


async def test_invalid_place_points_at_attribute(client, db):
    admin = await make_user(db, email="admin@example.com", is_admin=True)
    response = await client.post("/v1/pages", json=page_doc(place="sidebar"), headers={**HEADERS, **auth_header(admin)})
    assert response.status_code == 422
    assert response.json()["errors"][0]["source"] == {"pointer": "/data/attributes/place"}
