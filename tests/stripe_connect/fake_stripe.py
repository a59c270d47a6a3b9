"""A local fake of Stripe Connect's token endpoint (POST /oauth/token), over real HTTP."""

from __future__ import annotations

import asyncio
import json
import urllib.parse
from dataclasses import dataclass, field

GOOD_CODE = "ac_good"
CREDENTIALS = {
    "access_token": "sk_test_connected_secret",
    "refresh_token": "rt_connected_refresh",
    "stripe_publishable_key": "pk_test_connected_public",
    "stripe_user_id": "acct_123",
    "livemode": False,
    "scope": "read_write",
    "token_type": "bearer",
}


@dataclass
class FakeStripe:
    requests: list[dict] = field(default_factory=list)
    server: asyncio.AbstractServer | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> "FakeStripe":
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request_line = (await reader.readline()).decode()
        headers = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        form = dict(urllib.parse.parse_qsl(body.decode()))
        method, path, _ = request_line.split(" ", 2)
        self.requests.append({"method": method, "path": path, "form": form})
        if path != "/oauth/token":
            status, answer = 404, {"error": "not_found"}
        elif form.get("code") == GOOD_CODE and form.get("client_secret") == "sk_platform":
            status, answer = 200, CREDENTIALS
        else:
            status, answer = 400, {"error": "invalid_grant",
                                   "error_description": f"Authorization code does not exist: {form.get('code')}"}
        payload = json.dumps(answer).encode()
        writer.write(f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
                     f"Connection: close\r\n\r\n".encode() + payload)
        await writer.drain()
        writer.close()
