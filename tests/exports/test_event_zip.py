"""The event zip: POST /v1/events/{id}/export/json and POST /v1/events/import/json."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta

import orjson
import pytest
from sqlalchemy import select

from openevent.events.models import Event
from openevent.exports import event_import
from openevent.exports.zip_format import FORMAT, SECTIONS, VERSION
from openevent.schedule.models import Session, Speaker
from tests.factories import auth_header, make_event, make_user
from tests.tasks.conftest import poll

from .test_api import _download, _trigger

MEMBERS = {"meta.json", "event.json", "tracks.json", "microlocations.json", "session-types.json", "speakers.json",
           "sessions.json", "sponsors.json", "social-links.json", "speakers-call.json", "event-copyright.json",
           "tickets.json"}


@pytest.fixture
async def runner(app):
    runner = app.state.task_runner
    yield runner
    await runner.wait_idle(timeout=10)


@pytest.fixture
async def owner(db, programme):
    from openevent.auth.models import User

    return (await db.execute(select(User).where(User.email == "owner@example.com"))).scalar_one()


async def _export(client, event_id, headers, body=None) -> zipfile.ZipFile:
    kwargs = {} if body is None else {"json": body}
    task_id = await _trigger(client, f"/v1/events/{event_id}/export/json", headers, "POST", **kwargs)
    return zipfile.ZipFile(io.BytesIO(await _download(client, task_id, headers)))


def _image(fmt: str = "PNG", colour=(200, 30, 30)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), colour).save(buffer, format=fmt)
    return buffer.getvalue()


def _load(archive: zipfile.ZipFile, name: str):
    return orjson.loads(archive.read(name))


async def _import(client, headers, data: bytes, *, raw: bool = False) -> dict:
    if raw:
        response = await client.post("/v1/events/import/json", content=data,
                                     headers={**headers, "Content-Type": "application/zip"})
    else:
        response = await client.post("/v1/events/import/json", headers=headers,
                                     files={"file": ("event.zip", data, "application/zip")})
    assert response.status_code == 200, response.text
    task_id = response.json()["task_url"].rsplit("/", 1)[1]
    return await poll(client, task_id, headers)


# -- export ---------------------------------------------------------------------------------


async def test_zip_has_one_versioned_json_per_resource(client, runner, programme, owner):
    archive = await _export(client, programme.event.id, auth_header(owner))
    assert set(archive.namelist()) == MEMBERS
    meta = _load(archive, "meta.json")
    assert (meta["format"], meta["version"], meta["private-data"]) == (FORMAT, VERSION, False)
    assert meta["media"] == {"image": False, "video": False, "audio": False, "document": False}
    event = _load(archive, "event.json")
    assert event["name"] == programme.event.name
    assert event["timezone"] == "Europe/Berlin"
    assert event["starts-at"] == "2027-03-26T08:00:00+00:00"
    assert "id" not in event and "paypal-email" not in event and "state" not in event
    # exactly the declared fields, nothing from the database row beyond them
    for section in SECTIONS:
        data = _load(archive, section.member)
        rows = data if section.many else [data] if data is not None else []
        expected = ({"id"} if section.many else set()) | {
            f.attr.removesuffix("_id").replace("_", "-") if f.kind in ("ref", "refs") else f.key
            for f in section.fields}
        for row in rows:
            assert set(row) == expected, section.name


async def test_soft_deleted_rows_and_other_events_are_left_out(client, runner, programme, owner):
    archive = await _export(client, programme.event.id, auth_header(owner))
    tracks = {t["name"] for t in _load(archive, "tracks.json")}
    rooms = {r["name"] for r in _load(archive, "microlocations.json")}
    speakers = {s["name"]: s for s in _load(archive, "speakers.json")}
    sessions = {s["title"]: s for s in _load(archive, "sessions.json")}
    assert tracks == {"Web & <Mobile> 📱"}
    assert rooms == {programme.rooms["main"], programme.rooms["small"], programme.rooms["hidden"]}
    assert set(speakers) == {"Ada <Lovelace> & \"Co\" 'x' 🚀", "Grace Hopper"}
    assert "Deleted session" not in sessions and "Other event talk" not in sessions
    # every state of the organiser's programme is kept (it is a backup, not the public schedule)
    assert {s["state"] for s in sessions.values()} == {"accepted", "confirmed", "draft", "pending", "rejected",
                                                       "canceled", "withdrawn"}
    # references point inside the archive; deleted track/room and foreign speakers are dropped
    assert sessions["Track was deleted"]["track"] is None
    assert sessions["In a demolished room"]["microlocation"] is None
    track_ids = {t["id"] for t in _load(archive, "tracks.json")}
    opening = next(s for s in sessions.values() if s["track"] in track_ids and s["speakers"] and
                   len(s["speakers"]) == 2)
    assert [next(n for n, sp in speakers.items() if sp["id"] == i) for i in opening["speakers"]] == \
        ["Ada <Lovelace> & \"Co\" 'x' 🚀", "Grace Hopper"]


async def test_private_data_only_when_asked(client, runner, programme, owner):
    headers = auth_header(owner)
    plain = await _export(client, programme.event.id, headers)
    blob = b"".join(plain.read(n) for n in plain.namelist())
    for email in programme.emails:
        assert email.encode() not in blob
    assert b"+49 30 1234567" not in blob
    assert all(s["email"] is None and s["mobile"] is None for s in _load(plain, "speakers.json"))

    private = await _export(client, programme.event.id, headers, {"private-data": True})
    emails = {s["name"]: (s["email"], s["mobile"]) for s in _load(private, "speakers.json")}
    assert emails["Grace Hopper"] == ("grace@example.org", None)
    assert emails["Ada <Lovelace> & \"Co\" 'x' 🚀"] == ("ada@example.com", "+49 30 1234567")
    assert _load(private, "meta.json")["private-data"] is True


async def test_media_only_when_toggled_and_only_from_own_storage(app, client, db, runner, programme, owner):
    storage = app.state.storage
    base = app.state.settings.base_url
    await storage.put("media/events/logo.png", b"\x89PNG logo", "image/png")
    await storage.put("media/slides/deck.pdf", b"%PDF deck", "application/pdf")
    event = await db.get(Event, programme.event.id)
    event.logo_url = f"{base}/media/events/logo.png"
    event.original_image_url = "http://169.254.169.254/latest/meta-data/"  # never fetched
    session = await db.get(Session, programme.public["bare"])
    session.slides_url = f"{base}/media/slides/deck.pdf"
    session.video_url = f"{base}/media/../../etc/passwd"  # not a valid key: left alone
    speaker = (await db.execute(select(Speaker).where(Speaker.name == "Grace Hopper"))).scalar_one()
    speaker.photo_url = f"{base}/media/missing/photo.jpg"  # ours but gone: skipped, URL kept
    await db.commit()
    headers = auth_header(owner)

    off = await _export(client, programme.event.id, headers)
    assert set(off.namelist()) == MEMBERS
    assert _load(off, "event.json")["logo-url"] == f"{base}/media/events/logo.png"

    on = await _export(client, programme.event.id, headers,
                       {"image": True, "document": True, "video": True, "audio": False})
    media = {n for n in on.namelist() if n.startswith("media/")}
    assert media == {"media/event/logo-url-logo.png", f"media/sessions/{session.id}-slides-url-deck.pdf"}
    assert on.read("media/event/logo-url-logo.png") == b"\x89PNG logo"
    event_json = _load(on, "event.json")
    assert event_json["logo-url"] == "media/event/logo-url-logo.png"
    assert event_json["original-image-url"] == "http://169.254.169.254/latest/meta-data/"
    bare = next(s for s in _load(on, "sessions.json") if s["id"] == session.id)
    assert bare["slides-url"] == f"media/sessions/{session.id}-slides-url-deck.pdf"
    assert bare["video-url"] == f"{base}/media/../../etc/passwd"
    assert _load(on, "meta.json")["skipped-media"] == [f"{base}/media/missing/photo.jpg"]


async def test_export_of_an_empty_event(client, db, runner):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, latitude=None, longitude=None)
    archive = await _export(client, event.id, auth_header(owner))
    for name in MEMBERS - {"meta.json", "event.json", "speakers-call.json", "event-copyright.json"}:
        assert _load(archive, name) == []
    assert _load(archive, "speakers-call.json") is None and _load(archive, "event-copyright.json") is None


# -- import ---------------------------------------------------------------------------------


def _normalised(archive: zipfile.ZipFile) -> dict:
    """The archive's content with ids replaced by positions and media paths by content hashes."""
    out = {}
    positions: dict[str, dict[int, int]] = {}
    for section in SECTIONS:
        data = _load(archive, section.member)
        rows = data if section.many else [data] if data is not None else []
        if section.many:
            positions[section.name] = {row["id"]: index for index, row in enumerate(rows)}
        result = []
        for row in rows:
            row = dict(row)
            row.pop("id", None)
            for f in section.fields:
                key = f.attr.removesuffix("_id").replace("_", "-") if f.kind in ("ref", "refs") else f.key
                if f.kind == "ref" and row[key] is not None:
                    row[key] = positions[f.target][row[key]]
                elif f.kind == "refs":
                    row[key] = [positions[f.target][v] for v in row[key]]
                elif f.media and isinstance(row[key], str) and row[key].startswith("media/"):
                    row[key] = "sha256:" + hashlib.sha256(archive.read(row[key])).hexdigest()
            result.append(row)
        out[section.name] = result
    return out


