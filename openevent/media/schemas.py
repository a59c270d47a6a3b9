"""event-image-size and speaker-image-size: one row each, public read, admin PATCH."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from openevent.auth.policy import ADMIN, define_policy
from openevent.jsonapi.resource import Attribute as A
from openevent.jsonapi.resource import ResourceDef, registry

from .models import EventImageSize, SpeakerImageSize

Pixels = Annotated[int, Field(ge=1, le=10000)]
Quality = Annotated[int, Field(ge=1, le=100)]


def _box(prefix: str) -> list[A]:
    return [A(f"{prefix}_width", Pixels), A(f"{prefix}_height", Pixels), A(f"{prefix}_aspect", bool),
            A(f"{prefix}_quality", Quality)]


EVENT_IMAGE_SIZE = registry.add(ResourceDef(
    type="event-image-size",
    model=EventImageSize,
    collection="event-image-sizes",
    attributes=[A("type"), *_box("full"), *_box("icon"), *_box("thumbnail"), A("logo_width", Pixels),
                A("logo_height", Pixels)],
))

SPEAKER_IMAGE_SIZE = registry.add(ResourceDef(
    type="speaker-image-size",
    model=SpeakerImageSize,
    collection="speaker-image-sizes",
    attributes=[A("type"),
                A("small_size_width_height", Pixels), A("small_size_quality", Quality),
                A("thumbnail_size_width_height", Pixels), A("thumbnail_size_quality", Quality),
                A("icon_size_width_height", Pixels), A("icon_size_quality", Quality)],
))

define_policy("event-image-size", update=(ADMIN,))
define_policy("speaker-image-size", update=(ADMIN,))
