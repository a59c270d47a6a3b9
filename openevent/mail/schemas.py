"""The outbox as a read-only resource for admins (Open Event's `mail`: recipient, action, subject, message)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import false

from openevent.auth.policy import ADMIN, define_policy
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import ResourceDef, registry

from .models import Mail


def admins_only(ctx):
    return None if ctx.actor.is_staff else false()


MAIL = registry.add(ResourceDef(
    type="mail",
    model=Mail,
    collection="mails",
    attributes=[
        A("recipient", read_only=True),
        A("kind", name="action", read_only=True),
        A("subject", read_only=True),
        A("body", name="message", read_only=True, filterable=False, sortable=False),
        A("created_at", datetime, name="time", read_only=True),
        A("status", read_only=True),
        A("sent_at", datetime, read_only=True),
        A("error", read_only=True, filterable=False, sortable=False),
    ],
    default_sort=["-time"],
    visible=admins_only,
))
define_policy("mail", list=(ADMIN,), test=(ADMIN,))
