"""Objects in an S3-compatible bucket (AWS, MinIO, Ceph, ...), downloaded through presigned URLs."""

from __future__ import annotations

import asyncio
from typing import BinaryIO

from .base import Data, FileMissing
from .keys import filename_of, validate_key


def content_disposition(filename: str) -> str:
    # filenames are made safe (plain ASCII, no quotes) when keys are built
    return f'attachment; filename="{filename}"'


class S3Storage:
    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            config=Config(signature_version="s3v4", retries={"max_attempts": 3, "mode": "standard"}),
        )

    def object_name(self, key: str) -> str:
        validate_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    async def put(self, key: str, data: Data, content_type: str) -> str:
        name = self.object_name(key)
        extra = {"ContentType": content_type, "ContentDisposition": content_disposition(filename_of(key))}
        if isinstance(data, (bytes, bytearray, memoryview)):
            await asyncio.to_thread(self.client.put_object, Bucket=self.bucket, Key=name, Body=bytes(data), **extra)
        else:
            await asyncio.to_thread(self.client.upload_fileobj, data, self.bucket, name, ExtraArgs=extra)
        return key

    async def get(self, key: str) -> bytes:
        return await asyncio.to_thread(lambda: self.open(key).read())

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import ClientError

        try:
            return self.client.get_object(Bucket=self.bucket, Key=self.object_name(key))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise FileMissing(key) from None
            raise

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=self.object_name(key))

    async def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            await asyncio.to_thread(self.client.head_object, Bucket=self.bucket, Key=self.object_name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"NoSuchKey", "404", "NotFound"}:
                return False
            raise
        return True

    def url(self, key: str, *, expires: int) -> str:
        params = {
            "Bucket": self.bucket,
            "Key": self.object_name(key),
            "ResponseContentDisposition": content_disposition(filename_of(key)),
        }
        return self.client.generate_presigned_url("get_object", Params=params, ExpiresIn=int(expires))
