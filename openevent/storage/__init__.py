"""File storage behind one interface: local disk (default) or an S3-compatible bucket.

    storage = make_storage(settings)
    key = await storage.put(export_key(event_id, task_id, "schedule.ics"), data, "text/calendar")
    url = storage.url(key, expires=900)   # signed /v1/downloads/<token> link, or an S3 presigned URL

Keys are built by the server (see keys.py), never taken from a client.
"""

from .base import FileMissing, Storage
from .factory import make_storage
from .keys import InvalidKey, export_key, job_key, safe_filename

__all__ = ["FileMissing", "InvalidKey", "Storage", "export_key", "job_key", "make_storage", "safe_filename"]
