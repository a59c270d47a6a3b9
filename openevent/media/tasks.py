"""Background jobs making JPEG variants when an event image, a speaker photo or an avatar is set."""

from __future__ import annotations

from openevent.auth.models import User
from openevent.events.models import Event
from openevent.schedule.models import Speaker
from openevent.storage.base import FileMissing
from openevent.tasks import TaskContext, TaskFailed, task

from .images import BadImage
from .models import EventImageSize, SpeakerImageSize
from .service import convert, event_variants, set_urls, speaker_variants


async def _convert(ctx: TaskContext, url: str, folder: str, variants_of):
    sizes_model = EventImageSize if variants_of is event_variants else SpeakerImageSize
    try:
        return await convert(ctx, url, folder, sizes_model, variants_of)
    except FileMissing:
        raise TaskFailed("The image file no longer exists in the storage.") from None
    except BadImage as exc:
        raise TaskFailed(str(exc)) from None


@task("media.event_images")
async def event_images(ctx: TaskContext, event_id: int, url: str) -> dict:
    urls = await _convert(ctx, url, f"events/{int(event_id)}", event_variants)
    if urls is None:
        return {"skipped": "not an image of this server's storage"}
    values = {"original_image_url": urls["original"], "large_image_url": urls["large"],
              "thumbnail_image_url": urls["thumbnail"], "icon_image_url": urls["icon"]}
    return {"updated": await set_urls(ctx, Event, event_id, "original_image_url", url, values), **urls}


@task("media.speaker_images")
async def speaker_images(ctx: TaskContext, speaker_id: int, url: str) -> dict:
    urls = await _convert(ctx, url, f"speakers/{int(speaker_id)}", speaker_variants)
    if urls is None:
        return {"skipped": "not an image of this server's storage"}
    values = {"thumbnail_image_url": urls["thumbnail"], "small_image_url": urls["small"],
              "icon_image_url": urls["icon"]}
    return {"updated": await set_urls(ctx, Speaker, speaker_id, "photo_url", url, values), **urls}


@task("media.user_images")
async def user_images(ctx: TaskContext, user_id: int, url: str) -> dict:
    urls = await _convert(ctx, url, f"users/{int(user_id)}", speaker_variants)
    if urls is None:
        return {"skipped": "not an image of this server's storage"}
    values = {"original_image_url": url, "thumbnail_image_url": urls["thumbnail"],
              "small_image_url": urls["small"], "icon_image_url": urls["icon"]}
    return {"updated": await set_urls(ctx, User, user_id, "avatar_url", url, values), **urls}
