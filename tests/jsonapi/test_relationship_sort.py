"""Sorting by attributes of to-one relationships (rel.attr), e.g. sessions by track name."""

from datetime import datetime, timezone

from openevent.schedule.models import Microlocation, Session, Track

from ..factories import make_event


async def test_sort_by_related_attribute_both_directions(client, db):
    event = await make_event(db)
    web = Track(event_id=event.id, name="Web", color="#123456")
    ai = Track(event_id=event.id, name="AI", color="#654321")
    hall = Microlocation(event_id=event.id, name="Hall")
    db.add_all([web, ai, hall])
    await db.flush()
    start = datetime(2027, 3, 1, 10, tzinfo=timezone.utc)
    end = datetime(2027, 3, 1, 11, tzinfo=timezone.utc)
    rows = [
        Session(event_id=event.id, title="web talk", track_id=web.id, state="accepted", starts_at=start, ends_at=end),
        Session(event_id=event.id, title="no track", track_id=None, state="accepted", starts_at=start, ends_at=end),
        Session(event_id=event.id, title="ai talk", track_id=ai.id, state="confirmed", starts_at=start, ends_at=end,
                microlocation_id=hall.id),
    ]
    db.add_all(rows)
    await db.commit()

    def titles(response):
        assert response.status_code == 200, response.text
        return [item["attributes"]["title"] for item in response.json()["data"]]

    base = f"/v1/events/{event.identifier}/sessions"
    assert titles(await client.get(f"{base}?sort=track.name")) == ["ai talk", "web talk", "no track"]
    assert titles(await client.get(f"{base}?sort=-track.name")) == ["no track", "web talk", "ai talk"]
    assert titles(await client.get(f"{base}?sort=microlocation.name,-title")) == ["ai talk", "web talk", "no track"]
    bad = await client.get(f"{base}?sort=speakers.name")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["source"] == {"parameter": "sort"}
