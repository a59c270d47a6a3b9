"""Converted JPEG variants: made in the background when an event image, a user avatar or a speaker
photo is set to one of our uploads, at the admin-editable sizes; other sites' URLs are never fetched."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import select

from openevent.auth.models import User
from openevent.core import signals
from openevent.events.models import Event
from openevent.media.images import Variant, make_variants
from openevent.schedule.models import Speaker
from openevent.tasks.models import Task

from ..auth.factories import error_of, headers_for
from ..factories import make_event, make_user
from .test_uploads import image_bytes, upload


async def settle(app) -> None:
    await signals.drain()
    await app.state.task_runner.wait_idle(timeout=20)


async def jpeg_size(client, url: str) -> tuple[int, int]:
    response = await client.get(url)
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "JPEG" and image.mode == "RGB"
    return image.size


def test_variants_fit_or_fill_their_box():
    data = image_bytes(size=(1000, 400), mode="RGBA", color=(10, 20, 30, 128))
    made = make_variants(data, [Variant("fit", 500, 500, True, 80), Variant("fill", 50, 50, False, 60),
                                Variant("original", None, None)])
    sizes = {name: Image.open(io.BytesIO(jpeg)).size for name, jpeg in made.items()}
    assert sizes == {"fit": (500, 200), "fill": (50, 50), "original": (1000, 400)}


async def test_event_image_variants(client, db, app):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    event_id = event.id
    url = (await upload(client, owner, image_bytes(size=(2600, 1000)))).json()["url"]
    response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(owner), json={
        "data": {"type": "event", "id": str(event.id), "attributes": {"original-image-url": url}}})
    assert response.status_code == 200, response.text
    await settle(app)
    db.expire_all()
    row = (await db.execute(select(Event).where(Event.id == event_id))).scalar_one()
    assert row.original_image_url != url and row.original_image_url.endswith("/original.jpg")
    assert await jpeg_size(client, row.original_image_url) == (2600, 1000)
    assert await jpeg_size(client, row.large_image_url) == (1300, 500)
    assert await jpeg_size(client, row.thumbnail_image_url) == (500, 192)
    assert await jpeg_size(client, row.icon_image_url) == (75, 29)


async def test_other_sites_images_are_never_fetched(client, db, app):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    event_id = event.id
    for foreign in ("http://169.254.169.254/latest/meta-data.png", "http://evil.example/media/uploads/a/image.png"):
        response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(owner), json={
            "data": {"type": "event", "id": str(event.id), "attributes": {"original-image-url": foreign}}})
        assert response.status_code == 200
    await settle(app)
    assert (await db.execute(select(Task).where(Task.name.like("media.%")))).scalars().all() == []
    db.expire_all()
    row = (await db.execute(select(Event).where(Event.id == event_id))).scalar_one()
    assert row.thumbnail_image_url is None


async def test_avatar_variants_follow_the_admin_sizes(client, db, app):
    admin = await make_user(db, is_admin=True)
    patched = await client.patch("/v1/speaker-image-sizes", headers=headers_for(admin), json={
        "data": {"type": "speaker-image-size", "id": "1", "attributes": {"thumbnail-size-width-height": 120}}})
    assert patched.status_code == 200
    assert patched.json()["data"]["attributes"]["thumbnail-size-width-height"] == 120
    user = await make_user(db)
    user_id = user.id
    url = (await upload(client, user, image_bytes(size=(300, 200)))).json()["url"]
    response = await client.patch(f"/v1/users/{user.id}", headers=headers_for(user), json={
        "data": {"type": "user", "id": str(user.id), "attributes": {"avatar-url": url}}})
    assert response.status_code == 200, response.text
    await settle(app)
    db.expire_all()
    row = await db.get(User, user_id)
    assert await jpeg_size(client, row.thumbnail_image_url) == (120, 120)
    assert await jpeg_size(client, row.small_image_url) == (50, 50)
    assert await jpeg_size(client, row.icon_image_url) == (35, 35)


async def test_speaker_photo_task(client, db, app):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    speaker = Speaker(event_id=event.id, name="Ada")
    db.add(speaker)
    await db.commit()
    url = (await upload(client, owner, image_bytes("WEBP", size=(90, 60)))).json()["url"]
    speaker.photo_url = url
    await db.commit()
    await app.state.task_runner.enqueue(db, "media.speaker_images", owner_id=None, speaker_id=speaker.id, url=url)
    speaker_id = speaker.id
    await settle(app)
    db.expire_all()
    row = await db.get(Speaker, speaker_id)
    assert await jpeg_size(client, row.thumbnail_image_url) == (500, 500)
    assert await jpeg_size(client, row.icon_image_url) == (35, 35)


@pytest.mark.parametrize("path", ["/v1/event-image-sizes", "/v1/event-image-sizes/1"])
async def test_image_sizes_public_read_admin_write(client, db, path):
    read = await client.get(path)
    assert read.status_code == 200
    assert read.json()["data"]["attributes"]["full-width"] == 1300
    user = await make_user(db)
    doc = {"data": {"type": "event-image-size", "id": "1", "attributes": {"icon-quality": 90}}}
    assert (await client.patch(path, headers=headers_for(user), json=doc)).status_code == 403
    bad = {"data": {"type": "event-image-size", "id": "1", "attributes": {"icon-quality": 101}}}
    admin = await make_user(db, is_admin=True)
    invalid = await client.patch(path, headers=headers_for(admin), json=bad)
    assert invalid.status_code == 422
    assert error_of(invalid)["source"] == {"pointer": "/data/attributes/icon-quality"}
    ok = await client.patch(path, headers=headers_for(admin), json=doc)
    assert ok.status_code == 200 and ok.json()["data"]["attributes"]["icon-quality"] == 90
    assert (await client.get("/v1/event-image-sizes/2")).status_code == 404


async def test_speaker_photo_set_in_a_request_session_starts_the_job(client, db, app):
    """The after-flush hook notices a speaker photo set by any domain's write (here: a session like a request's)."""
    from openevent.core.signals import APP_STATE

    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    url = (await upload(client, owner, image_bytes(size=(80, 80)))).json()["url"]
    async with app.state.sessionmaker() as session:
        session.info[APP_STATE] = app.state
        speaker = Speaker(event_id=event.id, name="Grace", photo_url=url)
        session.add(speaker)
        await session.commit()
        speaker_id = speaker.id
    await settle(app)
    row = (await db.execute(select(Speaker).where(Speaker.id == speaker_id))).scalar_one()
    assert row.small_image_url.endswith("/small.jpg")
    assert await jpeg_size(client, row.small_image_url) == (50, 50)
