"""GET /v1/downloads/{token} on the app (runs on SQLite and PostgreSQL like every app test)."""

from __future__ import annotations

from openevent.storage.signing import sign_key

from ..conftest import TEST_SECRET


async def test_download_sends_the_file_as_an_attachment(app, client):
    storage = app.state.storage
    key = await storage.put("exports/4/job1/Schedule.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    response = await client.get(storage.url(key, expires=60))
    assert response.status_code == 200
    assert response.content == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    assert response.headers["content-disposition"] == 'attachment; filename="Schedule.ics"'
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["cache-control"] == "private, no-store"


async def test_expired_link_is_gone(app, client):
    key = await app.state.storage.put("exports/4/job2/a.csv", b"a,b\n", "text/csv")
    token = sign_key(TEST_SECRET, key, expires=-1)
    response = await client.get(f"/v1/downloads/{token}")
    assert response.status_code == 410
    error = response.json()["errors"][0]
    assert error["status"] == "410" and "expired" in error["detail"]


async def test_tampered_or_foreign_tokens_are_refused(app, client):
    key = await app.state.storage.put("exports/4/job3/a.csv", b"a,b\n", "text/csv")
    token = sign_key(TEST_SECRET, key, expires=60)
    for bad in (token[:-3] + "xyz", sign_key("not-the-secret", key, expires=60), "nonsense",
                sign_key(TEST_SECRET, "../../secret_key", expires=60)):
        response = await client.get(f"/v1/downloads/{bad}")
        assert response.status_code == 404, bad
        assert response.json()["errors"][0]["detail"] == "This download link is invalid."


async def test_link_to_a_deleted_file_is_404(app, client):
    storage = app.state.storage
    key = await storage.put("exports/4/job4/a.csv", b"a,b\n", "text/csv")
    url = storage.url(key, expires=60)
    await storage.delete(key)
    response = await client.get(url)
    assert response.status_code == 404
    assert response.json()["errors"][0]["detail"] == "The file of this download link no longer exists."


async def test_secret_key_file_in_the_data_dir_cannot_be_downloaded(app, client):
    # keys resolve inside <data_dir>/files only; the data dir itself is never reachable
    token = sign_key(TEST_SECRET, "secret_key", expires=60)
    assert (await client.get(f"/v1/downloads/{token}")).status_code == 404
