"""Orders announce order.changed after commit: created, moved by the status machine, expired.
The buyer is mailed once an order is completed."""

from datetime import timedelta

from sqlalchemy import select, update

from openevent.core import signals
from openevent.core.db import utcnow
from openevent.mail.models import Mail
from openevent.orders.models import Order
from openevent.orders.service import expire_orders

from .test_order_lifecycle import bought, patch_order


async def test_creating_and_completing_an_order_announce_each_change_and_mail_the_buyer(client, db):
    with signals.captured("order.changed") as seen:
        event, owner, _ticket, buyer, data = await bought(client, db)
        await signals.drain()
        order_id = int(data["id"])
        response = await patch_order(client, data["attributes"]["identifier"], data["id"], {"status": "completed"},
                                     owner)
        assert response.status_code == 200, response.text
        await signals.drain()
    assert seen == [
        ("order.changed", {"event_id": event.id, "order_id": order_id, "status": "initializing", "previous_status": None}),
        ("order.changed", {"event_id": event.id, "order_id": order_id, "status": "completed",
                           "previous_status": "initializing"}),
    ]
    await signals.drain()
    assert (await db.execute(select(Mail.recipient, Mail.kind))).all() == [(buyer.email, "order_confirmed")]


async def test_a_refused_move_announces_nothing(client, db):
    _event, _owner, _ticket, buyer, data = await bought(client, db)
    with signals.captured("order.changed") as seen:
        response = await patch_order(client, data["attributes"]["identifier"], data["id"], {"status": "completed"},
                                     buyer)
        assert response.status_code == 422
        await signals.drain()
    assert seen == []


async def test_expiry_announces_every_expired_order(client, db):
    event, _owner, _ticket, _buyer, data = await bought(client, db)
    await db.execute(update(Order).values(expires_at=utcnow() - timedelta(minutes=1)))
    await db.commit()
    with signals.captured("order.changed") as seen:
        assert await expire_orders(db) == 1
        await signals.drain()
    assert seen == [("order.changed", {"event_id": event.id, "order_id": int(data["id"]), "status": "expired",
                                       "previous_status": None})]
