"""Fuzzing every operation of the server's own /openapi.json: no input gives a 5xx, and every
4xx is a JSON:API error document with a detail.

Schemathesis is not installable on the offline build machines, so this is a small generator of
its own: for each operation it sends a fixed budget of requests whose path ids, query
parameters and bodies come from the operation's documented schemas, mixed with wrong types,
unknown members, hostile strings and broken JSON. It is deterministic (seeded by the operation),
so a failure reproduces; the failing request is printed in the assertion message.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from typing import Any

import pytest

from openevent.app import create_app
from openevent.core.settings import Settings
from tests.exports.factories import make_room, make_session, make_session_type, make_speaker, make_track
from tests.factories import auth_header, make_event, make_user

EXAMPLES_PER_CALLER = 8
SKIPPED_PATHS = {"/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"}
HOSTILE_STRINGS = ["", " ", "x", "0", "-1", "1.5", "true", "null", "9" * 40, "💥\u0000", "<script>alert(1)</script>",
                   "' OR 1=1 --", "../../etc/passwd", "%00", "a" * 5000, "2027-03-01T10:00:00Z", "2027-13-45",
                   "#12345g", "https://example.org/x.png", "javascript:alert(1)", "ünïcödé", "\ud7ff"]
HOSTILE_NUMBERS = [0, -1, 1, 2**31, 2**63, -(2**63) - 1, 10**30, 0.5, float("1e308")]
FILTERS = ['[{"name":"name","op":"eq","val":"x"}]', '[{"name":"nope","op":"eq","val":1}]', "{", "[]",
           '[{"or":[]}]', '[{"name":"id","op":"in","val":"notalist"}]', '[{"name":"starts-at","op":"ge","val":"garbage"}]',
           '[{"name":"event","op":"has","val":{"name":"id","op":"eq","val":1}}]', '[{"not":{"name":"id","op":"eq","val":2}}]',
           '[{"name":"id","op":"like","val":"%"}]', '[{"name":"id","op":"eq","val":99999999999999999999999}]']
SORTS = ["id", "-id", "name", "nope", "event.name", "-", ",", "a.b.c.d"]
INCLUDES = ["event", "nope", "event.tracks", "a.b.c.d.e", "", ",,"]


def operations() -> list[tuple[str, str]]:
    settings = Settings.from_env(data_dir="/tmp/openevent-fuzz-schema", secret_key="k" * 48)
    document = create_app(settings).openapi()
    return sorted((path, method.upper()) for path, item in document["paths"].items() for method in item
                  if path not in SKIPPED_PATHS and method in {"get", "post", "patch", "put", "delete"})


class Generator:
    """Values for a JSON schema: mostly fitting, sometimes deliberately wrong."""

    def __init__(self, rng: random.Random, components: dict) -> None:
        self.rng = rng
        self.components = components

    def hostile(self) -> Any:
        return self.rng.choice([self.rng.choice(HOSTILE_STRINGS), self.rng.choice(HOSTILE_NUMBERS), None, True,
                                [], {}, {"a": [1, {"b": None}]}])

    def value(self, schema: dict, depth: int = 0) -> Any:
        if "$ref" in schema:
            schema = self.components.get(schema["$ref"].rsplit("/", 1)[-1], {})
        if depth > 6 or self.rng.random() < 0.08:
            return self.hostile()
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.value(self.rng.choice(schema[key]), depth + 1)
        if "allOf" in schema and schema["allOf"]:
            return self.value(schema["allOf"][0], depth + 1)
        if "enum" in schema:
            return self.rng.choice(schema["enum"])
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            return self.object(schema, depth)
        if kind == "array":
            return [self.value(schema.get("items", {}), depth + 1) for _ in range(self.rng.randint(0, 3))]
        if kind == "integer":
            return self.rng.choice(HOSTILE_NUMBERS[:6] + [self.rng.randint(1, 5)])
        if kind == "number":
            return self.rng.choice(HOSTILE_NUMBERS + [12.5])
        if kind == "boolean":
            return self.rng.random() < 0.5
        if kind == "null":
            return None
        if kind == "string":
            if schema.get("pattern") == "^[0-9]+$":
                return self.rng.choice(["1", "2", "3", "0", "99999999999999999999"])
            if schema.get("format") == "date-time":
                return self.rng.choice(["2027-03-01T10:00:00Z", "2027-03-01T10:00:00", "yesterday"])
            return self.rng.choice(HOSTILE_STRINGS)
        return self.hostile()

    def object(self, schema: dict, depth: int) -> dict:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        result = {}
        for name, sub in properties.items():
            if name in required or self.rng.random() < 0.6:
                result[name] = self.value(sub, depth + 1)
        if self.rng.random() < 0.1:
            result["unknown-member"] = self.hostile()
        return result


def build_request(rng: random.Random, gen: Generator, path: str, method: str, operation: dict, ids: list[str]):
    url = path
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            junk = ["0", "-1", "abc", "9" * 30, "99999999999999", "²", "%2e%2e", "1.ics"]
            url = url.replace("{" + parameter["name"] + "}", rng.choice(ids if rng.random() < 0.75 else junk))
    params: dict[str, str] = {}
    for parameter in operation.get("parameters", []):
        if parameter["in"] != "query" or rng.random() < 0.5:
            continue
        name = parameter["name"]
        pool = {"filter": FILTERS, "sort": SORTS, "include": INCLUDES}.get(name)
        value = rng.choice(pool) if pool else gen.value(parameter.get("schema", {}))
        params[name] = value if isinstance(value, str) else json.dumps(value)
    content, headers = None, {}
    body = operation.get("requestBody", {}).get("content", {})
    if body or method in {"POST", "PATCH"}:
        media_type, spec = next(iter(body.items())) if body else ("application/vnd.api+json", {})
        roll = rng.random()
        if roll < 0.1:
            content = rng.choice([b"", b"{", b"null", b"[]", b'{"data": 1}', bytes(range(256))])
        elif media_type.startswith("multipart/"):
            content = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.zip\"\r\n\r\nPK\x03\x04junk\r\n--x--\r\n"
            media_type = "multipart/form-data; boundary=x"
        else:
            content = json.dumps(gen.value(spec.get("schema", {}))).encode()
        headers["Content-Type"] = media_type
    return url, params, content, headers


def assert_well_formed(response, description: str) -> None:
    assert response.status_code < 500, f"{description} -> {response.status_code} {response.text[:500]}"
    if response.status_code >= 400:
        document = response.json()
        errors = document.get("errors")
        assert isinstance(errors, list) and errors, f"{description} -> not a JSON:API error: {response.text[:300]}"
        for error in errors:
            assert isinstance(error.get("detail"), str) and error["detail"], f"{description} -> {error}"
            assert "Traceback" not in error["detail"], description


async def seed(db) -> tuple[dict[str, dict[str, str]], list[str]]:
    """An event with one row of each programme type, so id 1 of most resources exists."""
    admin = await make_user(db, is_admin=True, is_verified=True)
    owner = await make_user(db, is_verified=True)
    event = await make_event(db, owner=owner)
    track = await make_track(db, event)
    room = await make_room(db, event)
    speaker = await make_speaker(db, event, email="speaker@example.org")
    await make_session(db, event, starts_at=datetime(2027, 3, 1, 10, tzinfo=timezone.utc), track=track,
                       microlocation=room, session_type=await make_session_type(db, event), speakers=[speaker])
    await db.commit()
    callers = {"anonymous": {}, "admin": auth_header(admin), "owner": auth_header(owner)}
    return callers, ["1", "1", "2", str(event.id), event.identifier]


OPERATIONS = operations()


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
async def test_operation_never_fails_with_a_server_error(client, db, app, path, method):
    document = app.openapi()
    operation = document["paths"][path][method.lower()]
    components = document.get("components", {}).get("schemas", {})
    rng = random.Random(f"{method} {path}")
    gen = Generator(rng, components)
    callers, ids = await seed(db)
    for caller, headers in callers.items():
        for _ in range(EXAMPLES_PER_CALLER):
            url, params, content, extra = build_request(rng, gen, path, method, operation, ids)
            response = await client.request(method, url, params=params, content=content, headers={**headers, **extra})
            shown = {k: v[:80] for k, v in params.items()}
            assert_well_formed(response, f"{caller} {method} {url[:200]} params={shown} body={content!r:.300}")


def test_every_route_is_fuzzed():
    assert len(OPERATIONS) >= 100
