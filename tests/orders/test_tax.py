"""The event's tax resource: organisers set it once, checkout applies it while tax is enabled."""

import pytest

from ..factories import auth_header, make_member, make_user
from . import factories as f

JSONAPI = "application/vnd.api+json"


def tax_doc(attributes, event=None, id_=None):
    data = {"type": "tax", "attributes": attributes}
    if id_ is not None:
        data["id"] = str(id_)
    if event is not None:
        data["relationships"] = {"event": {"data": {"type": "event", "id": str(event.id)}}}
    return {"data": data}


async def test_organiser_sets_the_tax_and_checkout_adds_it(client, db):
    event = await f.selling_event(db, is_tax_enabled=True)
    owner = await make_member(db, event, "owner")
    ticket = await f.add(db, f.ticket(event, price="100.00"))
    headers = {"Content-Type": JSONAPI, **auth_header(owner)}
    created = await client.post("/v1/taxes", json=tax_doc({"name": "VAT", "rate": 19}, event), headers=headers)
    assert created.status_code == 201, created.text
    again = await client.post("/v1/taxes", json=tax_doc({"name": "VAT", "rate": 7}, event), headers=headers)
    assert f.error_of(again, 409)["source"] == {"pointer": "/data/relationships/event"}
    public = await client.get(f"/v1/events/{event.id}/tax")
    assert public.json()["data"]["attributes"]["rate"] == 19.0
    summary = (await f.calculate(client, {"tickets": [{"id": ticket.id, "quantity": 1}]})).json()
    assert (summary["amount"], summary["tax"]["amount"]) == ("119.00", "19.00")
    tax_id = created.json()["data"]["id"]
    patched = await client.patch(f"/v1/taxes/{tax_id}", json=tax_doc({"is-tax-included-in-price": True}, id_=tax_id),
                                 headers=headers)
    assert patched.status_code == 200, patched.text
    summary = (await f.calculate(client, {"tickets": [{"id": ticket.id, "quantity": 1}]})).json()
    assert (summary["amount"], summary["tax"]["amount"]) == ("100.00", "15.97")


@pytest.mark.parametrize("rate", [-1, 101, "NaN"])
async def test_rate_is_a_percentage(client, db, rate):
    event = await f.selling_event(db)
    owner = await make_member(db, event, "owner")
    response = await client.post("/v1/taxes", json=tax_doc({"name": "VAT", "rate": rate}, event),
                                 headers={"Content-Type": JSONAPI, **auth_header(owner)})
    assert f.error_of(response, 422)["source"] == {"pointer": "/data/attributes/rate"}


async def test_only_organisers_set_taxes(client, db):
    event = await f.selling_event(db)
    for user in (await make_member(db, event, "registrar"), await make_user(db)):
        response = await client.post("/v1/taxes", json=tax_doc({"name": "VAT", "rate": 5}, event),
                                     headers={"Content-Type": JSONAPI, **auth_header(user)})
        assert response.status_code == 403
