"""Resource definitions of the events domain: pages (events and settings follow)."""

from __future__ import annotations

from typing import Literal

from openevent.auth.policy import ADMIN, ANYONE, define_policy
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import ResourceDef, registry

from .models import Page

PAGE = registry.add(ResourceDef(
    type="page",
    model=Page,
    collection="pages",
    attributes=[
        A("name", required=True),
        A("title"),
        A("url", required=True),
        A("description"),
        A("place", Literal["footer", "event"]),
        A("language"),
        A("index", int),
    ],
    default_sort=["index", "id"],
))
define_policy("page", read=(ANYONE,), create=(ADMIN,), update=(ADMIN,), delete=(ADMIN,))