async def _event_extras(db, event, base):
    from decimal import Decimal

    from openevent.event_info.models import EventCopyright, SocialLink
    from openevent.speakers_calls.models import SpeakersCall
    from openevent.sponsors.models import Sponsor
    from openevent.ticketing.models import Ticket

    starts = event.starts_at
    db.add_all([
        Sponsor(event_id=event.id, name="ACME & <Co> 🎉", level=1, type="Gold", position=2,
                logo_url=f"{base}/media/sponsors/acme.png", url="https://acme.example"),
        Sponsor(event_id=event.id, name="Gone sponsor", deleted_at=starts),
        SocialLink(event_id=event.id, name="Mastodon", link="https://social.example/@conf", identifier="m"),
        SpeakersCall(event_id=event.id, announcement="Send talks!", starts_at=starts - timedelta(days=60),
                     ends_at=starts - timedelta(days=30), privacy="public"),
        EventCopyright(event_id=event.id, holder="Conf e.V.", licence="CC BY 4.0", year=2027),
        Ticket(event_id=event.id, name="Standard", type="paid", price=Decimal("25.50"), quantity=100,
               sales_starts_at=starts - timedelta(days=90), sales_ends_at=starts),
        Ticket(event_id=event.id, name="Free", type="free", price=Decimal("0"),
               sales_starts_at=starts - timedelta(days=90), sales_ends_at=starts),
    ])
    await db.commit()


