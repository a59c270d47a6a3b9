"""Import an event zip (openevent-event-export v1) into a NEW event owned by the caller.

Defensive reading, before anything is written:
- the archive: at most MAX_MEMBERS members, names without absolute paths, '..', backslashes
  or drive letters (path traversal), only known members (meta.json, the section files,
  media/...), total uncompressed size and per-member sizes capped, and a compression
  ratio cap (zip bombs). Sizes are enforced while reading, not trusted from the headers.
- the JSON: each field checked against the format (zip_format.py): type, length, choices,
  required fields, references to rows that exist in the same archive.
Every problem becomes one clear message (the task's FAILURE result); nothing is saved
then. The new event starts as a draft; its team is the caller (owner) alone.
"""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import orjson

from .event_zip import media_url
from .zip_format import FORMAT, MEDIA_DIR, META, SECTIONS, VERSION, Field, Section, load_model, wire_key

MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # the zip as uploaded
MAX_MEMBERS = 5_000
MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024 * 1024  # one section file
MAX_MEDIA_BYTES = 200 * 1024 * 1024  # one media file
MAX_RATIO = 200  # uncompressed / compressed, for members larger than 1 MiB
MAX_ERRORS = 10
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
_LENGTH = re.compile(r"^\d{2}:\d{2}$")


class ImportRejected(ValueError):
    """The archive is not an event export we can import; the message says why."""


@dataclass
class ParsedImport:
    rows: dict[str, list[dict]]  # section name -> [{"id": ref, attr: value..., ref fields by attr}]
    media: dict[str, str]  # zip member referenced by a field -> its kind (image, video, audio, document)


# -- the archive ------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    if not name or len(name) > 300 or "\\" in name or name.startswith("/") or "\x00" in name:
        return False
    if re.match(r"^[A-Za-z]:", name):
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts)


def open_archive(file: BinaryIO) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ImportRejected("The file is not a zip archive.") from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportRejected(f"The archive has {len(infos)} members; at most {MAX_MEMBERS} are allowed.")
    known = {META} | {s.member for s in SECTIONS}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        if not _safe_member_name(info.filename):
            raise ImportRejected(f"The archive member {info.filename[:100]!r} has an unsafe path.")
        if info.filename not in known and not info.filename.startswith(MEDIA_DIR):
            raise ImportRejected(f"The archive member {info.filename[:100]!r} is not part of an event export.")
        if info.flag_bits & 0x1:
            raise ImportRejected("Encrypted archives cannot be imported.")
        total += info.file_size
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise ImportRejected(f"The archive unpacks to more than {MAX_TOTAL_UNCOMPRESSED} bytes.")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(1, info.compress_size):
            raise ImportRejected(f"The archive member {info.filename[:100]!r} is compressed suspiciously well "
                                 "(a zip bomb?); it was not unpacked.")
    return archive


