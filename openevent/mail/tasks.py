"""Background task delivering one mail of the outbox."""

from __future__ import annotations

from openevent.tasks import TaskContext, TaskFailed, task

from .models import FAILED
from .service import deliver_mail


@task("mail.send")
async def send(ctx: TaskContext, mail_id: int) -> dict:
    status = await deliver_mail(ctx.sessionmaker, ctx.settings.data_dir, mail_id)
    if status == FAILED:
        raise TaskFailed(f"Mail {mail_id} could not be delivered; see its error in the outbox.")
    return {"mail_id": mail_id, "status": status or "not queued"}
