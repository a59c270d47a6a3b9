"""Public schedule feeds /e/{identifier}/schedule.{ics,xcal,xml,json}: what apps subscribe to."""

from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from tests.factories import auth_header, make_event, make_user

XCAL_NS = {"x": "urn:ietf:params:xml:ns:icalendar-2.0"}
UID = re.compile(r"session-(\d+)@")


async def test_ics_feed_lists_exactly_the_public_sessions(client, programme):
    response = await client.get(f"/e/{programme.event.identifier}/schedule.ics")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == f'inline; filename="{programme.event.identifier}.ics"'
    ids = {int(UID.match(str(e["UID"])).group(1)) for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert ids == set(programme.public.values())


async def test_xcal_feed_is_valid_rfc6321(client, programme, validate_xcal):
    response = await client.get(f"/e/{programme.event.identifier}/schedule.xcal")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/calendar+xml; charset=utf-8"
    tree = validate_xcal(response.content)
    uids = tree.xpath("//x:vevent/x:properties/x:uid/x:text/text()", namespaces=XCAL_NS)
    assert {int(UID.match(u).group(1)) for u in uids} == set(programme.public.values())


async def test_pentabarf_feed_is_valid_frab(client, programme, validate_pentabarf):
    response = await client.get(f"/e/{programme.event.identifier}/schedule.xml")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        f'inline; filename="{programme.event.identifier}-schedule.xml"')
    tree = validate_pentabarf(response.content)
    assert sorted(int(e.get("id")) for e in tree.iter("event")) == sorted(programme.public.values())


async def test_json_feed_is_valid_c3voc(client, programme, validate_schedule_json):
    response = await client.get(f"/e/{programme.event.identifier}/schedule.json")
    assert response.status_code == 200
    data = validate_schedule_json(response.content)
    ids = [e["id"] for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert sorted(ids) == sorted(programme.public.values())


@pytest.mark.parametrize("extension", ["ics", "xcal", "xml", "json"])
async def test_feeds_revalidate_with_a_stable_etag(client, programme, extension):
    path = f"/e/{programme.event.identifier}/schedule.{extension}"
    first = await client.get(path)
    second = await client.get(path)
    assert first.headers["etag"] == second.headers["etag"]
    cached = await client.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert cached.status_code == 304
    assert cached.content == b""


@pytest.mark.parametrize("extension", ["ics", "xcal", "xml", "json"])
async def test_feeds_of_drafts_are_for_the_team_only(client, db, extension):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, state="draft")
    path = f"/e/{event.identifier}/schedule.{extension}"
    assert (await client.get(path)).status_code == 404
    assert (await client.get(path, headers=auth_header(await make_user(db)))).status_code == 404
    assert (await client.get(path, headers=auth_header(owner))).status_code == 200
    assert (await client.get(f"/e/nosuchevt/schedule.{extension}")).status_code == 404


async def test_schedule_version_follows_programme_changes_not_the_clock(client, db, programme):
    from datetime import timedelta

    from sqlalchemy import select

    from openevent.schedule.models import Session

    path = f"/e/{programme.event.identifier}/schedule.json"
    before = (await client.get(path)).json()["schedule"]["version"]
    session = (await db.execute(select(Session).where(Session.id == min(programme.public.values())))).scalar_one()
    changed_at = session.last_modified_at + timedelta(days=1)
    session.last_modified_at = changed_at
    await db.commit()
    after = (await client.get(path)).json()["schedule"]["version"]
    assert before != after
    assert after == changed_at.strftime("%Y-%m-%dT%H:%M:%SZ")