def read_member(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The member's bytes, reading at most limit (+1 to notice a lie in the header)."""
    try:
        with archive.open(name) as member:
            data = member.read(limit + 1)
    except KeyError:
        raise ImportRejected(f"The archive has no {name}; is it an event export?") from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ImportRejected(f"The archive member {name} cannot be read ({exc}).") from None
    if len(data) > limit:
        raise ImportRejected(f"The archive member {name} is larger than {limit} bytes.")
    return data


def copy_member(archive: zipfile.ZipFile, name: str, out: BinaryIO, limit: int) -> None:
    copied = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(1024 * 1024):
                copied += len(chunk)
                if copied > limit:
                    raise ImportRejected(f"The media file {name} is larger than {limit} bytes.")
                out.write(chunk)
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportRejected(f"The archive member {name} cannot be read ({exc}).") from None
    out.seek(0)


def _json(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return orjson.loads(read_member(archive, name, MAX_JSON_BYTES))
    except orjson.JSONDecodeError as exc:
        raise ImportRejected(f"{name} is not valid JSON: {exc.args[0]}") from None


# -- validation -----------------------------------------------------------------------------


class _Errors:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, where: str, message: str) -> None:
        if len(self.messages) < MAX_ERRORS:
            self.messages.append(f"{where}: {message}")

    def raise_if_any(self) -> None:
        if self.messages:
            more = " (and possibly more)" if len(self.messages) >= MAX_ERRORS else ""
            raise ImportRejected("The event export is invalid: " + "; ".join(self.messages) + more)


def _clean(f: Field, value: Any, where: str, errors: _Errors, archive_media: set[str]) -> Any:
    if value is None:
        if f.required:
            errors.add(where, "is required")
        return None
    kind = f.kind
    if kind in ("str", "text"):
        if not isinstance(value, str):
            errors.add(where, "must be a string")
            return None
        if f.max_length and len(value) > f.max_length:
            errors.add(where, f"is longer than {f.max_length} characters")
            return None
        if f.required and not value.strip():
            errors.add(where, "must not be empty")
        if f.choices and value not in f.choices:
            errors.add(where, f"must be one of {', '.join(f.choices)}")
        if f.media and value.startswith(MEDIA_DIR) and value not in archive_media:
            errors.add(where, f"refers to {value[:100]!r}, which is not in the archive")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**31 - 1:
            errors.add(where, "must be an integer")
            return None
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            errors.add(where, "must be a number")
            return None
        return float(value)
    if kind == "decimal":
        try:
            number = Decimal(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) >= Decimal("1e10"):
            errors.add(where, "must be a decimal number written as a string, e.g. \"25.00\"")
            return None
        return number
    if kind == "bool":
        if not isinstance(value, bool):
            errors.add(where, "must be true or false")
            return None
        return value
    if kind == "datetime":
        try:
            parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            errors.add(where, "must be an ISO 8601 date-time with a UTC offset")
            return None
        return parsed.astimezone(timezone.utc)
    if kind == "list":
        if not isinstance(value, list):
            errors.add(where, "must be an array")
            return None
        return value
    if kind == "json":
        if not isinstance(value, (dict, list)):
            errors.add(where, "must be an object")
            return None
        return value
    raise AssertionError(kind)


def validate_archive(archive: zipfile.ZipFile) -> ParsedImport:
    meta = _json(archive, META)
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ImportRejected(f"meta.json does not describe an {FORMAT} archive.")
    version = meta.get("version")
    if version != VERSION:
        raise ImportRejected(f"This server reads {FORMAT} version {VERSION}; the archive is version {version!r}.")
    archive_media = {name for name in archive.namelist() if name.startswith(MEDIA_DIR)}
    errors = _Errors()
    rows: dict[str, list[dict]] = {}
    media: dict[str, str] = {}
    names = set(archive.namelist())
    for section in SECTIONS:
        if section.optional_member and section.member not in names:
            rows[section.name] = []
            continue
        data = _json(archive, section.member)
        if section.single and data is None:
            rows[section.name] = []
            continue
        items = data if section.many else [data]
        if section.many and not isinstance(data, list):
            errors.add(section.member, "must be a JSON array")
            continue
        seen: set[int] = set()
        emails: set[str] = set()
        cleaned = []
        for index, item in enumerate(items):
            where = f"{section.member}[{index}]" if section.many else section.member
            if not isinstance(item, dict):
                errors.add(where, "must be a JSON object")
                continue
            row = _clean_row(section, item, where, errors, archive_media, rows, seen)
            if row is not None and section.name == "speakers" and row.get("email"):
                email = row["email"]
                if email in emails:  # one live speaker per e-mail address and event (a unique index)
                    errors.add(f"{where}.email", f"{row['email'][:100]!r} is used by another speaker")
                emails.add(email)
            if row is not None:
                cleaned.append(row)
                for f in section.fields:
                    value = row.get(f.attr)
                    if f.media and isinstance(value, str) and value in archive_media:
                        media[value] = f.media  # member -> toggle kind (image members are sniffed)
        rows[section.name] = cleaned
    errors.raise_if_any()
    return ParsedImport(rows=rows, media=media)


def _clean_row(section: Section, item: dict, where: str, errors: _Errors, archive_media: set[str],
               rows: dict[str, list[dict]], seen: set[int]) -> dict | None:
    row: dict[str, Any] = {}
    if section.many:
        ref = item.get("id")
        if isinstance(ref, bool) or not isinstance(ref, int):
            errors.add(f"{where}.id", "must be an integer")
            return None
        if ref in seen:
            errors.add(f"{where}.id", f"{ref} is used twice")
            return None
        seen.add(ref)
        row["id"] = ref
    for f in section.fields:
        key = wire_key(f)
        value = item.get(key)
        if f.kind == "ref":
            known = {r["id"] for r in rows.get(f.target, ())}
            if value is not None and (isinstance(value, bool) or value not in known):
                errors.add(f"{where}.{key}", f"refers to {value!r}, which is not in {f.target}.json")
                value = None
            row[f.attr] = value
            continue
        if f.kind == "refs":
            known = {r["id"] for r in rows.get(f.target, ())}
            value = value or []
            if not isinstance(value, list) or any(isinstance(v, bool) or v not in known for v in value):
                errors.add(f"{where}.{key}", f"must list ids of {f.target}.json")
                value = []
            row[f.attr] = list(dict.fromkeys(value))
            continue
        row[f.attr] = _clean(f, value, f"{where}.{key}", errors, archive_media)
    _check_row(section, row, where, errors)
    return row


def _check_row(section: Section, row: dict, where: str, errors: _Errors) -> None:
    if section.name == "event":
        if row.get("timezone"):
            try:
                ZoneInfo(row["timezone"])
            except (ZoneInfoNotFoundError, ValueError):
                errors.add(f"{where}.timezone", f"{row['timezone'][:64]!r} is not an IANA time zone")
        if row.get("starts_at") and row.get("ends_at") and row["ends_at"] < row["starts_at"]:
            errors.add(f"{where}.ends-at", "is before starts-at")
    elif section.name == "tracks" and row.get("color") and not _HEX_COLOUR.match(row["color"]):
        errors.add(f"{where}.color", "must be a #rrggbb colour")
    elif section.name == "session-types" and row.get("length") and not _LENGTH.match(row["length"]):
        errors.add(f"{where}.length", "must be HH:MM")
    elif section.name == "speakers-call" and row.get("starts_at") and row.get("ends_at") \
            and row["ends_at"] < row["starts_at"]:
        errors.add(f"{where}.ends-at", "is before starts-at")
    elif section.name == "sessions":
        if row.get("starts_at") and row.get("ends_at") and row["ends_at"] < row["starts_at"]:
            errors.add(f"{where}.ends-at", "is before starts-at")


# -- writing --------------------------------------------------------------------------------


async def import_parsed(db, parsed: ParsedImport, *, owner_id: int, store_media) -> Any:
    """Insert the event and its rows (the caller commits). Returns the new Event.

    `store_media(event_id)` is awaited once the event has its id; it stores the archive's
    media files and returns {zip member: URL} for the fields that referred to them."""
    from openevent.auth.roles import grant_event_role
    from openevent.events.identifiers import insert_with_identifier
    from openevent.events.models import Event

    def attrs(section: Section, row: dict) -> dict:
        values = {}
        for f in section.fields:
            if f.kind in ("ref", "refs"):
                continue
            value = row.get(f.attr)
            if f.media and isinstance(value, str) and value in media_urls:
                value = media_urls[value]
            if value is None and not load_model(section).__table__.c[f.attr].nullable:
                continue  # a NOT NULL column: its model default applies
            values[f.attr] = value
        return values

    media_urls: dict[str, str] = {}
    event_section = SECTIONS[0]
    event = Event(**attrs(event_section, parsed.rows["event"][0]), state="draft")
    await insert_with_identifier(db, event)
    await grant_event_role(db, user_id=owner_id, event_id=event.id, role="owner")
    media_urls.update(await store_media(event.id))
    for f in event_section.fields:
        value = getattr(event, f.attr)
        if f.media and isinstance(value, str) and value in media_urls:
            setattr(event, f.attr, media_urls[value])
    new_ids: dict[str, dict[int, Any]] = {}
    for section in SECTIONS[1:]:
        model = load_model(section)
        objects: dict[int, Any] = {}
        for row in parsed.rows[section.name]:
            values = attrs(section, row)
            for f in section.fields:
                if f.kind == "ref" and row.get(f.attr) is not None:
                    values[f.attr] = new_ids[f.target][row[f.attr]].id
            obj = model(event_id=event.id, **values)
            for f in section.fields:
                if f.kind == "refs":
                    setattr(obj, f.attr, [new_ids[f.target][ref] for ref in row.get(f.attr) or ()])
            db.add(obj)
            objects[row.get("id")] = obj
        await db.flush()
        new_ids[section.name] = objects
    return event


def imported_media_key(event_id: int, member: str, extension: str | None = None) -> str:
    from openevent.storage.keys import safe_filename, validate_key

    rest = member.removeprefix(MEDIA_DIR)
    folder, _, name = rest.rpartition("/")
    folder = re.sub(r"[^A-Za-z0-9_-]", "_", folder) or "files"
    name = safe_filename(name, "file")
    if extension:  # the sniffed type decides the extension the media route serves it as
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}.{extension}"
    return validate_key(f"media/events/{int(event_id)}/imported/{folder}/{name}")


