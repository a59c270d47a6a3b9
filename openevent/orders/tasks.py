"""Order expiry as a periodic job: in-process (the task runner's periodic loop) and under Celery
beat (the same registry), see openevent.tasks.periodic."""

from __future__ import annotations

import logging

from openevent.tasks.periodic import periodic

from .service import expire_orders

log = logging.getLogger("openevent.orders")


@periodic("orders.expire")
async def expire_open_orders(db, settings) -> int:
    count = await expire_orders(db)
    if count:
        log.info("expired %d order(s) past their payment window", count)
    return count
