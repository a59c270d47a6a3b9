"""GET /v1/events/{id}/sessions/dates and /sessions/languages: the public programme's days
(in the event's timezone) and languages; the team sees every live session."""

from datetime import datetime, timezone

from ..factories import auth_header, make_event, make_member, make_user
from . import factories as f


async def programme(db):
    event = await make_event(db, timezone="Asia/Singapore")
    late = datetime(2027, 3, 1, 16, 30, tzinfo=timezone.utc)  # 00:30 on 2 March in Singapore
    await f.add(db,
                f.session(event, "Morning", "accepted", language="English"),
                f.session(event, "Late", "confirmed", starts_at=late, ends_at=late.replace(minute=59),
                          language="Deutsch"),
                f.session(event, "Same day", "accepted", minutes=60, language="English"),
                f.session(event, "Undated", "accepted", starts_at=None, ends_at=None, language=" "),
                f.session(event, "Draft", "pending", starts_at=datetime(2027, 3, 3, 2, tzinfo=timezone.utc),
                          ends_at=datetime(2027, 3, 3, 3, tzinfo=timezone.utc), language="Bahasa"),
                f.session(event, "Gone", "accepted", starts_at=datetime(2027, 3, 3, 4, tzinfo=timezone.utc),
                          ends_at=datetime(2027, 3, 3, 5, tzinfo=timezone.utc), language="Latin",
                          deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc)))
    return event


async def test_dates_and_languages_of_the_public_programme(client, db):
    event = await programme(db)
    outsider = await make_user(db)
    for headers in ({}, auth_header(outsider)):
        response = await client.get(f"/v1/events/{event.identifier}/sessions/dates", headers=headers)
        assert response.status_code == 200, response.text
        assert response.json() == ["2027-03-01", "2027-03-02"]
        response = await client.get(f"/v1/events/{event.id}/sessions/languages", headers=headers)
        assert response.json() == ["Deutsch", "English"]


async def test_team_sees_every_live_session(client, db):
    event = await programme(db)
    team = auth_header(await make_member(db, event, "moderator"))
    assert (await client.get(f"/v1/events/{event.id}/sessions/dates", headers=team)).json() == [
        "2027-03-01", "2027-03-02", "2027-03-03"]
    assert (await client.get(f"/v1/events/{event.id}/sessions/languages", headers=team)).json() == [
        "Bahasa", "Deutsch", "English"]


async def test_invisible_event_is_404(client, db):
    event = await make_event(db, state="draft")
    for suffix in ("dates", "languages"):
        response = await client.get(f"/v1/events/{event.id}/sessions/{suffix}")
        assert response.status_code == 404
        assert response.json()["errors"][0]["status"] == "404"
    assert (await client.get("/v1/events/999999/sessions/dates")).status_code == 404
