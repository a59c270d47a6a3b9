"""Storage keys and the local backend (no database needed)."""

from __future__ import annotations

import io

import pytest

from openevent.storage import FileMissing, InvalidKey, export_key, job_key, safe_filename
from openevent.storage.keys import validate_key
from openevent.storage.local import LocalStorage


@pytest.fixture
def storage(tmp_path) -> LocalStorage:
    return LocalStorage(tmp_path / "files", secret_key="k" * 40, base_url="http://example.test/")


@pytest.mark.parametrize("name, safe", [
    ("schedule.ics", "schedule.ics"),
    ("../../etc/passwd", "passwd"),
    ("..\\..\\boot.ini", "boot.ini"),
    (".hidden", "hidden"),
    ("Événement 2027 (final).csv", "Evenement_2027_final_.csv"),
    ('a"b;c\r\nd.txt', "a_b_c_d.txt"),
    ("...", "download"),
    ("", "download"),
    ("x" * 300 + ".zip", "x" * 116 + ".zip"),
])
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


@pytest.mark.parametrize("key", ["", "/abs", "a//b", "a/../b", "..", "a/./b", "a/b/", "a b", "a/é", "x" * 600])
def test_invalid_keys_are_refused(key):
    with pytest.raises(InvalidKey):
        validate_key(key)


def test_keys_are_unique_per_job_and_never_leave_their_folder():
    assert export_key(5, "t1", "event.ics") == "exports/5/t1/event.ics"
    assert export_key(5, "t2", "event.ics") != export_key(5, "t1", "event.ics")
    assert export_key(5, "t1", "../../../secret") == "exports/5/t1/secret"
    assert job_key("imports", "t3", "") == "imports/t3/download"
    with pytest.raises(ValueError):
        export_key("5/../..", "t1", "x")  # event ids are integers


async def test_put_get_exists_delete(storage):
    key = await storage.put("exports/1/t/a.txt", b"hello", "text/plain")
    assert key == "exports/1/t/a.txt"
    assert await storage.get(key) == b"hello"
    assert await storage.exists(key)
    with storage.open(key) as stream:
        assert stream.read() == b"hello"
    await storage.delete(key)
    assert not await storage.exists(key)
    await storage.delete(key)  # deleting twice is fine
    with pytest.raises(FileMissing):
        await storage.get(key)
    with pytest.raises(FileMissing):
        storage.open(key)


async def test_put_accepts_a_file_object_and_replaces_atomically(storage, tmp_path):
    payload = bytes(range(256)) * 4096
    key = await storage.put("exports/1/t/big.bin", io.BytesIO(payload), "application/octet-stream")
    assert await storage.get(key) == payload
    await storage.put(key, b"new", "application/octet-stream")
    assert await storage.get(key) == b"new"
    leftovers = [p.name for p in (tmp_path / "files" / "exports" / "1" / "t").iterdir()]
    assert leftovers == ["big.bin"]


async def test_storage_refuses_paths_outside_its_root(storage):
    with pytest.raises(InvalidKey):
        await storage.get("../outside.txt")
    with pytest.raises(InvalidKey):
        await storage.put("/etc/passwd", b"x", "text/plain")


def test_url_is_a_signed_download_link(storage):
    url = storage.url("exports/1/t/a.txt", expires=60)
    assert url.startswith("http://example.test/v1/downloads/")
    assert "exports" not in url  # the key is inside the signed token, not readable in the path
