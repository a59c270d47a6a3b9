"""Export triggers, background export tasks and the .ics calendar feed, through the HTTP API."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from openevent.tasks.registry import get_task
from tests.factories import auth_header, make_event, make_member, make_user
from tests.tasks.conftest import poll

from .factories import local, make_session

XCAL_NS = {"x": "urn:ietf:params:xml:ns:icalendar-2.0"}
UID = re.compile(r"session-(\d+)@")


@pytest.fixture
async def runner(app):
    runner = app.state.task_runner
    yield runner
    await runner.wait_idle(timeout=10)


@pytest.fixture
async def owner(db, programme):
    from sqlalchemy import select

    from openevent.auth.models import User

    return (await db.execute(select(User).where(User.email == "owner@example.com"))).scalar_one()


async def _trigger(client, path: str, headers: dict, method: str = "GET", **kwargs) -> str:
    response = await client.request(method, path, headers=headers, **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"task_url"}
    match = re.fullmatch(r"/v1/tasks/([0-9a-f]{32})", body["task_url"])
    assert match, body
    return match.group(1)


async def _download(client, task_id: str, headers: dict) -> bytes:
    result = await poll(client, task_id, headers)
    assert result["state"] == "SUCCESS", result
    url = result["result"]["download_url"]
    assert url.startswith("http://testserver/v1/downloads/"), url
    response = await client.get(url)
    assert response.status_code == 200, response.text
    return response.content


def test_tasks_are_registered():
    import openevent.exports.api  # noqa: F401

    for name in ("export.ical", "export.xcal", "export.pentabarf", "export.schedule_json", "export.event",
                 "import.event"):
        assert get_task(name) is not None, name


# -- end to end: trigger, poll, download, validate ------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_ical_export(client, runner, programme, owner, method):
    headers = auth_header(owner)
    task_id = await _trigger(client, f"/v1/events/{programme.event.id}/export/ical", headers, method)
    calendar = Calendar.from_ical(await _download(client, task_id, headers))
    ids = {int(UID.match(str(e["UID"])).group(1)) for e in calendar.walk("VEVENT")}
    assert ids == set(programme.public.values())


async def test_xcal_export_by_identifier(client, runner, programme, owner, validate_xcal):
    headers = auth_header(owner)
    task_id = await _trigger(client, f"/v1/events/{programme.event.identifier}/export/xcal", headers)
    tree = validate_xcal(await _download(client, task_id, headers))
    uids = tree.xpath("//x:vevent/x:properties/x:uid/x:text/text()", namespaces=XCAL_NS)
    assert {int(UID.match(u).group(1)) for u in uids} == set(programme.public.values())


async def test_pentabarf_export(client, runner, programme, owner, validate_pentabarf):
    headers = auth_header(owner)
    task_id = await _trigger(client, f"/v1/events/{programme.event.id}/export/pentabarf", headers, "POST")
    tree = validate_pentabarf(await _download(client, task_id, headers))
    assert sorted(int(e.get("id")) for e in tree.iter("event")) == sorted(programme.public.values())


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_schedule_json_export(client, runner, programme, owner, validate_schedule_json, method):
    headers = auth_header(owner)
    task_id = await _trigger(client, f"/v1/events/{programme.event.id}/export/schedule-json", headers, method)
    data = validate_schedule_json(await _download(client, task_id, headers))
    ids = [e["id"] for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert sorted(ids) == sorted(programme.public.values())


async def test_each_export_has_its_own_file(client, runner, programme, owner):
    headers = auth_header(owner)
    urls = []
    for _ in range(2):
        task_id = await _trigger(client, f"/v1/events/{programme.event.id}/export/ical", headers)
        urls.append((await poll(client, task_id, headers))["result"]["download_url"])
    assert urls[0].split("?")[0] != urls[1].split("?")[0]
    for url in urls:
        assert (await client.get(url)).status_code == 200


async def test_task_reports_progress_and_stores_under_its_own_key(app, client, db, runner, programme, owner,
                                                                    monkeypatch):
    from openevent.tasks.context import TaskContext
    from openevent.tasks.models import Task

    reported = []
    original = TaskContext.progress

    async def recording(self, percent):
        reported.append(percent)
        await original(self, percent)

    monkeypatch.setattr(TaskContext, "progress", recording)
    headers = auth_header(owner)
    task_id = await _trigger(client, f"/v1/events/{programme.event.id}/export/pentabarf", headers)
    assert (await poll(client, task_id, headers))["state"] == "SUCCESS"
    assert reported and reported == sorted(reported) and 0 < reported[0] and reported[-1] < 100
    async with app.state.sessionmaker() as fresh:
        row = await fresh.get(Task, task_id)
    assert (row.name, row.owner_id, row.args, row.progress) == \
        ("export.pentabarf", owner.id, {"event_id": programme.event.id}, 100)
    assert row.result == {"download_key":
                          f"exports/{programme.event.id}/{task_id}/{programme.event.identifier}-pentabarf.xml"}


async def test_task_for_a_vanished_event_fails_with_a_message(client, db, runner, owner):
    task_id = await runner.enqueue(db, "export.ical", owner_id=owner.id, event_id=987654)
    result = await poll(client, task_id, auth_header(owner))
    assert result == {"state": "FAILURE", "result": "The event no longer exists; nothing was exported."}


async def test_json_export_rejects_bad_bodies(client, runner, programme, owner):
    headers = auth_header(owner)
    path = f"/v1/events/{programme.event.id}/export/json"
    for content, status in ((b"{not json", 400), (b"[1, 2]", 422), (b'{"image": "yes"}', 422)):
        response = await client.post(path, headers={**headers, "Content-Type": "application/json"}, content=content)
        assert response.status_code == status, response.text
        assert response.json()["errors"][0]["status"] == str(status)
    response = await client.get(path, headers=headers)
    assert response.status_code == 405
    assert response.json()["errors"][0]["status"] == "405"


async def test_another_user_cannot_read_the_task(client, db, runner, programme, owner):
    headers = auth_header(owner)
    task_id = await _trigger(client, f"/v1/events/{programme.event.id}/export/ical", headers)
    await poll(client, task_id, headers)
    stranger = await make_user(db)
    response = await client.get(f"/v1/tasks/{task_id}", headers=auth_header(stranger))
    assert response.status_code == 404
    assert response.json()["errors"][0]["status"] == "404"
    coorganizer = await make_member(db, programme.event, "coorganizer")
    assert (await client.get(f"/v1/tasks/{task_id}", headers=auth_header(coorganizer))).status_code == 404
    assert (await client.get(f"/v1/tasks/{task_id}")).status_code == 401


# -- permissions ----------------------------------------------------------------------------------

ROLES = ["anonymous", "user", "registrar", "track_organizer", "moderator", "coorganizer", "organizer", "owner",
         "admin"]
PUBLISHED = {"anonymous": 401, "user": 403, "registrar": 403, "track_organizer": 403, "moderator": 403,
             "coorganizer": 200, "organizer": 200, "owner": 200, "admin": 200}
DRAFT = {**PUBLISHED, "user": 404}
EXPORT_PATHS = [("GET", "ical"), ("POST", "ical"), ("GET", "xcal"), ("POST", "xcal"), ("GET", "pentabarf"),
                ("POST", "pentabarf"), ("GET", "schedule-json"), ("POST", "schedule-json"), ("POST", "json")]


async def _headers_for(db, event, who: str) -> dict:
    if who == "anonymous":
        return {}
    if who == "user":
        return auth_header(await make_user(db))
    if who == "admin":
        return auth_header(await make_user(db, is_admin=True))
    return auth_header(await make_member(db, event, who))


@pytest.mark.parametrize("state, expected", [("published", PUBLISHED), ("draft", DRAFT)])
async def test_permission_table(client, db, runner, state, expected):
    event = await make_event(db, state=state)
    headers = {who: await _headers_for(db, event, who) for who in ROLES}
    seen = {}
    for method, name in EXPORT_PATHS:
        for who in ROLES:
            response = await client.request(method, f"/v1/events/{event.identifier}/export/{name}",
                                            headers=headers[who])
            seen[(method, name, who)] = response.status_code
            if response.status_code != 200:
                error = response.json()["errors"][0]
                assert error["status"] == str(response.status_code)
    assert seen == {(m, n, who): expected[who] for m, n in EXPORT_PATHS for who in ROLES}


async def test_unknown_and_deleted_events_are_404(client, db, runner):
    from openevent.core.db import utcnow

    admin = auth_header(await make_user(db, is_admin=True))
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    event.deleted_at = utcnow()
    await db.commit()
    for target in ("999999", "nosuchevent", "x" * 300, str(event.id)):
        for headers in (admin, auth_header(owner)):
            response = await client.get(f"/v1/events/{target}/export/ical", headers=headers)
            assert response.status_code == 404, (target, response.text)
            assert response.json()["errors"][0]["status"] == "404"


# -- the synchronous calendar feed ----------------------------------------------------------------


async def test_ics_of_a_published_event_is_public(client, db, programme):
    event = programme.event
    for target in (event.identifier, str(event.id)):
        response = await client.get(f"/v1/events/{target}.ics")
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        assert response.headers["content-disposition"] == f'inline; filename="{event.identifier}.ics"'
        assert "max-age=" in response.headers["cache-control"]
        assert response.headers["etag"].startswith('"')
        calendar = Calendar.from_ical(response.content)
        ids = {int(UID.match(str(e["UID"])).group(1)) for e in calendar.walk("VEVENT")}
        assert ids == set(programme.public.values())


async def test_ics_etag_is_stable_and_answers_304(client, programme):
    path = f"/v1/events/{programme.event.identifier}.ics"
    first = await client.get(path)
    second = await client.get(path)
    assert first.headers["etag"] == second.headers["etag"]
    cached = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert cached.status_code == 304
    assert cached.content == b""
    changed = await client.get(path, headers={"If-None-Match": '"something-else"'})
    assert changed.status_code == 200


async def test_ics_of_a_draft_is_for_the_team_only(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, state="draft")
    registrar = await make_member(db, event, "registrar")
    path = f"/v1/events/{event.identifier}.ics"
    anonymous = await client.get(path)
    assert anonymous.status_code == 404
    assert anonymous.json()["errors"][0]["status"] == "404"
    assert (await client.get(path, headers=auth_header(await make_user(db)))).status_code == 404
    for member in (owner, registrar, await make_user(db, is_admin=True)):
        response = await client.get(path, headers=auth_header(member))
        assert response.status_code == 200, response.text
        assert "no-cache" in response.headers["cache-control"]


async def test_ics_of_unknown_or_deleted_event_is_404(client, db):
    from openevent.core.db import utcnow

    event = await make_event(db)
    event.deleted_at = utcnow()
    await db.commit()
    for target in (event.identifier, "nope", "999999", "a" * 200):
        response = await client.get(f"/v1/events/{target}.ics")
        assert response.status_code == 404
        assert response.json()["errors"][0]["status"] == "404"


async def test_event_detail_route_still_works(client, db):
    event = await make_event(db)
    for target in (event.identifier, str(event.id)):
        response = await client.get(f"/v1/events/{target}")
        assert response.status_code == 200, response.text
        assert response.json()["data"]["id"] == str(event.id)


async def test_ics_query_count_does_not_grow_with_the_programme(client, db, count_queries, monkeypatch):
    async def no_refresh(*args, **kwargs):  # render on every read; no background run adds queries
        return False

    monkeypatch.setattr("openevent.exports.feeds.request_refresh", no_refresh)
    berlin = "Europe/Berlin"
    counts = {}
    for size in (5, 50):
        event = await make_event(db, timezone=berlin)
        for i in range(size):
            await make_session(db, event, f"Talk {i}", starts_at=local(berlin, 2027, 3, 1, 9 + i % 8, 0), minutes=30)
        await db.commit()
        with count_queries() as counter:
            response = await client.get(f"/v1/events/{event.identifier}.ics")
        assert response.status_code == 200
        assert len(Calendar.from_ical(response.content).walk("VEVENT")) == size
        counts[size] = counter.count
    assert counts[5] == counts[50], counts
