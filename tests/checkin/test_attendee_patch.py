"""The check-in members of PATCH /v1/attendees/{id} (Open Event organiser frontend), through the hook
the attendee writer calls; rows are recorded and the cached strings are recomputed from them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from openevent.auth.context import Actor, RequestContext
from openevent.checkin.models import CheckIn
from openevent.checkin.writers import patch_attendee_checkin
from openevent.jsonapi.errors import JsonApiError
from openevent.orders.hooks import ATTENDEE_PATCH_HOOKS, CHECKIN_MEMBERS
from openevent.orders.models import Attendee

from ..factories import make_user
from . import factories as f


def ctx_for(user_id, event_id, role: str | None = "registrar") -> RequestContext:
    roles = {event_id: frozenset({role})} if role else {}
    return RequestContext(actor=Actor(user_id=user_id, event_roles=roles), settings=None)


@pytest.fixture
async def world(db):
    owner = await make_user(db)
    event = await f.event_now(db, owner=owner)
    a = await f.attendee(db, event)
    return owner, event, a


async def patch(db, ctx, attendee_id, values):
    attendee = await db.get(Attendee, attendee_id, populate_existing=True)
    await patch_attendee_checkin(db, ctx, attendee, values)
    await db.commit()
    return await db.get(Attendee, attendee_id, populate_existing=True)


async def recorded(db) -> list[tuple]:
    rows = (await db.execute(select(CheckIn).order_by(CheckIn.scanned_at, CheckIn.id)
                             .execution_options(populate_existing=True))).scalars()
    return [(r.direction, r.is_registration, r.source, r.device_name) for r in rows]


def test_the_hook_claims_every_check_in_member():
    import openevent.checkin.api  # noqa: F401

    assert {name: ATTENDEE_PATCH_HOOKS.get(name) for name in CHECKIN_MEMBERS} == {
        name: patch_attendee_checkin for name in CHECKIN_MEMBERS}


async def test_check_in_with_times_and_device_names_then_echo_is_a_no_op(db, world):
    owner, event, a = world
    t1 = f.now() - timedelta(hours=2)
    t2 = f.now() - timedelta(hours=1)
    ctx = ctx_for(owner.id, event.id)
    after = await patch(db, ctx, a.id, {"is-checked-in": True, "checkin-times": f"{f.iso(t1)},{f.iso(t2)}",
                                        "device-name-checkin": "Door A,Door B"})
    assert (after.is_checked_in, after.checkin_times, after.device_name_checkin) == (
        True, f"{t1.isoformat()},{t2.isoformat()}", "Door A,Door B")
    # the frontend sends the accumulated string again plus one new time: only the new one is recorded
    t3 = f.now() - timedelta(minutes=5)
    after = await patch(db, ctx, a.id, {"is-checked-in": True,
                                        "checkin-times": f"{f.iso(t1)},{f.iso(t2)},{f.iso(t3)}",
                                        "device-name-checkin": "Door A,Door B,Door C"})
    assert after.device_name_checkin == "Door A,Door B,Door C"
    assert len(await recorded(db)) == 3
    # an echo of the whole attendee by a user without check-in rights changes nothing and is accepted
    stranger = ctx_for(owner.id + 1000, event.id, role=None)
    await patch(db, stranger, a.id, {"is-checked-in": True, "checkin-times": after.checkin_times,
                                     "is-checked-out": False, "is-registered": False})
    assert len(await recorded(db)) == 3


async def test_uncheck_and_checkout_record_exits_now(db, world):
    owner, event, a = world
    ctx = ctx_for(owner.id, event.id)
    await patch(db, ctx, a.id, {"is-checked-in": True, "checkin-times": f.iso(f.now() - timedelta(minutes=9))})
    after = await patch(db, ctx, a.id, {"is-checked-in": False})
    assert (after.is_checked_in, after.is_checked_out) == (False, True)
    assert after.checkout_times is not None
    after = await patch(db, ctx, a.id, {"is-checked-out": True})  # not checked in: nothing more to record
    assert await recorded(db) == [("entry", False, "patch", None), ("exit", False, "patch", None)]
    after = await patch(db, ctx, a.id, {"is-registered": True, "is-badge-printed": True})
    assert (after.is_registered, after.is_badge_printed) == (True, True)
    assert after.badge_printed_at is not None


@pytest.mark.parametrize("values, member", [
    ({"is-checked-in": True}, "checkin-times"),
    ({"is-checked-in": "yes", "checkin-times": "2026-01-01T00:00:00Z"}, "is-checked-in"),
    ({"is-checked-in": True, "checkin-times": "soon"}, "checkin-times"),
    ({"is-checked-in": True, "checkin-times": "2026-01-01T00:00:00"}, "checkin-times"),
    ({"is-checked-in": True, "checkin-times": "2999-01-01T00:00:00Z"}, "checkin-times"),
    ({"is-checked-in": True, "checkin-times": 12}, "checkin-times"),
    ({"checkout-times": ["2026-01-01T00:00:00Z"]}, "checkout-times"),
    ({"is-checked-in": True, "checkin-times": "2026-01-01T00:00:00Z,2026-01-01T01:00:00Z",
      "device-name-checkin": "a,b,c"}, "device-name-checkin"),
    ({"device-name-checkin": 5}, "device-name-checkin"),
])
async def test_bad_check_in_members_are_422_with_a_pointer(db, world, values, member):
    owner, event, a = world
    attendee = await db.get(Attendee, a.id)
    with pytest.raises(JsonApiError) as error:
        await patch_attendee_checkin(db, ctx_for(owner.id, event.id), attendee, values)
    assert (error.value.status, error.value.pointer) == (422, f"/data/attributes/{member}")
    await db.rollback()
    assert await recorded(db) == []


async def test_registration_cannot_be_undone(db, world):
    owner, event, a = world
    ctx = ctx_for(owner.id, event.id)
    await patch(db, ctx, a.id, {"is-registered": True})
    attendee = await db.get(Attendee, a.id)
    with pytest.raises(JsonApiError) as error:
        await patch_attendee_checkin(db, ctx, attendee, {"is-registered": False})
    assert error.value.pointer == "/data/attributes/is-registered"


@pytest.mark.parametrize("role, allowed", [(None, False), ("attendee", False), ("moderator", False),
                                           ("track_organizer", False), ("registrar", True), ("coorganizer", True),
                                           ("organizer", True), ("owner", True)])
async def test_only_check_in_staff_may_change_check_in_state(db, world, role, allowed):
    owner, event, a = world
    attendee = await db.get(Attendee, a.id)
    values = {"is-checked-in": True, "checkin-times": f.iso(f.now())}
    ctx = ctx_for((await make_user(db)).id, event.id, role=role)
    if allowed:
        await patch_attendee_checkin(db, ctx, attendee, values)
        await db.commit()
        assert len(await recorded(db)) == 1
    else:
        with pytest.raises(JsonApiError) as error:
            await patch_attendee_checkin(db, ctx, attendee, values)
        assert error.value.status == 403
        await db.rollback()
        assert await recorded(db) == []


# -- through the attendee resource (the orders domain's writer calls the hook) ------------------

async def http_patch(client, attendee_id, attributes, user):
    from ..factories import auth_header

    body = {"data": {"type": "attendee", "id": str(attendee_id), "attributes": attributes}}
    return await client.patch(f"/v1/attendees/{attendee_id}", json=body,
                              headers={"Content-Type": "application/vnd.api+json", **auth_header(user)})


async def test_patch_attendee_over_http_records_rows_and_answers_the_derived_state(client, db, world):
    from ..factories import make_member

    owner, event, a = world
    registrar = await make_member(db, event, "registrar")
    t1 = f.now() - timedelta(minutes=20)
    response = await http_patch(client, a.id, {"is-checked-in": True, "checkin-times": f.iso(t1),
                                               "device-name-checkin": "North door"}, registrar)
    assert response.status_code == 200, response.text
    attrs = response.json()["data"]["attributes"]
    assert (attrs["is-checked-in"], attrs["checkin-times"], attrs["device-name-checkin"]) == (
        True, t1.isoformat(), "North door")
    out = await http_patch(client, a.id, {"is-checked-out": True}, registrar)
    assert out.status_code == 200, out.text
    assert (out.json()["data"]["attributes"]["is-checked-in"], out.json()["data"]["attributes"]["is-checked-out"]) == (
        False, True)
    assert [r[0] for r in await recorded(db)] == ["entry", "exit"]


async def test_patch_attendee_check_in_by_the_buyer_is_refused(client, db, world):
    owner, event, a = world
    buyer = await make_user(db)
    order = await db.get(Attendee, a.id)
    from openevent.orders.models import Order

    (await db.get(Order, order.order_id)).user_id = buyer.id
    await db.commit()
    refused = await http_patch(client, a.id, {"is-checked-in": True, "checkin-times": f.iso(f.now())}, buyer)
    assert refused.status_code in (403, 404), refused.text
    assert await recorded(db) == []
