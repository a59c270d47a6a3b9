"""Small JSON:API request helpers shared by the programme, sponsor, call and event-info tests."""

from __future__ import annotations

from ..factories import auth_header

JSONAPI = "application/vnd.api+json"


def doc(type_: str, attributes: dict, event=None, id_=None, relationships: dict | None = None) -> dict:
    data: dict = {"type": type_, "attributes": attributes}
    if id_ is not None:
        data["id"] = str(id_)
    rels = {}
    if event is not None:
        rels["event"] = {"data": {"type": "event", "id": str(event.id)}}
    rels.update(relationships or {})
    if rels:
        data["relationships"] = rels
    return {"data": data}


def to_many(type_: str, rows) -> dict:
    return {"data": [{"type": type_, "id": str(getattr(row, "id", row))} for row in rows]}


def headers(user=None) -> dict:
    return {"Content-Type": JSONAPI, **(auth_header(user) if user is not None else {})}


async def post(client, path: str, body, user=None):
    return await client.post(path if path.startswith("/") else f"/v1/{path}", json=body, headers=headers(user))


async def patch(client, path: str, body, user=None):
    return await client.patch(path, json=body, headers=headers(user))


async def delete(client, path: str, user=None):
    return await client.delete(path, headers=headers(user))


def error_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    errors = response.json()["errors"]
    assert len(errors) == 1 and errors[0]["status"] == str(status), errors
    return errors[0]


def pointer_of(response, status: int) -> str:
    return error_of(response, status)["source"]["pointer"]
