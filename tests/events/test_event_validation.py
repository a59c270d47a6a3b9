"""Input validation of events: timezone, dates (merged on PATCH), naive local times, fields, HTML."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openevent.events.models import Event

from ..factories import make_event, make_user
from .helpers import error_of, event_doc, headers_for, new_event_doc


async def post(client, user, **attributes):
    return await client.post("/v1/events", json=new_event_doc(**attributes), headers=headers_for(user))


async def patch(client, user, event, **attributes):
    return await client.patch(f"/v1/events/{event.id}", json=event_doc(event.id, **attributes),
                              headers=headers_for(user))


def pointer(response) -> str:
    return error_of(response)["source"]["pointer"]


# -- timezone ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Mars/Olympus", "europe/berlin", "", "../../etc/passwd", "Europe/Berlin ", "x" * 70])
async def test_unknown_timezone_is_422(client, db, name):
    user = await make_user(db)
    response = await post(client, user, timezone=name)
    assert response.status_code == 422
    assert pointer(response) == "/data/attributes/timezone"


async def test_timezone_may_not_be_null_and_defaults_to_utc(client, db):
    user = await make_user(db)
    assert pointer(await post(client, user, timezone=None)) == "/data/attributes/timezone"
    doc = new_event_doc()
    del doc["data"]["attributes"]["timezone"]
    response = await client.post("/v1/events", json=doc, headers=headers_for(user))
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["timezone"] == "UTC"


async def test_valid_timezones_are_accepted(client, db):
    user = await make_user(db)
    for name in ("Asia/Kolkata", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"):
        response = await post(client, user, timezone=name)
        assert response.status_code == 201, (name, response.text)


async def test_changing_timezone_keeps_the_stored_instants(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await patch(client, owner, event, timezone="Asia/Tokyo")
    assert response.status_code == 200
    got = response.json()["data"]["attributes"]
    assert (got["timezone"], got["starts-at"]) == ("Asia/Tokyo", "2027-03-01T09:00:00+00:00")


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ends", ["2027-05-01T09:00:00+02:00", "2027-05-01T06:59:59Z"])
async def test_ends_at_must_be_after_starts_at(client, db, ends):
    user = await make_user(db)
    response = await post(client, user, **{"ends-at": ends})
    assert response.status_code == 422
    assert error_of(response) == {"status": "422", "title": "Invalid attribute",
                                  "detail": "ends-at must be after starts-at.",
                                  "source": {"pointer": "/data/attributes/ends-at"}}


async def test_patch_dates_are_checked_against_the_stored_state(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)  # 2027-03-01T09:00Z .. 2027-03-03T18:00Z
    late_start = await patch(client, owner, event, **{"starts-at": "2027-03-04T00:00:00Z"})
    assert late_start.status_code == 422
    assert pointer(late_start) == "/data/attributes/starts-at"
    early_end = await patch(client, owner, event, **{"ends-at": "2027-02-28T00:00:00Z"})
    assert early_end.status_code == 422
    assert pointer(early_end) == "/data/attributes/ends-at"
    both = await patch(client, owner, event, **{"starts-at": "2027-04-01T00:00:00Z", "ends-at": "2027-04-02T00:00:00Z"})
    assert both.status_code == 200
    stored = (await db.execute(select(Event.starts_at).where(Event.id == event.id))).scalar_one()
    assert stored.isoformat() == "2027-04-01T00:00:00+00:00"


@pytest.mark.parametrize("name", ["starts-at", "ends-at"])
async def test_required_dates(client, db, name):
    user = await make_user(db)
    doc = new_event_doc()
    del doc["data"]["attributes"][name]
    response = await client.post("/v1/events", json=doc, headers=headers_for(user))
    assert response.status_code == 422
    assert pointer(response) == f"/data/attributes/{name}"
    assert pointer(await post(client, user, **{name: None})) == f"/data/attributes/{name}"
    assert pointer(await post(client, user, **{name: "next tuesday"})) == f"/data/attributes/{name}"


async def test_out_of_range_dates_are_422_not_500(client, db):
    user = await make_user(db)
    response = await post(client, user, **{"starts-at": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 422
    assert pointer(response) == "/data/attributes/starts-at"
    response = await post(client, user, **{"ends-at": "9999-12-31T23:59:59-05:00"})
    assert response.status_code == 422
    assert pointer(response) == "/data/attributes/ends-at"


# -- naive datetimes: wall-clock time in the event's timezone ---------------------------------------


async def test_naive_times_are_read_in_the_event_timezone(client, db):
    user = await make_user(db)
    response = await post(client, user, timezone="America/New_York",
                          **{"starts-at": "2027-07-01T09:00:00", "ends-at": "2027-07-01T17:30:00"})
    assert response.status_code == 201, response.text
    got = response.json()["data"]["attributes"]
    assert (got["starts-at"], got["ends-at"]) == ("2027-07-01T13:00:00+00:00", "2027-07-01T21:30:00+00:00")


async def test_naive_patch_uses_the_timezone_sent_with_it_else_the_stored_one(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)  # Europe/Berlin
    stored_tz = await patch(client, owner, event, **{"starts-at": "2027-03-01T08:00:00"})
    assert stored_tz.json()["data"]["attributes"]["starts-at"] == "2027-03-01T07:00:00+00:00"
    new_tz = await patch(client, owner, event, timezone="Asia/Kolkata", **{"starts-at": "2027-03-01T08:00:00"})
    assert new_tz.json()["data"]["attributes"]["starts-at"] == "2027-03-01T02:30:00+00:00"


async def test_naive_time_skipped_by_daylight_saving_is_422(client, db):
    user = await make_user(db)
    response = await post(client, user, timezone="Europe/Berlin",
                          **{"starts-at": "2027-03-28T02:30:00", "ends-at": "2027-03-28T18:00:00"})
    assert response.status_code == 422
    assert pointer(response) == "/data/attributes/starts-at"


async def test_ambiguous_naive_time_takes_the_first_occurrence(client, db):
    user = await make_user(db)
    response = await post(client, user, timezone="Europe/Berlin",
                          **{"starts-at": "2027-10-31T02:30:00", "ends-at": "2027-10-31T18:00:00"})
    assert response.status_code == 201
    assert response.json()["data"]["attributes"]["starts-at"] == "2027-10-31T00:30:00+00:00"


# -- fields ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("attributes", "name"), [
    ({"name": "   "}, "name"),
    ({"name": None}, "name"),
    ({"name": "x" * 501}, "name"),
    ({"name": 42}, "name"),
    ({"latitude": 91}, "latitude"),
    ({"longitude": -180.5}, "longitude"),
    ({"latitude": "nan"}, "latitude"),
    ({"external-event-url": "javascript:alert(1)"}, "external-event-url"),
    ({"logo-url": "/relative.png"}, "logo-url"),
    ({"ticket-url": "https://" + "a" * 3000}, "ticket-url"),
    ({"paypal-email": "not-an-email"}, "paypal-email"),
    ({"payment-currency": "EURO"}, "payment-currency"),
    ({"document-links": [{"name": "x", "link": "ftp://x.org"}]}, "document-links"),
    ({"document-links": ["https://x.org"]}, "document-links"),
    ({"document-links": "https://x.org"}, "document-links"),
    ({"state": "archived"}, "state"),
    ({"state": None}, "state"),
    ({"privacy": "secret"}, "privacy"),
    ({"online": "yes"}, "online"),
    ({"online": None}, "online"),
    ({"owner-name": "a\u0000b"}, "owner-name"),
])
async def test_invalid_fields_are_422_with_pointer(client, db, attributes, name):
    user = await make_user(db)
    response = await post(client, user, **attributes)
    assert response.status_code == 422, response.text
    assert pointer(response) == f"/data/attributes/{name}"


async def test_unknown_attribute_is_422(client, db):
    user = await make_user(db)
    response = await post(client, user, **{"is-super-event": True})
    assert response.status_code == 422
    assert pointer(response) == "/data/attributes/is-super-event"


async def test_wrong_type_is_409(client, db):
    user = await make_user(db)
    doc = new_event_doc()
    doc["data"]["type"] = "events"
    response = await client.post("/v1/events", json=doc, headers=headers_for(user))
    assert response.status_code == 409
    assert pointer(response) == "/data/type"


async def test_html_is_sanitised_with_links_only_where_allowed(client, db):
    user = await make_user(db)
    dirty = '<p onclick="x()">Hi<script>alert(1)</script> <a href="javascript:bad()">a</a> <a href="https://ok.org">b</a></p>'
    response = await post(client, user, description=dirty, **{"code-of-conduct": dirty, "owner-description": dirty})
    got = response.json()["data"]["attributes"]
    with_links = '<p>Hi <a rel="noopener noreferrer nofollow">a</a> <a href="https://ok.org" rel="noopener noreferrer nofollow">b</a></p>'
    assert got["description"] == with_links
    assert got["owner-description"] == with_links
    assert got["code-of-conduct"] == "<p>Hi a b</p>"


# -- admin-only fields ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["is-featured", "is-promoted", "is-demoted"])
async def test_admin_only_flags_are_403_for_organisers(client, db, name):
    owner = await make_user(db, is_verified=True)
    event = await make_event(db, owner=owner)
    response = await patch(client, owner, event, **{name: True})
    assert response.status_code == 403
    assert error_of(response) == {"status": "403", "title": "Access forbidden",
                                  "detail": f"Only admins may change {name}.",
                                  "source": {"pointer": f"/data/attributes/{name}"}}
    created = await post(client, owner, **{name: True})
    assert created.status_code == 403
    assert pointer(created) == f"/data/attributes/{name}"


async def test_admin_only_flags_echoed_unchanged_are_accepted(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, is_featured=True)
    response = await patch(client, owner, event, name="Echo", **{"is-featured": True, "is-promoted": False})
    assert response.status_code == 200, response.text
    assert (await post(client, owner, **{"is-featured": False})).status_code == 201


async def test_admin_sets_admin_only_flags(client, db):
    admin = await make_user(db, is_admin=True)
    event = await make_event(db)
    response = await patch(client, admin, event, **{"is-featured": True, "is-promoted": True, "is-demoted": True})
    assert response.status_code == 200
    got = response.json()["data"]["attributes"]
    assert (got["is-featured"], got["is-promoted"], got["is-demoted"]) == (True, True, True)


async def test_cleared_optional_fields_are_stored_as_null(client, db):
    user = await make_user(db)
    response = await post(client, user, **{"logo-url": "", "ticket-url": "  ", "paypal-email": "",
                                           "payment-currency": ""})
    assert response.status_code == 201, response.text
    got = response.json()["data"]["attributes"]
    assert (got["logo-url"], got["ticket-url"], got["paypal-email"], got["payment-currency"]) == (None, None, None, None)