def _sniff_image(member: str, data: bytes):
    from openevent.media.images import BadImage, sniff

    try:
        return sniff(data)
    except BadImage as exc:
        raise ImportRejected(f"The archive member {member} is not an accepted image: {exc}") from None


__all__ = ["ImportRejected", "import_parsed", "media_url", "open_archive", "validate_archive"]


# -- the task -------------------------------------------------------------------------------


def _spool_upload(storage, key: str) -> BinaryIO:
    import tempfile

    from openevent.storage.base import FileMissing

    try:
        source = storage.open(key)
    except FileMissing:
        raise ImportRejected("The uploaded file is no longer available; upload it again.") from None
    out = tempfile.TemporaryFile(prefix="openevent-import-")
    try:
        copied = 0
        while chunk := source.read(1024 * 1024):
            copied += len(chunk)
            if copied > MAX_UPLOAD_BYTES:
                raise ImportRejected(f"The uploaded file is larger than {MAX_UPLOAD_BYTES} bytes.")
            out.write(chunk)
        out.seek(0)
        return out
    except BaseException:
        out.close()
        raise
    finally:
        getattr(source, "close", lambda: None)()


def _read_archive(storage, key: str) -> tuple[BinaryIO, zipfile.ZipFile, ParsedImport]:
    file = _spool_upload(storage, key)
    try:
        archive = open_archive(file)
        return file, archive, validate_archive(archive)
    except BaseException:
        file.close()
        raise


