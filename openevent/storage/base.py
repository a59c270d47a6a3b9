"""The storage interface every backend implements."""

from __future__ import annotations

from typing import BinaryIO, Protocol

Data = bytes | BinaryIO


class FileMissing(Exception):
    """No object is stored under the key."""


class Storage(Protocol):
    async def put(self, key: str, data: Data, content_type: str) -> str:
        """Store bytes (or a binary file object) under key; returns the key."""

    async def get(self, key: str) -> bytes:
        """The whole content; raises FileMissing."""

    def open(self, key: str) -> BinaryIO:
        """A blocking binary stream of the content (call it in a thread); raises FileMissing."""

    async def delete(self, key: str) -> None:
        """Remove the object; a missing one is not an error."""

    async def exists(self, key: str) -> bool: ...

    def url(self, key: str, *, expires: int) -> str:
        """A short-lived absolute URL that downloads the object as an attachment."""
