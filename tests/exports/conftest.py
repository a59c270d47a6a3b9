"""Schema validators and the sample programme shared by the export tests."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

SCHEMAS = Path(os.environ.get("OPENEVENT_SCHEMAS_DIR") or Path(__file__).parents[2].parent / "shared" / "schemas")


def _schema_file(name: str) -> Path:
    path = SCHEMAS / name
    if not path.is_file():
        message = f"schema {name} not found at {path} (the shared schemas folder is not beside the repository)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI requires the export schemas: " + message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def validate_xcal():
    from lxml import etree

    relaxng = etree.RelaxNG(etree.parse(str(_schema_file("xcal-rfc6321.rng"))))

    def validate(document: bytes):
        tree = etree.fromstring(document)
        assert relaxng.validate(tree), str(relaxng.error_log)
        return tree

    return validate


@pytest.fixture(scope="session")
def validate_pentabarf():
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(str(_schema_file("frab-schedule.xml.xsd"))))

    def validate(document: bytes):
        tree = etree.fromstring(document)
        assert xsd.validate(tree), str(xsd.error_log)
        return tree

    return validate


@pytest.fixture(scope="session")
def validate_schedule_json():
    import jsonschema

    schema = json.loads(_schema_file("c3voc-schedule.schema.json").read_text())
    validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)

    def validate(document: bytes):
        data = json.loads(document)
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
        assert not errors, errors
        return data

    return validate


@dataclass
class Programme:
    """The sample event with the ids the tests assert on."""

    event: object
    other_event: object
    public: dict  # name -> session id, the sessions that must be exported
    hidden: dict  # name -> session id, sessions that must not be exported
    rooms: dict
    emails: list  # every e-mail address in the database


@pytest.fixture
async def programme(db) -> Programme:
    from tests.factories import make_event, make_user

    from .factories import local, make_room, make_session, make_session_type, make_speaker, make_track
    from .sample import HIDDEN_ROOM, ROOM, SMALL_ROOM, SPEAKER, TITLE, TRACK

    berlin = "Europe/Berlin"
    owner = await make_user(db, email="owner@example.com")
    event = await make_event(db, owner=owner, name="Conf <2027> & \"Friends\" 🎉", timezone=berlin,
                             starts_at=local(berlin, 2027, 3, 26, 9, 0), ends_at=local(berlin, 2027, 3, 28, 18, 0))
    other = await make_event(db, name="Other event", timezone=berlin,
                             starts_at=local(berlin, 2027, 3, 26, 9, 0), ends_at=local(berlin, 2027, 3, 28, 18, 0))

    main_hall = await make_room(db, event, ROOM, position=2)
    small = await make_room(db, event, SMALL_ROOM, position=1)
    hidden_room = await make_room(db, event, HIDDEN_ROOM, position=3, hidden_in_scheduler=True)
    gone_room = await make_room(db, event, "Demolished", position=0, deleted=True)
    other_room = await make_room(db, other, "Other room", position=0)

    track = await make_track(db, event, TRACK, color="#ff0000")
    gone_track = await make_track(db, event, "Gone track", deleted=True)
    other_track = await make_track(db, other, "Other track")
    workshop = await make_session_type(db, event, "Workshop")

    ada = await make_speaker(db, event, SPEAKER, email="ada@example.com", mobile="+49 30 1234567", order=1)
    grace = await make_speaker(db, event, "Grace Hopper", email="grace@example.org", order=2)
    ghost = await make_speaker(db, event, "Ghost Speaker", email="ghost@example.net", deleted=True)
    intruder = await make_speaker(db, other, "Intruder", email="intruder@example.net")

    s = {}
    s["open"] = await make_session(
        db, event, TITLE, starts_at=local(berlin, 2027, 3, 26, 10, 0), minutes=60, state="accepted",
        speakers=[grace, ada, ghost, intruder], track_id=track.id, microlocation_id=main_hall.id,
        session_type_id=workshop.id, short_abstract="Short <abstract> & more", long_abstract="Long\nabstract",
        subtitle="Sub & title", language="en", slides_url="https://files.example.org/slides.pdf",
        video_url="https://video.example.org/v/1", audio_url="javascript:alert(1)")
    s["bare"] = await make_session(db, event, "Bare", starts_at=local(berlin, 2027, 3, 26, 14, 0), minutes=45,
                                   state="confirmed")
    s["gone_room"] = await make_session(db, event, "In a demolished room", microlocation_id=gone_room.id,
                                        starts_at=local(berlin, 2027, 3, 26, 16, 0), minutes=30)
    s["hidden_room"] = await make_session(db, event, "Backstage talk", microlocation_id=hidden_room.id,
                                          starts_at=local(berlin, 2027, 3, 27, 11, 0), minutes=30)
    s["gone_track"] = await make_session(db, event, "Track was deleted", track_id=gone_track.id,
                                         microlocation_id=small.id, starts_at=local(berlin, 2027, 3, 27, 12, 0))
    # 00:30 CET on 28 March is 23:30 UTC on 27 March: it belongs to the local day 28 March.
    s["midnight"] = await make_session(db, event, "After midnight", microlocation_id=small.id,
                                       starts_at=local(berlin, 2027, 3, 28, 0, 30), minutes=45)
    # Clocks go from 02:00 CET to 03:00 CEST: 01:30 + one real hour ends at 03:30 local time.
    s["dst"] = await make_session(db, event, "Across the DST change", microlocation_id=main_hall.id,
                                  starts_at=local(berlin, 2027, 3, 28, 1, 30), minutes=60)
    s["summer"] = await make_session(db, event, "Summer time", microlocation_id=small.id, track_id=track.id,
                                     starts_at=local(berlin, 2027, 3, 28, 10, 0), minutes=90, speakers=[ada])

    h = {}
    same_day = local(berlin, 2027, 3, 26, 10, 0)
    for state in ("draft", "pending", "rejected", "canceled", "withdrawn"):
        h[state] = await make_session(db, event, f"{state} session", starts_at=same_day, state=state,
                                      microlocation_id=main_hall.id, speakers=[ada])
    h["deleted"] = await make_session(db, event, "Deleted session", starts_at=same_day, deleted=True,
                                      microlocation_id=main_hall.id)
    h["unscheduled"] = await make_session(db, event, "Unscheduled", starts_at=None)
    h["other_event"] = await make_session(db, other, "Other event talk", starts_at=same_day, speakers=[intruder],
                                          microlocation_id=other_room.id, track_id=other_track.id)
    await db.commit()

    rooms = {"main": main_hall.name, "small": small.name, "hidden": hidden_room.name}
    emails = [owner.email, "ada@example.com", "grace@example.org", "ghost@example.net", "intruder@example.net"]
    return Programme(event=event, other_event=other, public={k: v.id for k, v in s.items()},
                     hidden={k: v.id for k, v in h.items()}, rooms=rooms, emails=emails)



@pytest.fixture
async def app(app):
    """The shared app; feed reads queue background refreshes, so let them finish before the wipe."""
    yield app
    await app.state.task_runner.wait_idle(timeout=10)
