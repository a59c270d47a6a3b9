"""Files on the local disk under <data_dir>/files, downloaded through signed links."""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from .base import Data, FileMissing
from .keys import validate_key
from .signing import sign_key

DOWNLOAD_PATH = "/v1/downloads/"


class LocalStorage:
    def __init__(self, root: Path, *, secret_key: str, base_url: str) -> None:
        self.root = Path(root).resolve()
        self.secret_key = secret_key
        self.base_url = base_url.rstrip("/")

    def path(self, key: str) -> Path:
        """The file of a key; refuses anything that would leave the storage root."""
        path = (self.root / validate_key(key)).resolve()
        if not path.is_relative_to(self.root):
            raise FileMissing(key)
        return path

    async def put(self, key: str, data: Data, content_type: str) -> str:
        await asyncio.to_thread(self._write, self.path(key), data)
        return key

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(self._read, self.path(key))

    def open(self, key: str) -> BinaryIO:
        try:
            return self.path(key).open("rb")
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise FileMissing(key) from None

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.path(key).unlink, missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self.path(key).is_file)

    def url(self, key: str, *, expires: int) -> str:
        return f"{self.base_url}{DOWNLOAD_PATH}{sign_key(self.secret_key, validate_key(key), expires=expires)}"

    @staticmethod
    def _write(path: Path, data: Data) -> None:
        """Write to a temporary file and rename it, so readers never see half a file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                if isinstance(data, (bytes, bytearray, memoryview)):
                    out.write(data)
                else:
                    shutil.copyfileobj(data, out)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise FileMissing(str(path)) from None
