"""Pick the storage backend from settings."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from .local import LocalStorage
from .s3 import S3Storage


class StorageConfigError(ValueError):
    pass


def make_storage(settings):
    """LocalStorage(data_dir/files) unless STORAGE_URL is s3://bucket[/prefix] (or file:///dir)."""
    url = settings.storage_url
    parts = urlsplit(url or "")
    if not url or parts.scheme == "file":
        root = Path(parts.path) if url else settings.data_dir / "files"
        return LocalStorage(root, secret_key=settings.secret_key, base_url=settings.base_url)
    if parts.scheme != "s3" or not parts.netloc:
        raise StorageConfigError(f"STORAGE_URL must be s3://bucket[/prefix] or file:///directory (or unset for local files), not {url!r}.")
    return S3Storage(
        parts.netloc,
        prefix=parts.path.strip("/"),
        endpoint_url=settings.s3_endpoint_url,
        region=settings.s3_region,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
    )
