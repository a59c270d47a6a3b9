"""Changes to events, speakers, sessions and orders emit named signals after commit, for the
background work that follows them (feeds, mails); failed writes emit nothing."""

from openevent.core import signals
from tests.factories import auth_header, make_event, make_user

JSONAPI = {"Content-Type": "application/vnd.api+json"}


async def test_event_lifecycle_signals(client, db):
    owner = await make_user(db, is_verified=True)
    headers = {**JSONAPI, **auth_header(owner)}
    document = {"data": {"type": "event", "attributes": {
        "name": "Signals", "timezone": "UTC", "starts-at": "2027-05-01T09:00:00Z", "ends-at": "2027-05-02T18:00:00Z"}}}
    with signals.captured("event.changed") as seen:
        created = await client.post("/v1/events", json=document, headers=headers)
        assert created.status_code == 201, created.text
        event_id = int(created.json()["data"]["id"])
        rename = {"data": {"type": "event", "id": str(event_id), "attributes": {"name": "Renamed"}}}
        assert (await client.patch(f"/v1/events/{event_id}", json=rename, headers=headers)).status_code == 200
        bad = {"data": {"type": "event", "id": str(event_id), "attributes": {"timezone": "Mars/Olympus"}}}
        assert (await client.patch(f"/v1/events/{event_id}", json=bad, headers=headers)).status_code == 422
        assert (await client.delete(f"/v1/events/{event_id}", headers=headers)).status_code in (200, 204)
        assert (await client.delete(f"/v1/events/{event_id}?permanent=true&get_trashed=true", headers=headers)).status_code in (200, 204)
        await signals.drain()
    assert seen == [("event.changed", {"event_id": event_id, "change": change})
                    for change in ("created", "updated", "trashed", "deleted")]


async def test_speaker_signals(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    headers = {**JSONAPI, **auth_header(owner)}
    document = {"data": {"type": "speaker", "attributes": {"name": "Ada", "email": "ada@example.org"},
                         "relationships": {"event": {"data": {"type": "event", "id": str(event.id)}}}}}
    with signals.captured("speaker.changed") as seen:
        created = await client.post("/v1/speakers", json=document, headers=headers)
        assert created.status_code == 201, created.text
        speaker_id = int(created.json()["data"]["id"])
        duplicate = await client.post("/v1/speakers", json=document, headers=headers)
        assert duplicate.status_code == 409
        rename = {"data": {"type": "speaker", "id": str(speaker_id), "attributes": {"name": "Ada L."}}}
        assert (await client.patch(f"/v1/speakers/{speaker_id}", json=rename, headers=headers)).status_code == 200
        assert (await client.delete(f"/v1/speakers/{speaker_id}", headers=headers)).status_code in (200, 204)
        await signals.drain()
    assert seen == [("speaker.changed", {"event_id": event.id, "speaker_id": speaker_id, "deleted": deleted})
                    for deleted in (False, False, True)]