async def test_export_import_export_round_trip(app, client, db, runner, programme, owner):
    storage = app.state.storage
    base = app.state.settings.base_url
    await _event_extras(db, await db.get(Event, programme.event.id), base)
    acme = _image("PNG")
    await storage.put("media/sponsors/acme.png", acme, "image/png")
    await storage.put("media/speakers/ada.jpg", _image("JPEG"), "image/jpeg")
    speaker = (await db.execute(select(Speaker).where(Speaker.email == "ada@example.com"))).scalar_one()
    speaker.photo_url = f"{base}/media/speakers/ada.jpg"
    await db.commit()
    headers = auth_header(owner)
    body = {"image": True, "video": True, "audio": True, "document": True, "private-data": True}
    first = await _export(client, programme.event.id, headers, body)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for name in first.namelist():
            copy.writestr(name, first.read(name))

    result = await _import(client, headers, buffer.getvalue())
    assert result["state"] == "SUCCESS", result
    new_id = result["result"]["id"]
    assert new_id != programme.event.id
    async with app.state.sessionmaker() as fresh:
        imported = await fresh.get(Event, new_id)
        assert (imported.state, imported.name) == ("draft", programme.event.name)
        assert imported.identifier == result["result"]["identifier"] != programme.event.identifier
        ada = (await fresh.execute(select(Speaker).where(Speaker.event_id == new_id,
                                                         Speaker.email == "ada@example.com"))).scalar_one()
        assert ada.photo_url.startswith(f"{base}/media/events/{new_id}/imported/speakers/")
        assert ada.photo_url.endswith(".jpg")
    served = await client.get(ada.photo_url)  # the media route serves the imported image
    assert (served.status_code, served.headers["content-type"]) == (200, "image/jpeg")
    # the importer owns the new event: it can export it
    second = await _export(client, new_id, headers, body)
    assert _normalised(second) == _normalised(first)
    content = _normalised(first)
    assert [s["name"] for s in content["sponsors"]] == ["ACME & <Co> 🎉"]
    assert content["sponsors"][0]["logo-url"] == "sha256:" + hashlib.sha256(acme).hexdigest()
    assert [(t["name"], t["price"]) for t in content["tickets"]] == [("Standard", "25.50"), ("Free", "0.00")]
    assert content["speakers-call"][0]["announcement"] == "Send talks!"
    assert content["event-copyright"][0]["licence"] == "CC BY 4.0"
    assert content["social-links"][0]["link"] == "https://social.example/@conf"


