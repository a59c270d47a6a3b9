"""Uploads, public image URLs, the image-size singletons and the variant jobs.

Uploaded and converted images live in the file storage under `media/...` and
are served publicly at `<base URL>/media/<rest of the key>` (GET, images only,
nosniff, immutable: every key is new). Variants are made from files of our own
storage only: an image URL that is not one of ours is left alone, never fetched.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.savepoint import savepoint
from openevent.storage.base import FileMissing
from openevent.storage.keys import InvalidKey, validate_key

from .images import Variant, make_variants, sniff
from .models import EventImageSize, SpeakerImageSize

MEDIA_PREFIX = "media/"
PUBLIC_PATH = "/media/"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def public_url(base_url: str, key: str) -> str:
    assert key.startswith(MEDIA_PREFIX)
    return base_url.rstrip("/") + PUBLIC_PATH + key[len(MEDIA_PREFIX):]


def key_from_url(base_url: str, url: str | None) -> str | None:
    """The storage key of one of our media URLs (absolute, or the path alone); None for any other URL."""
    if not url:
        return None
    base = base_url.rstrip("/")
    if url.startswith(base + PUBLIC_PATH):
        rest = url[len(base + PUBLIC_PATH):]
    elif url.startswith(PUBLIC_PATH):
        rest = url[len(PUBLIC_PATH):]
    else:
        return None
    try:
        return validate_key(MEDIA_PREFIX + rest.split("?", 1)[0])
    except InvalidKey:
        return None


async def store_upload(storage: Any, run_sync, data: bytes, base_url: str) -> str:
    """Sniff (BadImage), store under media/uploads/<uuid>/image.<ext>; returns the public URL."""
    sniffed = await run_sync(sniff, data)
    key = validate_key(f"{MEDIA_PREFIX}uploads/{uuid.uuid4().hex}/image.{sniffed.extension}")
    await storage.put(key, data, sniffed.content_type)
    return public_url(base_url, key)


async def singleton(db: AsyncSession, model: type) -> Any:
    row = await db.get(model, 1)
    if row is not None:
        return row
    try:
        async with savepoint(db):
            row = model(id=1)
            db.add(row)
            await db.flush()
        return row
    except IntegrityError:  # created concurrently
        return (await db.execute(select(model).where(model.id == 1))).scalar_one()


def event_variants(sizes: EventImageSize) -> list[Variant]:
    return [
        Variant("original", None, None, True, sizes.full_quality or 80),
        Variant("large", sizes.full_width, sizes.full_height, sizes.full_aspect, sizes.full_quality or 80),
        Variant("thumbnail", sizes.thumbnail_width, sizes.thumbnail_height, sizes.thumbnail_aspect,
                sizes.thumbnail_quality or 80),
        Variant("icon", sizes.icon_width, sizes.icon_height, sizes.icon_aspect, sizes.icon_quality or 80),
    ]


def speaker_variants(sizes: SpeakerImageSize) -> list[Variant]:
    def square(name: str, side: int | None, quality: int | None) -> Variant:
        return Variant(name, side, side, False, quality or 80)

    return [square("thumbnail", sizes.thumbnail_size_width_height, sizes.thumbnail_size_quality),
            square("small", sizes.small_size_width_height, sizes.small_size_quality),
            square("icon", sizes.icon_size_width_height, sizes.icon_size_quality)]


async def convert(ctx: Any, source_url: str, folder: str, sizes_model: type, variants_of) -> dict[str, str] | None:
    """Variants of one of our stored images as public URLs by name; None when the URL is not ours."""
    settings, storage = ctx.settings, ctx.storage
    key = key_from_url(settings.base_url, source_url)
    if key is None:
        return None
    data = await storage.get(key)
    async with ctx.session() as db:
        variants = variants_of(await singleton(db, sizes_model))
        await db.commit()
    made = await ctx.run_sync(make_variants, data, variants)
    run = uuid.uuid4().hex
    urls = {}
    for name, jpeg in made.items():
        variant_key = validate_key(f"{MEDIA_PREFIX}{folder}/{run}/{name}.jpg")
        await storage.put(variant_key, jpeg, "image/jpeg")
        urls[name] = public_url(settings.base_url, variant_key)
    return urls


async def set_urls(ctx: Any, model: type, row_id: int, source_column: str, source_url: str,
                   values: dict[str, str]) -> bool:
    """Write the variant URLs unless the source image changed meanwhile (a newer job will follow)."""
    async with ctx.session() as db:
        result = await db.execute(update(model).where(model.id == row_id, getattr(model, source_column) == source_url)
                                  .values(**values).execution_options(synchronize_session=False))
        await db.commit()
        return result.rowcount == 1


async def copy_media(storage: Any, base_url: str, url: str | None) -> str | None:
    """A copy of one of our media files under a new key, as a public URL (event copy: copies never
    share files). Other sites' URLs, and our URLs whose file is gone, are returned unchanged."""
    key = key_from_url(base_url, url)
    if key is None:
        return url
    try:
        data = await storage.get(key)
    except FileMissing:
        return url
    extension = key.rsplit(".", 1)[-1]
    new_key = validate_key(f"{MEDIA_PREFIX}copies/{uuid.uuid4().hex}/image.{extension}")
    content_type = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp", "gif": "image/gif"}.get(
        extension, "application/octet-stream")
    await storage.put(new_key, data, content_type)
    return public_url(base_url, new_key)
