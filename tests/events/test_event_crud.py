"""Create, read, update, trash, restore and permanently delete events, with exact values."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select

from openevent.auth.models import Role, UsersEventsRoles
from openevent.events import service
from openevent.events.models import Event
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track, speakers_sessions
from openevent.ticketing.models import Ticket

from ..factories import make_event, make_member, make_user
from .helpers import IDENTIFIER, error_of, event_doc, headers_for, new_event_doc, verified_user
from .test_event_queries import child_rows

DEFAULTS = {
    "deleted-at": None, "external-event-url": None, "online": False, "latitude": None, "longitude": None,
    "logo-url": None, "location-name": None, "searchable-location-name": None, "public-stream-link": None,
    "stream-loop": False, "stream-autoplay": False, "description": None, "after-order-message": None,
    "original-image-url": None, "thumbnail-image-url": None, "large-image-url": None, "icon-image-url": None,
    "show-remaining-tickets": False, "owner-name": None, "is-map-shown": False,
    "is-oneclick-signup-enabled": False, "has-owner-info": False, "owner-description": None,
    "is-sessions-speakers-enabled": False, "privacy": "public", "state": "draft", "ticket-url": None,
    "code-of-conduct": None, "schedule-published-on": None, "is-featured": False, "is-promoted": False,
    "is-demoted": False, "is-announced": False, "is-ticket-form-enabled": True, "is-cfs-enabled": False,
    "payment-country": None, "payment-currency": None, "paypal-email": None, "is-tax-enabled": False,
    "is-billing-info-mandatory": False, "is-donation-enabled": False, "is-chat-enabled": False,
    "is-videoroom-enabled": False, "is-document-enabled": False, "document-links": None,
    "chat-room-name": None, "can-pay-by-paypal": False, "can-pay-by-stripe": False,
    "can-pay-by-cheque": False, "can-pay-by-bank": False, "can-pay-by-invoice": False,
    "can-pay-onsite": False, "can-pay-by-omise": False, "can-pay-by-alipay": False,
    "can-pay-by-paytm": False, "cheque-details": None, "invoice-details": None, "bank-details": None,
    "onsite-details": None, "is-sponsors-enabled": False, "pentabarf-url": None, "ical-url": None,
    "xcal-url": None, "refund-policy": None, "is-stripe-linked": False, "is-badges-enabled": True,
}


async def owner_roles(db, event_id: int) -> list[tuple[int, str]]:
    rows = await db.execute(
        select(UsersEventsRoles.user_id, Role.name).join(Role).where(UsersEventsRoles.event_id == event_id)
    )
    return sorted(rows.all())


async def test_create_returns_the_stored_event_with_defaults(client, db):
    user = await make_user(db)
    response = await client.post("/v1/events", json=new_event_doc(), headers=headers_for(user))
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    attributes = dict(data["attributes"])
    assert IDENTIFIER.match(attributes.pop("identifier"))
    created_at = datetime.fromisoformat(attributes.pop("created-at"))
    assert abs((datetime.now(timezone.utc) - created_at).total_seconds()) < 60
    assert attributes == {**DEFAULTS, "name": "PyCon Berlin", "timezone": "Europe/Berlin",
                          "starts-at": "2027-05-01T07:00:00+00:00", "ends-at": "2027-05-03T16:00:00+00:00"}
    assert data["type"] == "event"
    assert data["links"] == {"self": f"/v1/events/{data['id']}"}
    assert response.headers["location"] == f"/v1/events/{data['id']}"
    for name, member in data.get("relationships", {}).items():
        assert member["links"] == {"self": f"/v1/events/{data['id']}/relationships/{name}",
                                   "related": f"/v1/events/{data['id']}/{name}"}
    # the creator is the owner, and reading it back gives the same document
    assert await owner_roles(db, int(data["id"])) == [(user.id, "owner")]
    again = await client.get(f"/v1/events/{data['id']}", headers=headers_for(user))
    assert again.status_code == 200
    assert again.json()["data"] == data


async def test_event_is_addressable_by_id_and_identifier(client, db):
    event = await make_event(db)
    by_id = await client.get(f"/v1/events/{event.id}")
    by_identifier = await client.get(f"/v1/events/{event.identifier}")
    assert by_id.status_code == by_identifier.status_code == 200
    assert by_id.json()["data"] == by_identifier.json()["data"]
    assert by_id.json()["data"]["id"] == str(event.id)
    assert (await client.get("/v1/events/deadbeef")).status_code == 404
    assert (await client.get("/v1/events/" + "9" * 30)).status_code == 404
    assert (await client.get("/v1/events/" + "a" * 30)).status_code == 404


async def test_create_with_all_writable_members(client, db):
    user = await verified_user(db)
    attributes = {
        "state": "published", "privacy": "private", "online": True, "latitude": 52.52, "longitude": 13.405,
        "location-name": "bcc Berlin", "external-event-url": "https://example.org/pycon",
        "description": "<p>Hello <a href=\"https://example.org\">world</a></p>",
        "payment-currency": "eur", "paypal-email": " billing@example.org ",
        "document-links": [{"name": "Guide", "link": "https://example.org/guide.pdf"}],
        "is-ticket-form-enabled": False, "can-pay-by-bank": True, "bank-details": "IBAN DE00",
        "schedule-published-on": "2027-04-01T10:00:00Z",
    }
    response = await client.post("/v1/events", json=new_event_doc(**attributes), headers=headers_for(user))
    assert response.status_code == 201, response.text
    got = response.json()["data"]["attributes"]
    assert {k: got[k] for k in attributes} == {
        **attributes,
        "description": '<p>Hello <a href="https://example.org" rel="noopener noreferrer nofollow">world</a></p>',
        "payment-currency": "EUR", "paypal-email": "billing@example.org",
        "schedule-published-on": "2027-04-01T10:00:00+00:00",
    }


async def test_update_changes_only_sent_members(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, state="draft", location_name="Old hall")
    response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(owner),
                                  json=event_doc(event.id, name="Renamed", **{"is-map-shown": True}))
    assert response.status_code == 200, response.text
    got = response.json()["data"]["attributes"]
    assert (got["name"], got["is-map-shown"], got["location-name"], got["identifier"]) == (
        "Renamed", True, "Old hall", event.identifier)
    stored = (await db.execute(select(Event.name, Event.is_map_shown).where(Event.id == event.id))).one()
    assert tuple(stored) == ("Renamed", True)


async def test_update_by_identifier_url_uses_the_numeric_id_in_the_body(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.patch(f"/v1/events/{event.identifier}", headers=headers_for(owner),
                                  json=event_doc(event.id, name="By identifier"))
    assert response.status_code == 200, response.text
    mismatch = await client.patch(f"/v1/events/{event.identifier}", headers=headers_for(owner),
                                  json=event_doc(event.identifier, name="x"))
    assert mismatch.status_code == 409
    assert error_of(mismatch)["source"] == {"pointer": "/data/id"}


async def test_read_only_members_echoed_back_are_ignored(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    echo = {"identifier": "00000000", "created-at": "2000-01-01T00:00:00Z", "is-stripe-linked": True,
            "thumbnail-image-url": "https://evil.example/x.png", "chat-room-name": "x", "ical-url": "https://x.org"}
    response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(owner), json=event_doc(event.id, **echo))
    assert response.status_code == 200, response.text
    got = response.json()["data"]["attributes"]
    assert got["identifier"] == event.identifier
    assert (got["is-stripe-linked"], got["thumbnail-image-url"], got["chat-room-name"], got["ical-url"]) == (
        False, None, None, None)


async def test_failed_update_saves_nothing(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(owner),
                                  json=event_doc(event.id, name="Half", timezone="Mars/Olympus"))
    assert response.status_code == 422
    name = (await db.execute(select(Event.name).where(Event.id == event.id))).scalar_one()
    assert name == event.name


async def test_failed_create_saves_nothing(client, db):
    user = await make_user(db)  # not verified: may not publish
    response = await client.post("/v1/events", json=new_event_doc(state="published"), headers=headers_for(user))
    assert response.status_code == 403
    assert error_of(response)["source"] == {"pointer": "/data/attributes/state"}
    assert (await db.execute(select(func.count()).select_from(Event))).scalar_one() == 0
    assert (await db.execute(select(func.count()).select_from(UsersEventsRoles))).scalar_one() == 0


async def test_unverified_user_creates_draft_and_cannot_publish_it(client, db):
    user = await make_user(db)
    created = await client.post("/v1/events", json=new_event_doc(), headers=headers_for(user))
    assert created.status_code == 201
    event_id = created.json()["data"]["id"]
    publish = await client.patch(f"/v1/events/{event_id}", headers=headers_for(user),
                                 json=event_doc(event_id, state="published"))
    assert publish.status_code == 403
    assert error_of(publish) == {"status": "403", "title": "Access forbidden",
                                 "detail": "Verify your email address before publishing an event.",
                                 "source": {"pointer": "/data/attributes/state"}}


async def test_verified_coorganizer_publishes_and_unpublishes(client, db):
    event = await make_event(db, state="draft")
    coorganizer = await make_member(db, event, "coorganizer", is_verified=True)
    for state in ("published", "draft"):
        response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(coorganizer),
                                      json=event_doc(event.id, state=state))
        assert response.status_code == 200, response.text
        assert response.json()["data"]["attributes"]["state"] == state


async def test_unverified_organizer_may_edit_an_already_published_event(client, db):
    event = await make_event(db, state="published")
    organizer = await make_member(db, event, "organizer")
    response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(organizer),
                                  json=event_doc(event.id, state="published", name="Still published"))
    assert response.status_code == 200, response.text


# -- trash, restore, permanent delete ----------------------------------------------------------


async def test_delete_moves_to_trash_and_get_trashed_shows_it_to_the_team(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    stranger = await make_user(db)
    response = await client.delete(f"/v1/events/{event.id}", headers=headers_for(owner))
    assert response.status_code == 200
    assert response.json() == {"meta": {"message": "Object successfully deleted"}, "jsonapi": {"version": "1.0"}}
    deleted_at = (await db.execute(select(Event.deleted_at).where(Event.id == event.id))).scalar_one()
    assert deleted_at is not None
    assert (await client.get(f"/v1/events/{event.id}")).status_code == 404
    assert (await client.get(f"/v1/events/{event.id}", headers=headers_for(owner))).status_code == 404
    trashed = await client.get(f"/v1/events/{event.id}?get_trashed=true", headers=headers_for(owner))
    assert trashed.status_code == 200
    assert trashed.json()["data"]["attributes"]["deleted-at"] == deleted_at.isoformat()
    listed = await client.get("/v1/events?get_trashed=true", headers=headers_for(owner))
    assert [d["id"] for d in listed.json()["data"]] == [str(event.id)]
    assert (await client.get("/v1/events", headers=headers_for(owner))).json()["data"] == []
    for who in (None, stranger):
        hidden = await client.get(f"/v1/events/{event.id}?get_trashed=true", headers=headers_for(who))
        assert hidden.status_code == 404
        assert (await client.get("/v1/events?get_trashed=true", headers=headers_for(who))).json()["meta"] == {"count": 0}


async def test_get_trashed_does_not_reveal_other_teams_trash(client, db):
    owner = await make_user(db)
    mine = await make_event(db, owner=owner)
    other = await make_event(db, deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    listed = await client.get("/v1/events?get_trashed=true", headers=headers_for(owner))
    assert [d["id"] for d in listed.json()["data"]] == [str(mine.id)]
    assert (await client.get(f"/v1/events/{other.id}?get_trashed=true", headers=headers_for(owner))).status_code == 404


async def test_admin_sees_all_trash(client, db):
    admin = await make_user(db, is_admin=True)
    other = await make_event(db, deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert (await client.get(f"/v1/events/{other.id}?get_trashed=true", headers=headers_for(admin))).status_code == 200
    assert (await client.get(f"/v1/events/{other.id}", headers=headers_for(admin))).status_code == 404


async def test_restore_by_patching_deleted_at_null(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    response = await client.patch(f"/v1/events/{event.id}?get_trashed=true", headers=headers_for(owner),
                                  json=event_doc(event.id, **{"deleted-at": None}))
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["deleted-at"] is None
    assert (await client.get(f"/v1/events/{event.id}")).status_code == 200


async def test_patch_echoing_deleted_at_of_trashed_event_keeps_it_trashed(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    response = await client.patch(f"/v1/events/{event.id}?get_trashed=true", headers=headers_for(owner),
                                  json=event_doc(event.id, name="Edited in trash",
                                                 **{"deleted-at": "2026-01-01T00:00:00+00:00"}))
    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["deleted-at"] == "2026-01-01T00:00:00+00:00"


async def test_deleted_at_cannot_be_set_by_patch_or_post(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.patch(f"/v1/events/{event.id}", headers=headers_for(owner),
                                  json=event_doc(event.id, **{"deleted-at": "2026-01-01T00:00:00Z"}))
    assert response.status_code == 422
    assert error_of(response)["source"] == {"pointer": "/data/attributes/deleted-at"}
    assert (await db.execute(select(Event.deleted_at).where(Event.id == event.id))).scalar_one() is None
    created = await client.post("/v1/events", headers=headers_for(owner),
                                json=new_event_doc(**{"deleted-at": "2026-01-01T00:00:00Z"}))
    assert created.status_code == 422
    assert error_of(created)["source"] == {"pointer": "/data/attributes/deleted-at"}


async def test_hard_delete_needs_the_trash_first(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.delete(f"/v1/events/{event.id}?permanent=true", headers=headers_for(owner))
    assert response.status_code == 409
    assert error_of(response)["source"] == {"parameter": "permanent"}
    assert (await db.execute(select(func.count()).select_from(Event))).scalar_one() == 1


async def test_owner_hard_deletes_a_trashed_event_with_its_children(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    for type_name in ("ticket", "track", "microlocation", "session-type", "session"):
        db.add_all(child_rows(type_name, event, 2))  # sessions come with speakers
    await db.commit()
    response = await client.delete(f"/v1/events/{event.id}?permanent=true&get_trashed=true",
                                   headers=headers_for(owner))
    assert response.status_code == 200, response.text
    for model in (Event, Ticket, UsersEventsRoles, Track, Microlocation, SessionType, Session, Speaker):
        assert (await db.execute(select(func.count()).select_from(model))).scalar_one() == 0, model
    assert (await db.execute(select(func.count()).select_from(speakers_sessions))).scalar_one() == 0


async def test_hard_delete_refused_while_a_blocker_objects(client, db, monkeypatch):
    owner = await make_user(db)
    event = await make_event(db, owner=owner, deleted_at=datetime(2026, 1, 1, tzinfo=timezone.utc))

    async def has_orders(_db, _event):
        return "it has orders"

    monkeypatch.setattr(service, "HARD_DELETE_BLOCKERS", [has_orders])
    response = await client.delete(f"/v1/events/{event.id}?permanent=true&get_trashed=true",
                                   headers=headers_for(owner))
    assert response.status_code == 409
    assert error_of(response) == {"status": "409", "title": "Conflict",
                                  "detail": "This event cannot be deleted permanently: it has orders.",
                                  "source": {"parameter": "permanent"}}
    assert (await db.execute(select(func.count()).select_from(Event))).scalar_one() == 1


async def test_invalid_permanent_flag_is_400(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    response = await client.delete(f"/v1/events/{event.id}?permanent=yes", headers=headers_for(owner))
    assert response.status_code == 400
    assert error_of(response)["source"] == {"parameter": "permanent"}


async def test_deleting_a_trashed_event_again_keeps_the_first_date(client, db):
    owner = await make_user(db)
    when = datetime(2026, 1, 1, tzinfo=timezone.utc)
    event = await make_event(db, owner=owner, deleted_at=when)
    response = await client.delete(f"/v1/events/{event.id}?get_trashed=true", headers=headers_for(owner))
    assert response.status_code == 200
    assert (await db.execute(select(Event.deleted_at).where(Event.id == event.id))).scalar_one() == when


async def test_failure_after_the_insert_rolls_the_event_back(client, db, monkeypatch):
    """The identifier savepoint must nest (SQLite too): a later failure leaves no event behind."""
    from openevent.jsonapi.errors import JsonApiError

    async def refuse(*_args, **_kwargs):
        raise JsonApiError(409, "owner could not be recorded")

    monkeypatch.setattr(service, "grant_event_role", refuse)
    user = await make_user(db)
    response = await client.post("/v1/events", json=new_event_doc(), headers=headers_for(user))
    assert response.status_code == 409
    assert (await db.execute(select(func.count()).select_from(Event))).scalar_one() == 0
