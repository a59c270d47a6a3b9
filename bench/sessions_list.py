"""Benchmark: the public schedule read of a large event.

Seeds one published event with 2,000 sessions (tracks, rooms, speakers) into a
fresh SQLite file (or DATABASE_URL when set), then requests

    GET /v1/events/{id}/sessions?include=speakers,track,microlocation

through the ASGI app (no network) at page sizes 20 and 100, and once with
page[size]=0 (everything). Prints requests/s, milliseconds per request and SQL
statements per request. The database gets planner statistics (ANALYZE) after
seeding, as a running database would; --no-analyze shows the cold case. Usage:

    python bench/sessions_list.py [--sessions 2000] [--iterations 50] [--no-analyze]
    DATABASE_URL=postgresql://user@host/db python bench/sessions_list.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
from sqlalchemy import event as sa_event
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openevent.app import create_app  # noqa: E402
from openevent.core.db import Base  # noqa: E402
from openevent.core.settings import Settings  # noqa: E402
from openevent.events.identifiers import insert_with_identifier  # noqa: E402
from openevent.events.models import Event  # noqa: E402
from openevent.schedule.models import Microlocation, Session, Speaker, Track  # noqa: E402
import openevent.models  # noqa: E402,F401  (registers every table)

INCLUDE = "speakers,track,microlocation"
START = datetime(2027, 3, 1, 1, 0, tzinfo=timezone.utc)


@dataclass
class Result:
    label: str
    requests: int
    seconds: float
    statements: int
    sql_seconds: float
    bytes: int

    def line(self) -> str:
        per_request = self.seconds / self.requests
        return (f"{self.label:<16} {self.requests / self.seconds:8.1f} req/s {per_request * 1000:9.1f} ms/req "
                f"{self.sql_seconds / self.requests * 1000:8.1f} ms SQL/req "
                f"{self.statements / self.requests:5.1f} SQL/req {self.bytes // self.requests:>10,} bytes/resp")


async def seed(app, sessions: int) -> Event:
    rng = random.Random(42)
    async with app.state.sessionmaker() as db:
        event = await insert_with_identifier(db, Event(
            name="Benchmark Conference", starts_at=START, ends_at=START + timedelta(days=5),
            timezone="Asia/Singapore", state="published"))
        tracks = [Track(event_id=event.id, name=f"Track {i}", color=f"#{rng.randrange(0x1000000):06x}", position=i)
                  for i in range(12)]
        rooms = [Microlocation(event_id=event.id, name=f"Room {i}", position=i) for i in range(20)]
        speakers = [Speaker(event_id=event.id, name=f"Speaker {i}", email=f"speaker{i}@example.org", order=i,
                            short_biography="A speaker. " * 20) for i in range(sessions * 2 // 5)]
        db.add_all([*tracks, *rooms, *speakers])
        await db.flush()
        rows = []
        for i in range(sessions):
            starts = START + timedelta(minutes=30 * (i // len(rooms)))
            row = Session(event_id=event.id, title=f"Session {i}", short_abstract="An abstract. " * 30,
                          state=rng.choice(("accepted", "confirmed")), starts_at=starts,
                          ends_at=starts + timedelta(minutes=30), track_id=rng.choice(tracks).id,
                          microlocation_id=rooms[i % len(rooms)].id)
            row.speakers = rng.sample(speakers, rng.choice((1, 1, 2)))
            rows.append(row)
        db.add_all(rows)
        await db.commit()
        return event


class SqlMeter:
    """Counts statements and the time spent executing them (cursor execute to return)."""

    def __init__(self, engine) -> None:
        self.engine = engine.sync_engine
        self.statements = 0
        self.seconds = 0.0
        self._started: list[float] = []

    def _before(self, *_args) -> None:
        self.statements += 1
        self._started.append(time.perf_counter())

    def _after(self, *_args) -> None:
        self.seconds += time.perf_counter() - self._started.pop()

    def __enter__(self) -> "SqlMeter":
        sa_event.listen(self.engine, "before_cursor_execute", self._before)
        sa_event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *_exc) -> None:
        sa_event.remove(self.engine, "before_cursor_execute", self._before)
        sa_event.remove(self.engine, "after_cursor_execute", self._after)


async def measure(client, engine, label: str, url: str, iterations: int) -> Result:
    response = await client.get(url)  # warm-up (caches, connection pool)
    response.raise_for_status()
    size = 0
    with SqlMeter(engine) as sql:
        began = time.perf_counter()
        for _ in range(iterations):
            response = await client.get(url)
            response.raise_for_status()
            size += len(response.content)
        elapsed = time.perf_counter() - began
    return Result(label, iterations, elapsed, sql.statements, sql.seconds, size)


async def run(sessions: int, iterations: int, database_url: str | None, analyze: bool) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="openevent-bench-"))
    url = database_url or f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}"
    settings = Settings.from_env(data_dir=data_dir, database_url=url, secret_key="bench-" + "x" * 40)
    app = create_app(settings)
    async with app.state.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    began = time.perf_counter()
    event = await seed(app, sessions)
    if analyze:
        async with app.state.engine.begin() as conn:
            await conn.execute(text("ANALYZE"))
    print(f"database: {app.state.engine.url.render_as_string(hide_password=True)}"
          f" ({'with' if analyze else 'without'} planner statistics)")
    print(f"seeded event {event.identifier} with {sessions} sessions in {time.perf_counter() - began:.1f}s")
    path = f"/v1/events/{event.id}/sessions?include={INCLUDE}"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        for size in (20, 100):
            result = await measure(client, app.state.engine, f"page[size]={size}", f"{path}&page[size]={size}",
                                   iterations)
            print(result.line())
        print((await measure(client, app.state.engine, "page[size]=0", f"{path}&page[size]=0", 1)).line())
    await app.state.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--no-analyze", dest="analyze", action="store_false",
                        help="skip ANALYZE after seeding (a freshly loaded database without statistics)")
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.iterations, os.environ.get("DATABASE_URL"), args.analyze))


if __name__ == "__main__":
    main()
