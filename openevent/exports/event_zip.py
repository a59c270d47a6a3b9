"""The event zip (POST /v1/events/{id}/export/json): explicit, versioned JSON per resource + own media.

The zip is written to a temporary file on disk and handed to the storage as a stream,
so memory holds one section's rows at a time, never the archive or a media file.
Rows are read with yield_per. Media files are copied only when their toggle is on and
only when the URL points into our own storage (see own_media_key): no URL is ever
fetched over the network (W11 SSRF).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from datetime import timezone
from decimal import Decimal
from typing import Any, BinaryIO

import orjson
from sqlalchemy import select

from openevent.core.db import utcnow
from openevent.schedule.models import Session, speakers_sessions
from openevent.storage.base import FileMissing
from openevent.storage.keys import InvalidKey, safe_filename

from .zip_format import FORMAT, MEDIA_DIR, META, MEDIA_TOGGLES, SECTIONS, VERSION, Field, Section, load_model, wire_key

MAX_MEDIA_FILE_BYTES = 200 * 1024 * 1024
ROWS_PER_FETCH = 500
JSON_OPTIONS = orjson.OPT_INDENT_2


def own_media_key(url: Any, base_url: str) -> str | None:
    """The storage key of a URL that points into our own media storage, else None.

    Only {base_url}/media/<segments> (or the path alone) counts, as the media package
    defines it; the key is media/<segments>, validated (no '..', no odd characters).
    Anything else is somebody else's server: left as a URL in the JSON, never downloaded."""
    from openevent.media.service import key_from_url

    return key_from_url(base_url, url) if isinstance(url, str) else None


def media_url(key: str, base_url: str) -> str:
    from openevent.media.service import public_url

    return public_url(base_url, key)


