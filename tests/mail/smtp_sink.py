"""A tiny real SMTP server for the tests (asyncio, no dependencies): it speaks enough ESMTP
(EHLO/HELO, AUTH PLAIN, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) for smtplib
and keeps what it received."""

from __future__ import annotations

import asyncio
import base64
import email
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: Message
    auth: str | None


@dataclass
class SmtpSink:
    received: list[Received] = field(default_factory=list)
    server: asyncio.AbstractServer | None = None
    port: int = 0

    async def start(self) -> "SmtpSink":
        self.server = await asyncio.start_server(self._session, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def reply(text: str) -> None:
            writer.write(text.encode() + b"\r\n")

        reply("220 sink ESMTP ready")
        sender, recipients, auth = "", [], None
        try:
            while line := await reader.readline():
                command = line.decode().rstrip("\r\n")
                verb = command.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    reply("250-sink greets you")
                    reply("250-AUTH PLAIN")
                    reply("250 8BITMIME")
                elif verb == "HELO":
                    reply("250 sink")
                elif verb == "AUTH":
                    auth = base64.b64decode(command.split(" ")[2]).decode()
                    reply("235 2.7.0 Authentication successful")
                elif verb == "MAIL":
                    sender = command.split(":", 1)[1].strip().split(" ")[0].strip("<>")
                    reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    await writer.drain()
                    lines = []
                    while (data := await reader.readline()) not in (b".\r\n", b""):
                        lines.append(data[1:] if data.startswith(b"..") else data)
                    self.received.append(Received(sender, recipients, email.message_from_bytes(b"".join(lines)), auth))
                    sender, recipients = "", []
                    reply("250 OK queued")
                elif verb in ("RSET", "NOOP"):
                    reply("250 OK")
                elif verb == "QUIT":
                    reply("221 Bye")
                    await writer.drain()
                    break
                else:
                    reply("502 Command not implemented")
                await writer.drain()
        finally:
            writer.close()
