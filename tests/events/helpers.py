"""Shared helpers of the events tests."""

from __future__ import annotations

import re

from openevent.jsonapi.http import MEDIA_TYPE

from ..factories import auth_header, make_user

JSONAPI = {"Content-Type": MEDIA_TYPE}
IDENTIFIER = re.compile(r"^[0-9a-f]{8}$")


def event_doc(event_id=None, **attributes) -> dict:
    data = {"type": "event", "attributes": attributes}
    if event_id is not None:
        data["id"] = str(event_id)
    return {"data": data}


def new_event_doc(**attributes) -> dict:
    values = {"name": "PyCon Berlin", "starts-at": "2027-05-01T09:00:00+02:00",
              "ends-at": "2027-05-03T18:00:00+02:00", "timezone": "Europe/Berlin"}
    values.update(attributes)
    return event_doc(**values)


def headers_for(user) -> dict:
    return {**JSONAPI, **auth_header(user)} if user is not None else dict(JSONAPI)


def error_of(response) -> dict:
    body = response.json()
    assert response.headers["content-type"] == MEDIA_TYPE
    assert body["jsonapi"] == {"version": "1.0"}
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


def ids(response) -> list[str]:
    return [item["id"] for item in response.json()["data"]]


async def verified_user(db, **fields):
    return await make_user(db, is_verified=True, **fields)
