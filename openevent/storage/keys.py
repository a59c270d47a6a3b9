"""Storage keys: built by the server, unique per job, safe on every backend.

A key is a relative path of segments made of [A-Za-z0-9._-]; no segment may be
empty, '.' or '..'. Every job writes under its own task id, so two jobs never
share (or wipe) a folder (W20), and no key ever comes from a client (W5).
"""

from __future__ import annotations

import re
import unicodedata

_SEGMENT = re.compile(r"^[A-Za-z0-9._-]+$")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
MAX_KEY_LENGTH = 512
MAX_FILENAME_LENGTH = 120


class InvalidKey(ValueError):
    pass


def validate_key(key: str) -> str:
    if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidKey("A storage key must be a non-empty string of at most 512 characters.")
    for segment in key.split("/"):
        if segment in {"", ".", ".."} or not _SEGMENT.match(segment):
            raise InvalidKey(f"Invalid storage key {key!r}: segments may only use letters, digits, '.', '_' and '-'.")
    return key


def safe_filename(name: str, default: str = "download") -> str:
    """A plain ASCII file name: no directories, no leading dots, no odd characters."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    base = _UNSAFE.sub("_", base).strip("._")
    if not base:
        return default
    if len(base) > MAX_FILENAME_LENGTH:
        stem, dot, ext = base.rpartition(".")
        if dot and len(ext) <= 10:
            base = stem[: MAX_FILENAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            base = base[:MAX_FILENAME_LENGTH]
    return base


def job_key(folder: str, task_id: str, filename: str) -> str:
    """<folder>/<task_id>/<safe filename>: one folder per job."""
    return validate_key(f"{folder}/{task_id}/{safe_filename(filename)}")


def export_key(event_id: int, task_id: str, filename: str) -> str:
    """exports/<event_id>/<task_id>/<safe filename>."""
    return job_key(f"exports/{int(event_id)}", task_id, filename)


def filename_of(key: str) -> str:
    return key.rsplit("/", 1)[-1]
