"""ical-url / xcal-url / pentabarf-url: stable URLs, dirty marks, debounced background regeneration."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from openevent.core.db import utcnow
from openevent.exports import feeds
from openevent.exports.models import ExportFeed
from openevent.schedule.models import Session, Track
from openevent.tasks.models import Task
from openevent.tasks.periodic import PERIODIC_JOBS, run_periodic
from tests.factories import auth_header, make_event, make_user

from .factories import local, make_session, make_track

BERLIN = "Europe/Berlin"


@pytest.fixture
async def runner(app):
    runner = app.state.task_runner
    yield runner
    await runner.wait_idle(timeout=10)


async def _feed_row(app, event_id) -> ExportFeed | None:
    async with app.state.sessionmaker() as fresh:
        return await fresh.get(ExportFeed, event_id)


async def _refresh_tasks(app, event_id) -> int:
    async with app.state.sessionmaker() as fresh:
        rows = (await fresh.execute(select(Task).where(Task.name == "export.refresh_feeds"))).scalars().all()
    return sum(1 for row in rows if row.args == {"event_id": event_id})


async def _event_with_talk(db, title="Opening talk", state="published", **fields):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, timezone=BERLIN, state=state, **fields)
    session = await make_session(db, event, title, starts_at=local(BERLIN, 2027, 3, 1, 10, 0))
    await db.commit()
    return owner, event, session


async def test_event_resource_points_at_the_stable_feed_urls(client, db):
    owner, event, _ = await _event_with_talk(db, schedule_published_on=utcnow())
    response = await client.get(f"/v1/events/{event.identifier}")
    attributes = response.json()["data"]["attributes"]
    base = f"http://testserver/e/{event.identifier}"
    assert (attributes["ical-url"], attributes["xcal-url"], attributes["pentabarf-url"]) == \
        (f"{base}/schedule.ics", f"{base}/schedule.xcal", f"{base}/schedule.xml")
    # as in Open Event: no URLs until the event is published with a schedule
    for fields in ({"state": "draft", "schedule_published_on": utcnow()}, {"state": "published"}):
        other = await make_event(db, owner=owner, **fields)
        response = await client.get(f"/v1/events/{other.id}", headers=auth_header(owner))
        attributes = response.json()["data"]["attributes"]
        assert (attributes["ical-url"], attributes["xcal-url"], attributes["pentabarf-url"]) == (None, None, None)
    for url in (f"{base}/schedule.ics", f"{base}/schedule.xcal", f"{base}/schedule.xml"):
        assert (await client.get(url)).status_code == 200


async def test_programme_writes_mark_the_feeds_stale(app, db):
    _, event, session = await _event_with_talk(db)
    _, other, _ = await _event_with_talk(db)
    first = (await _feed_row(app, event.id)).changed_at
    other_before = (await _feed_row(app, other.id)).changed_at
    for change in ("title", "track", "delete"):
        before = (await _feed_row(app, event.id)).changed_at
        if change == "title":
            session.title = "Renamed"
        elif change == "track":
            await make_track(db, event, "New track")
        else:
            await db.delete(session)
        await db.commit()
        assert (await _feed_row(app, event.id)).changed_at > before, change
    assert (await _feed_row(app, event.id)).changed_at > first
    assert (await _feed_row(app, other.id)).changed_at == other_before


async def test_reads_queue_one_refresh_then_serve_the_stored_file(app, client, db, runner, monkeypatch):
    _, event, session = await _event_with_talk(db)
    path = f"/e/{event.identifier}/schedule.ics"
    for _ in range(3):  # stale: rendered on request, one background refresh queued (debounced)
        response = await client.get(path)
        assert response.status_code == 200
        assert b"Opening talk" in response.content
    await runner.wait_idle(timeout=10)
    assert await _refresh_tasks(app, event.id) == 1
    row = await _feed_row(app, event.id)
    assert row.generated_for == row.changed_at
    assert all(key.startswith(f"feeds/{event.id}/") for key in (row.ical_key, row.xcal_key, row.pentabarf_key))

    # current: served from storage, the programme is not queried
    async def no_query(*args, **kwargs):
        raise AssertionError("load_schedule was called for a current feed")

    monkeypatch.setattr("openevent.exports.service.load_schedule", no_query)
    for extension in ("ics", "xcal", "xml"):
        response = await client.get(f"/e/{event.identifier}/schedule.{extension}")
        assert response.status_code == 200
        assert b"Opening talk" in response.content
    monkeypatch.undo()

    # a change makes it stale again: the next read shows the change at once and queues a refresh
    session.title = "Changed title"
    await db.commit()
    response = await client.get(path)
    assert b"Changed title" in response.content
    await runner.wait_idle(timeout=10)
    assert await _refresh_tasks(app, event.id) == 2
    stored = await app.state.storage.get((await _feed_row(app, event.id)).ical_key)
    assert b"Changed title" in stored and b"Opening talk" not in stored
    assert not await app.state.storage.exists(row.ical_key)  # the superseded file is gone


async def test_drafts_are_never_cached(app, client, db, runner):
    owner, event, _ = await _event_with_talk(db, state="draft")
    response = await client.get(f"/e/{event.identifier}/schedule.ics", headers=auth_header(owner))
    assert response.status_code == 200
    await runner.wait_idle(timeout=10)
    assert await _refresh_tasks(app, event.id) == 0


async def test_refresh_that_loses_a_race_keeps_the_newer_files(app, db, runner):
    _, event, session = await _event_with_talk(db)
    async with app.state.sessionmaker() as fresh:
        assert await feeds.request_refresh(fresh, event.id)
        assert not await feeds.request_refresh(fresh, event.id)  # debounced
        later = utcnow() + timedelta(seconds=feeds.REFRESH_RETRY_SECONDS + 1)
        assert await feeds.request_refresh(fresh, event.id, now=later)  # a lost run may be retried
    task_id = await runner.enqueue(db, "export.refresh_feeds", owner_id=None, event_id=event.id)
    await runner.wait_idle(timeout=10)
    async with app.state.sessionmaker() as fresh:
        assert (await fresh.get(Task, task_id)).result == {"event_id": event.id, "current": True}
        assert await feeds.request_refresh(fresh, event.id) is False  # nothing to do when current


async def test_sweep_refreshes_stale_published_events(app, db, runner):
    _, event, _ = await _event_with_talk(db)
    _, draft, _ = await _event_with_talk(db, state="draft")
    async with app.state.sessionmaker() as fresh:
        later = utcnow() + timedelta(seconds=feeds.SWEEP_DEBOUNCE_SECONDS + 1)
        stale = await feeds.stale_event_ids(fresh, now=later)
        assert event.id in stale and draft.id not in stale
        assert event.id not in await feeds.stale_event_ids(fresh)  # just edited: debounced
    task_id = await runner.enqueue(db, "export.refresh_stale_feeds", owner_id=None)
    await runner.wait_idle(timeout=10)
    row = await _feed_row(app, event.id)
    assert row.generated_for is None  # still within the debounce window at sweep time
    async with app.state.sessionmaker() as fresh:
        assert (await fresh.get(Task, task_id)).state == "SUCCESS"


async def test_the_periodic_tick_refreshes_feeds_whose_change_is_past_the_debounce(app, db):
    _, event, _ = await _event_with_talk(db)
    settled = utcnow() - timedelta(seconds=feeds.SWEEP_DEBOUNCE_SECONDS + 5)
    await db.execute(update(ExportFeed).where(ExportFeed.event_id == event.id).values(changed_at=settled))
    await db.commit()
    assert "export.refresh_stale_feeds" in PERIODIC_JOBS
    results = await run_periodic(app.state.sessionmaker, app.state.settings)
    assert results["export.refresh_stale_feeds"] == {"refreshed": [event.id]}
    row = await _feed_row(app, event.id)
    assert row.generated_for == settled and row.ical_key and row.xcal_key and row.pentabarf_key
    again = await run_periodic(app.state.sessionmaker, app.state.settings)
    assert again["export.refresh_stale_feeds"] == {"refreshed": []}


async def test_every_programme_model_is_watched(app, db):
    _, event, session = await _event_with_talk(db)
    track = await make_track(db, event, "T")
    await db.commit()
    before = (await _feed_row(app, event.id)).changed_at
    track.name = "Renamed track"
    await db.commit()
    assert (await _feed_row(app, event.id)).changed_at > before
    count = (await db.execute(select(func.count()).select_from(ExportFeed))).scalar_one()
    assert count >= 1
    assert {m.__name__ for m in feeds.PROGRAMME_MODELS} == {"Session", "Speaker", "Track", "Microlocation",
                                                           "SessionType"}
    assert Session in feeds.PROGRAMME_MODELS and Track in feeds.PROGRAMME_MODELS


async def test_a_database_without_the_table_still_writes_and_serves(app, client, db, runner, monkeypatch):
    """Before the migrations add export_feeds, programme writes and feed reads must keep working."""
    _, event, session = await _event_with_talk(db)
    async with app.state.engine.begin() as conn:
        await conn.run_sync(ExportFeed.__table__.drop)
    monkeypatch.setattr(feeds, "_READY_ENGINES", set())
    try:
        session.title = "Written without the table"
        await db.commit()
        response = await client.get(f"/e/{event.identifier}/schedule.ics")
        assert response.status_code == 200
        assert b"Written without the table" in response.content
    finally:
        async with app.state.engine.begin() as conn:
            await conn.run_sync(ExportFeed.__table__.create)
