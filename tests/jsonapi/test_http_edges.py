"""Errors, content negotiation and routing edges of the JSON:API layer (via pages)."""

import pytest

from openevent.jsonapi.http import MEDIA_TYPE

from ..factories import auth_header, make_user

JSONAPI = {"Content-Type": MEDIA_TYPE}


async def admin_headers(db):
    admin = await make_user(db, is_admin=True)
    return {**JSONAPI, **auth_header(admin)}


def error_of(response):
    body = response.json()
    assert response.headers["content-type"] == MEDIA_TYPE
    assert body["jsonapi"] == {"version": "1.0"}
    assert len(body["errors"]) == 1
    return body["errors"][0]


async def test_unknown_route_is_a_jsonapi_404(client):
    response = await client.get("/v1/no-such-thing")
    assert response.status_code == 404
    assert error_of(response) == {"status": "404", "title": "Not found",
                                  "detail": "No route '/v1/no-such-thing'.", "source": {"parameter": "path"}}


async def test_unknown_id_is_a_jsonapi_404(client):
    response = await client.get("/v1/pages/999")
    assert response.status_code == 404
    assert error_of(response)["detail"] == "No page with id '999'."


async def test_non_numeric_id_is_404_not_500(client):
    response = await client.get("/v1/pages/abc'%20OR%201=1")
    assert response.status_code == 404


async def test_method_not_allowed_is_a_jsonapi_405(client):
    response = await client.put("/v1/pages")
    assert response.status_code == 405
    assert error_of(response)["status"] == "405"


async def test_wrong_content_type_is_415(client, db):
    headers = await admin_headers(db)
    response = await client.post("/v1/pages", content=b"name=x", headers={**headers, "Content-Type": "text/plain"})
    assert response.status_code == 415
    assert error_of(response)["title"] == "Unsupported media type"


async def test_media_type_parameters_are_415(client, db):
    headers = await admin_headers(db)
    response = await client.post("/v1/pages", content=b"{}", headers={**headers, "Content-Type": MEDIA_TYPE + "; version=2"})
    assert response.status_code == 415