async def run_import(ctx, upload_key: str) -> dict:
    import mimetypes
    import tempfile

    from openevent.tasks import TaskFailed

    await ctx.progress(5)
    try:
        file, archive, parsed = await ctx.run_sync(_read_archive, ctx.storage, upload_key)
    except ImportRejected as exc:
        raise TaskFailed(str(exc)) from None
    await ctx.progress(40)
    stored: list[str] = []

    async def store_media(event_id: int) -> dict[str, str]:
        urls = {}
        from openevent.media.service import MAX_UPLOAD_BYTES as MAX_IMAGE_BYTES

        for member, kind in sorted(parsed.media.items()):
            if kind == "image":  # images are served by /media: only real, sane images, like uploads
                data = await ctx.run_sync(read_member, archive, member, MAX_IMAGE_BYTES)
                sniffed = await ctx.run_sync(_sniff_image, member, data)
                key = imported_media_key(event_id, member, sniffed.extension)
                await ctx.storage.put(key, data, sniffed.content_type)
                stored.append(key)
                urls[member] = media_url(key, ctx.settings.base_url)
                continue
            key = imported_media_key(event_id, member)
            spool = tempfile.TemporaryFile(prefix="openevent-import-media-")
            try:
                await ctx.run_sync(copy_member, archive, member, spool, MAX_MEDIA_BYTES)
                content_type = mimetypes.guess_type(member)[0] or "application/octet-stream"
                await ctx.storage.put(key, spool, content_type)
            finally:
                spool.close()
            stored.append(key)
            urls[member] = media_url(key, ctx.settings.base_url)
        return urls

    try:
        async with ctx.session() as db:
            event = await import_parsed(db, parsed, owner_id=ctx.owner_id, store_media=store_media)
            await db.commit()
            result = {"id": event.id, "identifier": event.identifier}
    except ImportRejected as exc:
        await _forget(ctx.storage, stored)
        raise TaskFailed(str(exc)) from None
    except BaseException:
        await _forget(ctx.storage, stored)
        raise
    finally:
        archive.close()
        file.close()
    await ctx.progress(95)
    return result


async def _forget(storage, keys: list[str]) -> None:
    for key in keys:
        try:
            await storage.delete(key)
        except Exception:  # noqa: BLE001 - best effort: orphaned media files are harmless
            pass
