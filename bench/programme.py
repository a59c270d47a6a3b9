"""Benchmark: the reads a schedule page and the apps make of a 2,000-session programme.

Seeds the same event as sessions_list.py (2,000 accepted/confirmed sessions over
12 tracks and 20 rooms, 800 speakers; SQLite file in a temp dir, or DATABASE_URL)
plus a few languages, then requests through the ASGI app (no network), anonymously:

    GET /v1/events/{id}/sessions?include=speakers,track,microlocation,session-type
        &filter=[{"name":"state","op":"in","val":["accepted","confirmed"]}]     (page 20 and all)
    GET /v1/events/{id}/sessions?include=track,speakers.sessions               (nested include, page 100)
    GET /v1/events/{id}/sessions/dates
    GET /v1/events/{id}/sessions/languages
    GET /v1/events/{id}/speakers?include=sessions.track                       (page 20, page 100 and all)
    GET /v1/events/{id}/speakers?page[size]=0                                 (the speakers page)

Prints requests/s, ms per request, SQL statements per request and response size. Usage:

    python bench/programme.py [--sessions 2000] [--iterations 30]
    DATABASE_URL=postgresql://user@host/db python bench/programme.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from sqlalchemy import text, update

from sessions_list import measure, seed  # noqa: E402  (same directory; also sets up sys.path)

from openevent.app import create_app  # noqa: E402
from openevent.core.db import Base  # noqa: E402
from openevent.core.settings import Settings  # noqa: E402
from openevent.schedule.models import Session  # noqa: E402

LANGUAGES = ("English", "Deutsch", "Bahasa Indonesia", "中文", "Español")


def reads(event_id: int) -> list[tuple[str, str, bool]]:
    """(label, url, repeat): repeat=False runs once (page[size]=0 reads)."""
    public = quote(json.dumps([{"name": "state", "op": "in", "val": ["accepted", "confirmed"]}]))
    sessions = f"/v1/events/{event_id}/sessions"
    speakers = f"/v1/events/{event_id}/speakers"
    full = "include=speakers,track,microlocation,session-type"
    return [
        ("sessions 20", f"{sessions}?{full}&filter={public}&page[size]=20", True),
        ("sessions nested", f"{sessions}?include=track,speakers.sessions&page[size]=100", True),
        ("sessions all", f"{sessions}?{full}&filter={public}&page[size]=0", False),
        ("sessions/dates", f"{sessions}/dates", True),
        ("sessions/langs", f"{sessions}/languages", True),
        ("speakers 20", f"{speakers}?include=sessions.track&page[size]=20", True),
        ("speakers 100", f"{speakers}?include=sessions.track&page[size]=100", True),
        ("speakers all", f"{speakers}?include=sessions.track&page[size]=0", False),
        ("speakers plain", f"{speakers}?page[size]=0", False),
    ]


async def run(sessions: int, iterations: int, database_url: str | None) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="openevent-bench-"))
    url = database_url or f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}"
    settings = Settings.from_env(data_dir=data_dir, database_url=url, secret_key="bench-" + "x" * 40)
    app = create_app(settings)
    async with app.state.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    began = time.perf_counter()
    event = await seed(app, sessions)
    async with app.state.engine.begin() as conn:
        for i, language in enumerate(LANGUAGES):
            await conn.execute(update(Session).where(Session.event_id == event.id,
                                                     Session.id % len(LANGUAGES) == i).values(language=language))
        await conn.execute(text("ANALYZE"))
    print(f"database: {app.state.engine.url.render_as_string(hide_password=True)}")
    print(f"seeded event {event.identifier} with {sessions} sessions in {time.perf_counter() - began:.1f}s")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for label, path, repeat in reads(event.id):
            result = await measure(client, app.state.engine, label, path, iterations if repeat else 1)
            print(result.line())
    await app.state.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--iterations", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.iterations, os.environ.get("DATABASE_URL")))


if __name__ == "__main__":
    main()