async def test_unacceptable_accept_header_is_406(client):
    response = await client.get("/v1/pages", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert error_of(response)["source"] == {"parameter": "Accept"}


async def test_accept_wildcard_and_json_are_fine(client):
    for accept in ("*/*", "application/json", MEDIA_TYPE, "text/html, application/*;q=0.1"):
        assert (await client.get("/v1/pages", headers={"Accept": accept})).status_code == 200


async def test_malformed_json_is_400(client, db):
    headers = await admin_headers(db)
    response = await client.post("/v1/pages", content=b'{"data": ', headers=headers)
    assert response.status_code == 400
    assert error_of(response)["title"] == "Malformed JSON"


async def test_empty_body_is_400(client, db):
    headers = await admin_headers(db)
    response = await client.post("/v1/pages", content=b"", headers=headers)
    assert response.status_code == 400


@pytest.mark.parametrize("body, status, pointer", [
    ([], 400, ""),
    ({"data": []}, 400, "/data"),
    ({"data": {"type": "event", "attributes": {}}}, 409, "/data/type"),
    ({"data": {"type": "page", "attributes": {"name": "x", "url": "/x", "colour": "red"}}}, 422, "/data/attributes/colour"),
    ({"data": {"type": "page", "attributes": {"url": "/x"}}}, 422, "/data/attributes/name"),
    ({"data": {"type": "page", "attributes": {"name": 5, "url": "/x"}}}, 422, "/data/attributes/name"),
    ({"data": {"type": "page", "attributes": {"name": "x", "url": "/x", "index": "first"}}}, 422, "/data/attributes/index"),
    ({"data": {"type": "page", "attributes": {"name": None, "url": "/x"}}}, 422, "/data/attributes/name"),
    ({"data": {"type": "page", "attributes": "name"}}, 400, "/data/attributes"),
    ({"data": {"type": "page", "attributes": {"name": "x", "url": "/x"}, "relationships": {"event": {"data": None}}}},
     422, "/data/relationships/event"),
])
async def test_invalid_documents_point_at_the_problem(client, db, body, status, pointer):
    headers = await admin_headers(db)
    response = await client.post("/v1/pages", json=body, headers=headers)
    assert response.status_code == status, response.text
    assert error_of(response)["source"] == {"pointer": pointer}


async def test_patch_id_must_match_url(client, db):
    headers = await admin_headers(db)
    created = await client.post("/v1/pages", json={"data": {"type": "page", "attributes": {"name": "a", "url": "/a"}}},
                                headers=headers)
    page_id = created.json()["data"]["id"]
    response = await client.patch(f"/v1/pages/{page_id}", json={"data": {"type": "page", "id": "12345", "attributes": {}}},
                                  headers=headers)
    assert response.status_code == 409
    assert error_of(response)["source"] == {"pointer": "/data/id"}
    missing = await client.patch(f"/v1/pages/{page_id}", json={"data": {"type": "page", "attributes": {}}}, headers=headers)
    assert missing.status_code == 400


async def test_patch_ignores_read_only_members_clients_echo_back(client, db):
    headers = await admin_headers(db)
    created = await client.post("/v1/pages", json={"data": {"type": "page", "attributes": {"name": "a", "url": "/a"}}},
                                headers=headers)
    page_id = created.json()["data"]["id"]
    response = await client.patch(f"/v1/pages/{page_id}", json={"data": {"type": "page", "id": page_id, "attributes": {"title": "T"}}},
                                  headers=headers)
    assert response.status_code == 200
    assert response.json()["data"]["attributes"]["title"] == "T"


async def test_delete_answers_meta_message(client, db):
    headers = await admin_headers(db)
    created = await client.post("/v1/pages", json={"data": {"type": "page", "attributes": {"name": "a", "url": "/a"}}},
                                headers=headers)
    page_id = created.json()["data"]["id"]
    response = await client.delete(f"/v1/pages/{page_id}", headers=headers)
    assert response.status_code == 200
    assert response.json() == {"meta": {"message": "Object successfully deleted"}, "jsonapi": {"version": "1.0"}}
    assert (await client.get(f"/v1/pages/{page_id}")).status_code == 404


async def test_oversized_body_is_413(client, db, app):
    headers = await admin_headers(db)
    limit = app.state.settings.max_body_bytes
    response = await client.post("/v1/pages", content=b"{" + b" " * limit + b"}", headers=headers)
    assert response.status_code == 413


async def test_unexpected_errors_do_not_leak_internals(app, client):
    from fastapi import APIRouter

    router = APIRouter()

    @router.get("/v1/test-crash")
    async def crash():
        raise RuntimeError("secret internal detail")

    app.include_router(router)
    try:
        response = await client.get("/v1/test-crash")
    finally:
        app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", "") != "/v1/test-crash"]
    assert response.status_code == 500
    error = error_of(response)
    assert error == {"status": "500", "title": "Internal server error",
                     "detail": "An unexpected error occurred; it has been logged."}
    assert "secret" not in response.text


async def test_openapi_document_describes_request_bodies(client):
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    create = spec["paths"]["/v1/pages"]["post"]
    schema = create["requestBody"]["content"][MEDIA_TYPE]["schema"]
    data = schema["properties"]["data"]
    assert data["properties"]["type"] == {"type": "string", "enum": ["page"]}
    assert data["properties"]["attributes"]["required"] == ["name", "url"]
    assert data["properties"]["attributes"]["properties"]["place"] == {
        "anyOf": [{"type": "string", "enum": ["footer", "event"]}, {"type": "null"}]}


@pytest.mark.parametrize(("value", "expected"), [(2**31, 422), (-(2**31) - 1, 422), (2**31 - 1, 201), (-(2**31), 201)])
async def test_integers_beyond_the_column_width_are_422_on_every_backend(client, db, value, expected):
    headers = await admin_headers(db)
    document = {"data": {"type": "page", "attributes": {"name": "p", "title": "t", "url": "/p", "index": value}}}
    response = await client.post("/v1/pages", json=document, headers=headers)
    assert response.status_code == expected, response.text
    if expected == 422:
        assert error_of(response) == {"status": "422", "title": "Invalid attribute",
                                      "detail": "'index' is out of range (at most 2147483647).",
                                      "source": {"pointer": "/data/attributes/index"}}


@pytest.mark.parametrize(("document", "pointer"), [
    ({"data": {"type": "page", "attributes": {"name": "a\u0000b"}}}, "/data/attributes/name"),
    ({"data": {"type": "page", "attributes": {"na\u0000me": "x"}}}, "/data/attributes/na\u0000me"),
    ({"data": [{"x": 1}, {"y/z": ["ok", "\u0000"]}]}, "/data/1/y~1z/1"),
])
async def test_nul_anywhere_in_a_json_body_is_422_with_its_pointer(client, db, document, pointer):
    headers = await admin_headers(db)
    response = await client.post("/v1/pages", json=document, headers=headers)
    assert response.status_code == 422
    assert error_of(response) == {"status": "422", "title": "Invalid value", "detail": "Text may not contain NUL characters.",
                                  "source": {"pointer": pointer}}


@pytest.mark.parametrize("segment", ["99999999999999", "2147483648", "²", "١٢", "9" * 19])
async def test_ids_no_row_can_have_are_404_on_every_backend(client, segment):
    for path in (f"/v1/pages/{segment}", f"/v1/events/{segment}", f"/v1/events/{segment}/sessions",
                 f"/v1/sessions/{segment}", f"/v1/orders/{segment}", f"/v1/orders/{segment}/tickets"):
        response = await client.get(path)
        assert response.status_code == 404, (path, response.text)
        assert error_of(response)["status"] == "404"
