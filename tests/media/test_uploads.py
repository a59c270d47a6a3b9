"""Image uploads (data URI and multipart), content sniffing, size caps, decompression bombs, serving."""

from __future__ import annotations

import base64
import io
import os
import struct
import zlib

import pytest
from PIL import Image

from openevent.media import api as media_api

from ..auth.factories import error_of, headers_for
from ..factories import make_user


def image_bytes(fmt: str = "PNG", size=(40, 30), mode="RGB", color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, color).save(out, fmt)
    return out.getvalue()


def data_uri(data: bytes, media_type: str = "image/png") -> str:
    return f"data:{media_type};base64," + base64.b64encode(data).decode()


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims a huge size (a decompression bomb's calling card)."""
    data = bytearray(image_bytes(size=(1, 1)))
    ihdr = struct.pack(">II", width, height) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


async def upload(client, user, data: bytes, media_type="image/png"):
    return await client.post("/v1/upload/image", headers=headers_for(user), json={"data": data_uri(data, media_type)})


@pytest.mark.parametrize("fmt, content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                               ("WEBP", "image/webp"), ("GIF", "image/gif")])
async def test_data_uri_upload_is_stored_and_served(client, db, fmt, content_type):
    user = await make_user(db)
    data = image_bytes(fmt)
    response = await upload(client, user, data, "application/octet-stream")  # the declared type is ignored
    assert response.status_code == 200, response.text
    url = response.json()["url"]
    assert url.startswith("http://testserver/media/uploads/") and url.endswith("." + content_type.split("/")[1]
                                                                              .replace("jpeg", "jpg"))
    served = await client.get(url)
    assert served.status_code == 200
    assert served.content == data
    assert served.headers["content-type"] == content_type
    assert served.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("payload, media_type", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "image/svg+xml"),
    (b"<html><script>alert(1)</script></html>", "image/png"),
    (b"%PDF-1.4 not an image", "image/png"),
    (image_bytes()[:60], "image/png"),  # truncated
])
async def test_non_images_are_refused(client, db, payload, media_type):
    user = await make_user(db)
    response = await upload(client, user, payload, media_type)
    assert response.status_code == 415
    assert error_of(response)["source"] == {"pointer": "/data"}


async def test_decompression_bomb_is_refused(client, db):
    user = await make_user(db)
    response = await upload(client, user, png_claiming(100_000, 100_000))
    assert response.status_code == 415
    assert "pixels" in error_of(response)["detail"]


async def test_size_cap(client, db, monkeypatch):
    monkeypatch.setattr(media_api, "MAX_UPLOAD_BYTES", 500)
    user = await make_user(db)
    noise = io.BytesIO()
    Image.frombytes("RGB", (60, 60), os.urandom(60 * 60 * 3)).save(noise, "PNG")
    assert len(noise.getvalue()) > 500
    response = await upload(client, user, noise.getvalue())
    assert response.status_code == 413


async def test_login_required_and_bad_documents(client, db):
    anonymous = await client.post("/v1/upload/image", json={"data": data_uri(image_bytes())})
    assert anonymous.status_code == 401
    user = await make_user(db)
    for body in ({"data": 5}, {"data": "http://example.com/x.png"}, {"nothing": 1}):
        response = await client.post("/v1/upload/image", headers=headers_for(user), json=body)
        assert response.status_code == 422
        assert error_of(response)["source"] == {"pointer": "/data"}


async def test_multipart_single_and_many(client, db):
    user = await make_user(db)
    auth = headers_for(user)
    auth.pop("Content-Type")
    one = await client.post("/v1/upload/files", headers=auth, files={"file": ("a.png", image_bytes(), "image/png")})
    assert one.status_code == 200, one.text
    assert (await client.get(one.json()["url"])).status_code == 200
    many = await client.post("/v1/upload/files", headers=auth, files=[
        ("files[]", ("a.gif", image_bytes("GIF"), "image/gif")), ("files[]", ("b.jpg", image_bytes("JPEG"), "x/y"))])
    assert many.status_code == 200
    assert [u.rsplit(".", 1)[1] for u in many.json()["urls"]] == ["gif", "jpg"]
    html = await client.post("/v1/upload/files", headers=auth,
                             files={"file": ("x.png", b"<html></html>", "image/png")})
    assert html.status_code == 415
    assert error_of(html)["source"] == {"parameter": "file"}
    nothing = await client.post("/v1/upload/files", headers=auth, files={"other": ("x.png", image_bytes(), "image/png")})
    assert nothing.status_code == 422


async def test_only_images_of_the_media_folder_are_served(client):
    assert (await client.get("/media/uploads/missing/image.png")).status_code == 404
    assert (await client.get("/media/../secret_key")).status_code == 404
    assert (await client.get("/media/uploads/x/notes.txt")).status_code == 404


async def test_copy_media_makes_an_independent_file(client, db, app):
    from openevent.media.service import copy_media

    user = await make_user(db)
    data = image_bytes("GIF")
    url = (await upload(client, user, data, "image/gif")).json()["url"]
    base = app.state.settings.base_url
    copied = await copy_media(app.state.storage, base, url)
    assert copied != url and copied.startswith("http://testserver/media/copies/") and copied.endswith(".gif")
    assert (await client.get(copied)).content == data
    assert await copy_media(app.state.storage, base, "https://example.com/a.png") == "https://example.com/a.png"
    assert await copy_media(app.state.storage, base, None) is None


async def test_openapi_describes_the_upload_bodies(client):
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "multipart/form-data" in paths["/v1/upload/files"]["post"]["requestBody"]["content"]
    assert paths["/v1/upload/image"]["post"]["requestBody"]["content"]["application/json"]["schema"]["required"] == [
        "data"]
    reset = paths["/v1/auth/reset-password"]
    assert reset["patch"]["requestBody"]["content"]["application/json"]["schema"]["properties"]["data"][
        "required"] == ["token", "password"]


async def test_streamed_bodies_are_cut_off_at_the_cap(client, db, monkeypatch):
    monkeypatch.setattr(media_api, "MAX_UPLOAD_BYTES", 500)
    user = await make_user(db)
    auth = headers_for(user)
    auth["Content-Type"] = "multipart/form-data; boundary=x"

    async def chunks():  # no Content-Length: chunked transfer
        for _ in range(100):
            yield b"x" * 1024

    response = await client.post("/v1/upload/files", headers=auth, content=chunks())
    assert response.status_code == 413
    assert error_of(response)["source"] == {"parameter": "body"}
