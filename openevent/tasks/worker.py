"""`openevent worker`: a Celery worker for this app (scaled mode).

The worker reads the same environment as the API (DATABASE_URL, OPENEVENT_DATABASE_SCHEMA,
TASK_BROKER_URL, OPENEVENT_TASK_QUEUE, STORAGE_URL, S3_*, SECRET_KEY, OPENEVENT_DATA_DIR).
Extra arguments go to `celery worker`, e.g. ["--pool=solo"], ["--concurrency=4"], ["-B"]
(-B also runs the periodic reaper that fails tasks of dead workers).
"""

from __future__ import annotations

import sys

from openevent.core.settings import Settings

from .registry import load_task_modules


def worker_main(argv: list[str] | None = None) -> None:
    settings = Settings.from_env()
    if not settings.task_broker_url:
        sys.exit("TASK_BROKER_URL is not set: without a broker, tasks run inside the API process "
                 "and no worker is needed.")
    load_task_modules(settings)
    from .celery_app import make_celery

    app = make_celery(settings)
    args = list(sys.argv[1:] if argv is None else argv)
    app.worker_main(["worker", f"--queues={settings.task_queue}", "--loglevel=INFO", *args])


if __name__ == "__main__":
    worker_main()
