"""Noticing new images without the owning domains calling us: after each flush, an event
whose `original-image-url`, a speaker whose `photo-url` or a user whose `avatar-url` changed
to one of our media URLs queues the signal `media.image_set`; after commit its receiver
starts the variant job. URLs of other sites are ignored (never fetched)."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session, attributes

from openevent.auth.models import User
from openevent.core.signals import APP_STATE, emit_after_commit, signal
from openevent.events.models import Event
from openevent.schedule.models import Speaker

from .service import key_from_url

log = logging.getLogger("openevent.media")

IMAGE_SET = "media.image_set"
WATCHED = {Event: ("original_image_url", "media.event_images", "event_id"),
           Speaker: ("photo_url", "media.speaker_images", "speaker_id"),
           User: ("avatar_url", "media.user_images", "user_id")}


@sa_event.listens_for(Session, "after_flush")
def _images_changed(session: Session, _flush_context: Any) -> None:
    app_state = session.info.get(APP_STATE)
    if app_state is None:  # not a request's session: no task runner to start a job with
        return
    base_url = app_state.settings.base_url
    for obj in list(session.new) + list(session.dirty):
        watched = WATCHED.get(type(obj))
        if watched is None:
            continue
        column, task_name, id_name = watched
        added = attributes.get_history(obj, column).added
        url = added[0] if added else None
        if isinstance(url, str) and key_from_url(base_url, url) is not None:  # only our own files
            emit_after_commit(session, IMAGE_SET, task=task_name, id_name=id_name, row_id=obj.id, url=url)


@signal(IMAGE_SET).connect
async def _start_variants(app_state: Any, *, task: str, id_name: str, row_id: int, url: str) -> None:
    if app_state is None:
        log.info("image set outside a request (%s %s); no variants made", id_name, row_id)
        return
    async with app_state.sessionmaker() as db:
        await app_state.task_runner.enqueue(db, task, owner_id=None, **{id_name: row_id, "url": url})