async def test_import_of_a_raw_zip_body(client, db, runner, programme, owner):
    headers = auth_header(owner)
    archive = await _export(client, programme.event.id, headers)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as copy:
        for name in archive.namelist():
            copy.writestr(name, archive.read(name))
    stranger = await make_user(db)
    result = await _import(client, auth_header(stranger), buffer.getvalue(), raw=True)
    assert result["state"] == "SUCCESS", result
    roles = (await client.get(f"/v1/events/{result['result']['id']}", headers=auth_header(stranger)))
    assert roles.status_code == 200  # the draft is visible to its new owner


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _valid_members(**overrides) -> dict[str, bytes]:
    members = {
        "meta.json": orjson.dumps({"format": FORMAT, "version": VERSION}),
        "event.json": orjson.dumps({"name": "Imported", "starts-at": "2027-05-01T09:00:00+00:00",
                                    "ends-at": "2027-05-02T18:00:00+00:00", "timezone": "Europe/Paris"}),
        "tracks.json": b"[]", "microlocations.json": b"[]", "session-types.json": b"[]", "speakers.json": b"[]",
        "sessions.json": b"[]",
    }
    members.update(overrides)
    return members


async def test_minimal_import(app, client, db, runner):
    user = await make_user(db)
    result = await _import(client, auth_header(user), _zip(_valid_members()))
    assert result["state"] == "SUCCESS", result
    # nulls in NOT NULL columns take the model's default
    members = _valid_members(**{
        "event.json": orjson.dumps({"name": "Nulls", "starts-at": "2027-05-01T09:00:00+00:00",
                                    "ends-at": "2027-05-02T18:00:00+00:00", "timezone": "UTC", "privacy": None,
                                    "online": None}),
        "tracks.json": orjson.dumps([{"id": 5, "name": "T", "color": "#abc", "position": None}]),
        "sessions.json": orjson.dumps([{"id": 1, "title": "S", "state": "accepted", "track": 5, "is-locked": None}]),
    })
    result = await _import(client, auth_header(user), _zip(members))
    assert result["state"] == "SUCCESS", result
    async with app.state.sessionmaker() as fresh:
        event = await fresh.get(Event, result["result"]["id"])
        assert (event.privacy, event.online, event.state) == ("public", False, "draft")
        session = (await fresh.execute(select(Session).where(Session.event_id == event.id))).scalar_one()
        assert (session.title, session.is_locked, session.track_id is not None) == ("S", False, True)