def wire_value(f: Field, value: Any) -> Any:
    if value is None:
        return None
    if f.kind == "datetime":
        if value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class ZipWriter:
    """Writes members into a zip on disk; closes to a readable binary file."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="openevent-export-")
        self.zip = zipfile.ZipFile(self.file, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)

    def json(self, name: str, value: Any) -> None:
        self.zip.writestr(name, orjson.dumps(value, option=JSON_OPTIONS))

    def json_array(self, name: str, rows: list[dict]) -> None:
        with self.zip.open(name, "w", force_zip64=True) as out:
            out.write(b"[")
            for index, row in enumerate(rows):
                out.write(b"\n" if index == 0 else b",\n")
                out.write(orjson.dumps(row, option=JSON_OPTIONS))
            out.write(b"\n]" if rows else b"]")

    def copy(self, name: str, source: BinaryIO, limit: int) -> bool:
        """Stream a file into the zip; False (and nothing written) when it is larger than limit."""
        spool = tempfile.TemporaryFile(prefix="openevent-media-")
        try:
            copied = 0
            while chunk := source.read(1024 * 1024):
                copied += len(chunk)
                if copied > limit:
                    return False
                spool.write(chunk)
            spool.seek(0)
            with self.zip.open(name, "w", force_zip64=True) as out:
                shutil.copyfileobj(spool, out, 1024 * 1024)
            return True
        finally:
            spool.close()

    def finish(self) -> BinaryIO:
        self.zip.close()
        self.file.seek(0)
        return self.file

    def discard(self) -> None:
        self.file.close()


async def build_event_zip(ctx, event_id: int, *, media: dict[str, bool], private_data: bool,
                          progress=None) -> tuple[BinaryIO, str] | None:
    """(zip file positioned at 0, event identifier); None when the event is gone."""
    from openevent.events.models import Event

    writer = ZipWriter()
    try:
        async with ctx.session() as db:
            event = (await db.execute(select(Event).where(Event.id == event_id, Event.deleted_at.is_(None)))
                     ).scalar_one_or_none()
            if event is None:
                writer.discard()
                return None
            identifier = event.identifier
            exporter = _SectionExporter(ctx, writer, media, private_data)
            for index, section in enumerate(SECTIONS):
                if section.many or section.single:
                    rows = await exporter.rows(db, section, event_id)
                else:
                    rows = [await exporter.row(section, event, event.id)]
                await exporter.copy_media(section, rows)
                if section.many:
                    writer.json_array(section.member, rows)
                else:
                    writer.json(section.member, rows[0] if rows else None)
                if progress is not None:
                    await progress(10 + 80 * (index + 1) // len(SECTIONS))
        writer.json(META, {
            "format": FORMAT,
            "version": VERSION,
            "exported-at": utcnow().isoformat(),
            "generator": "openevent",
            "sections": [s.name for s in SECTIONS],
            "media": {name: bool(media.get(name)) for name in MEDIA_TOGGLES},
            "private-data": private_data,
            "skipped-media": exporter.skipped,
        })
        return writer.finish(), identifier
    except BaseException:
        writer.discard()
        raise


class _SectionExporter:
    def __init__(self, ctx, writer: ZipWriter, media: dict[str, bool], private_data: bool) -> None:
        self.ctx = ctx
        self.writer = writer
        self.media = media
        self.private_data = private_data
        self.base_url = ctx.settings.base_url
        self.skipped: list[str] = []
        self._pending_media: list[tuple[str, str, dict, str]] = []  # (key, member, row, wire key)

    async def rows(self, db, section: Section, event_id: int) -> list[dict]:
        model = load_model(section)
        stmt = (select(model).where(model.event_id == event_id, model.deleted_at.is_(None)).order_by(model.id)
                .execution_options(yield_per=ROWS_PER_FETCH))
        speakers_of: dict[int, list[int]] = {}
        if model is Session:
            speakers_of = await self._session_speakers(db, event_id)
        live: dict[str, set[int]] = getattr(self, "_live", {})
        out = []
        async for obj in await db.stream_scalars(stmt):
            out.append(await self.row(section, obj, obj.id, speakers_of=speakers_of, live=live))
            if section.single:
                break  # one live row per event (the lowest id, should the constraint ever fail)
        live[section.name] = {row["id"] for row in out if "id" in row}
        self._live = live
        return out

    async def _session_speakers(self, db, event_id: int) -> dict[int, list[int]]:
        from openevent.schedule.models import Speaker

        stmt = (select(speakers_sessions.c.session_id, speakers_sessions.c.speaker_id)
                .join(Session, Session.id == speakers_sessions.c.session_id)
                .join(Speaker, Speaker.id == speakers_sessions.c.speaker_id)
                .where(Session.event_id == event_id, Session.deleted_at.is_(None), Speaker.deleted_at.is_(None),
                       Speaker.event_id == event_id)
                .order_by(speakers_sessions.c.session_id, Speaker.order, Speaker.id))
        result: dict[int, list[int]] = {}
        for session_id, speaker_id in (await db.execute(stmt)).all():
            result.setdefault(session_id, []).append(speaker_id)
        return result

    async def row(self, section: Section, obj: Any, obj_id: int, *, speakers_of=None, live=None) -> dict:
        row: dict[str, Any] = {"id": obj_id} if section.many else {}
        for f in section.fields:
            key = wire_key(f)
            if f.private and not self.private_data:
                row[key] = None
                continue
            if f.kind == "refs":
                row[key] = list((speakers_of or {}).get(obj_id, ()))
                continue
            value = getattr(obj, f.attr)
            if f.kind == "ref":
                # a reference to a soft-deleted (not exported) row is no reference
                value = value if value is not None and value in (live or {}).get(f.target, set()) else None
            row[key] = wire_value(f, value)
            if f.media and self.media.get(f.media) and row[key]:
                media_key = own_media_key(row[key], self.base_url)
                if media_key is not None:
                    name = safe_filename(media_key.rsplit("/", 1)[-1], "file")
                    stem = f"{obj_id}-{key}" if section.many else key
                    member = f"{MEDIA_DIR}{section.media_name}/{stem}-{name}"
                    self._pending_media.append((media_key, member, row, key))
        return row

    async def copy_media(self, section: Section, rows: list[dict]) -> None:
        pending, self._pending_media = self._pending_media, []
        for media_key, member, row, key in pending:
            copied = await self.ctx.run_sync(self._copy_one, media_key, member)
            if copied:
                row[key] = member
            else:
                self.skipped.append(row[key])

    def _copy_one(self, media_key: str, member: str) -> bool:
        try:
            source = self.ctx.storage.open(media_key)
        except (FileMissing, InvalidKey):
            return False
        try:
            return self.writer.copy(member, source, MAX_MEDIA_FILE_BYTES)
        finally:
            close = getattr(source, "close", None)
            if close:
                close()


def event_zip_filename(identifier: str) -> str:
    return f"{identifier}-event.zip"
