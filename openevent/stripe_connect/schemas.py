"""The stripe-authorization resource: only `stripe-publishable-key` is ever shown;
`stripe-auth-code` is write-only (create)."""

from __future__ import annotations

from openevent.auth.context import RequestContext
from openevent.auth.policy import ADMIN, ORGANIZER, define_policy
from openevent.events.schemas import EVENT
from openevent.events.visibility import visible_event_ids
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import Relationship as R
from openevent.jsonapi.resource import ResourceDef, registry

from .models import StripeAuthorization


def authorization_visible(ctx: RequestContext):
    """Readable with its event: buyers' checkout pages need the publishable key."""
    if ctx.actor.is_staff:
        return None
    return StripeAuthorization.event_id.in_(visible_event_ids(ctx))


STRIPE_AUTHORIZATION = registry.add(ResourceDef(
    type="stripe-authorization",
    model=StripeAuthorization,
    collection="stripe-authorizations",
    attributes=[
        A("stripe_auth_code", write_only=True, required=True, create_only=True),
        A("stripe_publishable_key", read_only=True),
    ],
    relationships=[R("event", "event", writable=True, required=True)],
    visible=authorization_visible,
))
define_policy("stripe-authorization", create=(ADMIN, ORGANIZER), delete=(ADMIN, ORGANIZER))

EVENT.add_relationship(R("stripe_authorization", "stripe-authorization"))