@pytest.mark.parametrize("data, message", [
    (b"not a zip at all", "The file is not a zip archive."),
    (_zip({**_valid_members(), "../evil.txt": b"x"}), "The archive member '../evil.txt' has an unsafe path."),
    (_zip({**_valid_members(), "/etc/passwd": b"x"}), "The archive member '/etc/passwd' has an unsafe path."),
    (_zip({**_valid_members(), "notes.txt": b"x"}), "The archive member 'notes.txt' is not part of an event export."),
    (_zip({**_valid_members(), "media/bomb.bin": b"\0" * (8 * 1024 * 1024)}),
     "The archive member 'media/bomb.bin' is compressed suspiciously well (a zip bomb?); it was not unpacked."),
    (_zip(_valid_members(**{"meta.json": orjson.dumps({"format": FORMAT, "version": 99})})),
     f"This server reads {FORMAT} version 1; the archive is version 99."),
    (_zip({k: v for k, v in _valid_members().items() if k != "sessions.json"}),
     "The archive has no sessions.json; is it an event export?"),
    (_zip(_valid_members(**{"tracks.json": b"[{"})), "tracks.json is not valid JSON: unexpected end of data: "
                                                       "line 1 column 3 (char 2)"),
    (_zip(_valid_members(**{
        "tracks.json": orjson.dumps([{"id": 1, "name": "", "color": "red"}]),
        "sessions.json": orjson.dumps([{"id": 1, "title": "T", "state": "maybe", "track": 7,
                                        "starts-at": "tomorrow"}]),
    })), "The event export is invalid: tracks.json[0].name: must not be empty; tracks.json[0].color: must be a "
         "#rrggbb colour; sessions.json[0].starts-at: must be an ISO 8601 date-time with a UTC offset; "
         "sessions.json[0].state: must be one of draft, pending, accepted, confirmed, rejected, canceled, "
         "withdrawn; sessions.json[0].track: refers to 7, which is not in tracks.json"),
    (_zip(_valid_members(**{"event.json": orjson.dumps({"name": "X", "starts-at": "2027-05-01T09:00:00+00:00",
                                                        "ends-at": "2027-04-01T09:00:00+00:00",
                                                        "timezone": "Mars/Olympus"})})),
     "The event export is invalid: event.json.timezone: 'Mars/Olympus' is not an IANA time zone; "
     "event.json.ends-at: is before starts-at"),
    (_zip(_valid_members(**{"tickets.json": orjson.dumps([{"id": 1, "name": "T", "type": "paid", "price": "lots",
                                                           "sales-starts-at": "2027-01-01T00:00:00+00:00",
                                                           "sales-ends-at": "2027-02-01T00:00:00+00:00"}]),
                            "speakers-call.json": orjson.dumps({"starts-at": "2027-01-02T00:00:00+00:00"})})),
     "The event export is invalid: speakers-call.json.ends-at: is required; tickets.json[0].price: must be a "
     "decimal number written as a string, e.g. \"25.00\""),
    (_zip(_valid_members(**{"speakers.json": orjson.dumps([{"id": 1, "name": "A", "email": "a@example.com"},
                                                            {"id": 2, "name": "B", "email": "a@example.com"}])})),
     "The event export is invalid: speakers.json[1].email: 'a@example.com' is used by another speaker"),
    (_zip({**_valid_members(**{"speakers.json": orjson.dumps([{"id": 1, "name": "A",
                                                               "photo-url": "media/speakers/1-x.png"}])}),
           "media/speakers/1-x.png": b"<svg onload=alert(1)>"}),
     "The archive member media/speakers/1-x.png is not an accepted image: "),
    (_zip(_valid_members(**{"speakers.json": orjson.dumps([{"id": 1, "name": "A", "photo-url": "media/x.png"}])})),
     "The event export is invalid: speakers.json[0].photo-url: refers to 'media/x.png', which is not in the "
     "archive"),
])
async def test_bad_archives_fail_the_task_with_a_message(app, client, db, runner, data, message):
    user = await make_user(db)
    async with app.state.sessionmaker() as fresh:
        before = len((await fresh.execute(select(Event.id))).all())
    result = await _import(client, auth_header(user), data)
    assert result["state"] == "FAILURE"
    assert result["result"] == message or (message.endswith(": ") and result["result"].startswith(message)), result
    async with app.state.sessionmaker() as fresh:
        assert len((await fresh.execute(select(Event.id))).all()) == before  # nothing half-saved


async def test_oversized_uploads_are_refused(client, db, runner, monkeypatch):
    monkeypatch.setattr(event_import, "MAX_UPLOAD_BYTES", 1000)
    user = await make_user(db)
    response = await client.post("/v1/events/import/json", headers=auth_header(user),
                                 files={"file": ("event.zip", b"x" * 70_000, "application/zip")})
    assert response.status_code == 413, response.text
    assert response.json()["errors"][0]["source"] == {"parameter": "file"}


async def test_import_request_errors(client, db, runner):
    user = await make_user(db)
    response = await client.post("/v1/events/import/json", files={"file": ("e.zip", b"x", "application/zip")})
    assert response.status_code == 401
    headers = auth_header(user)
    response = await client.post("/v1/events/import/json", headers=headers, files={"other": ("e.zip", b"x")})
    assert (response.status_code, response.json()["errors"][0]["detail"]) == \
        (422, "The multipart body has no 'file' file field.")
    response = await client.post("/v1/events/import/json", headers={**headers, "Content-Type": "text/plain"},
                                 content=b"x")
    assert response.status_code == 415
