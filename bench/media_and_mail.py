"""Figures for the media and mail domains (no assertions; numbers depend on the machine).

- upload sniffing: time to accept a 2600x1000 PNG and JPEG (decode once, Pillow);
- variants: time to make the four event variants (original, large, thumbnail, icon) of that image;
- bomb refusal: time to refuse a PNG whose header claims 100,000 x 100,000 pixels;
- mail: mails per second delivered to the outbox mbox file and to a local SMTP sink.

    .venv/bin/python bench/media_and_mail.py [--repeat 5] [--mails 200]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image  # noqa: E402

from openevent.media.images import BadImage, Variant, make_variants, sniff  # noqa: E402
from openevent.mail import transport  # noqa: E402


def photo_like(fmt: str, size=(2600, 1000)) -> bytes:
    image = Image.radial_gradient("L").resize(size).convert("RGB")
    noise = Image.frombytes("RGB", (size[0] // 10, size[1] // 10), os.urandom(size[0] // 10 * size[1] // 10 * 3))
    image = Image.blend(image, noise.resize(size), 0.3)
    out = io.BytesIO()
    image.save(out, fmt)
    return out.getvalue()


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1, 1)).save(out, "PNG")
    data = bytearray(out.getvalue())
    ihdr = struct.pack(">II", 100_000, 100_000) + bytes(data[24:29])
    data[16:29] = ihdr
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + ihdr))
    return bytes(data)


def timed(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


async def smtp_sink():
    async def session(reader, writer):
        writer.write(b"220 sink\r\n")
        while line := await reader.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                writer.write(b"354 go\r\n")
                while (await reader.readline()) not in (b".\r\n", b""):
                    pass
                writer.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                writer.write(b"221 bye\r\n")
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    return await asyncio.start_server(session, "127.0.0.1", 0)


async def mail_rates(count: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        config = transport.MailConfig()
        message = transport.build_message(config, to="a@example.com", subject="Bench", body="Hello\n" * 20)
        start = time.perf_counter()
        for _ in range(count):
            await asyncio.to_thread(transport.deliver, config, message, Path(tmp))
        outbox = count / (time.perf_counter() - start)
    server = await smtp_sink()
    port = server.sockets[0].getsockname()[1]
    config = transport.MailConfig(host="127.0.0.1", port=port)
    start = time.perf_counter()
    for _ in range(count):
        await asyncio.to_thread(transport.deliver, config, message, Path("."))
    smtp = count / (time.perf_counter() - start)
    server.close()
    return outbox, smtp


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--mails", type=int, default=200)
    args = parser.parse_args()
    png, jpeg = photo_like("PNG"), photo_like("JPEG")
    print(f"test image 2600x1000: PNG {len(png) / 1024:.0f} KiB, JPEG {len(jpeg) / 1024:.0f} KiB")
    print(f"sniff PNG (decode once):  {timed(lambda: sniff(png), args.repeat):7.1f} ms")
    print(f"sniff JPEG (decode once): {timed(lambda: sniff(jpeg), args.repeat):7.1f} ms")
    variants = [Variant("original", None, None), Variant("large", 1300, 500), Variant("thumbnail", 500, 200),
                Variant("icon", 75, 30)]
    print(f"4 event variants from PNG:  {timed(lambda: make_variants(png, variants), args.repeat):7.1f} ms")
    print(f"4 event variants from JPEG: {timed(lambda: make_variants(jpeg, variants), args.repeat):7.1f} ms")

    def refuse():
        try:
            sniff(bomb())
        except BadImage:
            return
        raise AssertionError("bomb accepted")

    print(f"refuse a 10-gigapixel PNG header: {timed(refuse, args.repeat):7.2f} ms")
    outbox, smtp = asyncio.run(mail_rates(args.mails))
    print(f"mail delivery: outbox mbox {outbox:7.0f} mails/s, local SMTP {smtp:7.0f} mails/s "
          f"({args.mails} mails, one connection each)")


if __name__ == "__main__":
    main()
