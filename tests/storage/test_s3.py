"""S3Storage against a local S3-compatible server (moto in server mode on 127.0.0.1)."""

from __future__ import annotations

import importlib
import io
import socket
from dataclasses import replace

import httpx
import pytest

from openevent.storage import FileMissing, make_storage
from openevent.storage.factory import StorageConfigError
from openevent.storage.s3 import S3Storage

from ..conftest import IN_CI


def _require(module: str, install: str):
    """Skip without the package, except under CI=true where its absence fails the run."""
    try:
        return importlib.import_module(module)
    except ImportError:
        message = f"{module} is not installed (pip install {install!r})"
        if IN_CI:
            pytest.fail("CI requires it: " + message, pytrace=False)
        pytest.skip(message, allow_module_level=True)


_require("boto3", "boto3")
moto_server = _require("moto.server", "moto[server]")

BUCKET = "openevent-test"
CREDENTIALS = {"access_key_id": "testing", "secret_access_key": "testing", "region": "us-east-1"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    S3Storage(BUCKET, endpoint_url=endpoint, **CREDENTIALS).client.create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


@pytest.fixture
def s3(s3_endpoint) -> S3Storage:
    return S3Storage(BUCKET, prefix="media", endpoint_url=s3_endpoint, **CREDENTIALS)


async def test_put_get_exists_delete(s3):
    key = await s3.put("exports/1/t1/a.txt", b"hello s3", "text/plain")
    assert key == "exports/1/t1/a.txt"
    assert await s3.get(key) == b"hello s3"
    assert await s3.exists(key)
    head = s3.client.head_object(Bucket=BUCKET, Key="media/exports/1/t1/a.txt")  # under the prefix
    assert head["ContentType"] == "text/plain"
    assert head["ContentDisposition"] == 'attachment; filename="a.txt"'
    await s3.delete(key)
    assert not await s3.exists(key)
    with pytest.raises(FileMissing):
        await s3.get(key)


async def test_put_a_file_object(s3):
    payload = bytes(range(256)) * 8192  # 2 MiB
    key = await s3.put("exports/1/t2/big.zip", io.BytesIO(payload), "application/zip")
    assert await s3.get(key) == payload


async def test_presigned_url_downloads_the_exact_bytes_as_an_attachment(s3):
    data = "BEGIN:VCALENDAR\r\nX-WR-CALNAME:Café\r\nEND:VCALENDAR\r\n".encode()
    key = await s3.put("exports/2/t3/schedule.ics", data, "text/calendar")
    url = s3.url(key, expires=300)
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=300" in url
    async with httpx.AsyncClient() as http:
        response = await http.get(url)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-disposition"] == 'attachment; filename="schedule.ics"'
    # objects stay private (no public-read as in W8): only presigned URLs open them
    grants = s3.client.get_object_acl(Bucket=BUCKET, Key=s3.object_name(key))["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]


def test_storage_url_selects_s3(tmp_path):
    from openevent.core.settings import Settings

    settings = Settings.from_env(data_dir=tmp_path, secret_key="x", storage_url="s3://bucket/some/prefix/",
                                 s3_endpoint_url="http://127.0.0.1:9", s3_region="eu-west-1",
                                 s3_access_key_id="a", s3_secret_access_key="b")
    storage = make_storage(settings)
    assert isinstance(storage, S3Storage)
    assert (storage.bucket, storage.prefix) == ("bucket", "some/prefix")
    assert storage.object_name("exports/1/t/a.ics") == "some/prefix/exports/1/t/a.ics"
    with pytest.raises(StorageConfigError, match="s3://bucket"):
        make_storage(replace(settings, storage_url="ftp://host/x"))


@pytest.fixture
def app_with_s3(app, s3):
    # not monkeypatch: app.state keeps attributes outside __dict__, which monkeypatch cannot restore
    local = app.state.storage
    app.state.storage = s3
    yield app
    app.state.storage = local


async def test_tasks_end_to_end_with_s3_storage(app_with_s3, client, db, s3):
    """The same task pipeline with S3 storage: download_url is a presigned URL of the bucket."""
    from openevent.tasks.inprocess import InProcessRunner

    from ..factories import auth_header, make_user
    from ..tasks import demo_tasks  # noqa: F401 (registers the test tasks)
    from ..tasks.conftest import poll

    app = app_with_s3
    runner = InProcessRunner(app.state.settings, app.state.sessionmaker, s3)
    user = await make_user(db)
    task_id = await runner.enqueue(db, "tests.echo", owner_id=user.id, event_id=8, text="to s3")
    body = await poll(client, task_id, auth_header(user))
    await runner.stop()
    assert body["state"] == "SUCCESS", body
    url = body["result"]["download_url"]
    assert url.startswith(s3.client.meta.endpoint_url) and f"/media/exports/8/{task_id}/echo.txt" in url
    async with httpx.AsyncClient() as http:
        download = await http.get(url)
    assert download.status_code == 200
    assert download.content == b"tests.echo:to s3"
    # with S3 storage the local download route is closed
    assert (await client.get("/v1/downloads/anything")).status_code == 404
