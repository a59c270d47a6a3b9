"""Benchmark: offline check-in replay, and single online scans while replays run.

Seeds a fresh PostgreSQL schema (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test)
with one event happening now, --attendees paid attendees and a check-in device token, then,
through the ASGI app in-process (httpx ASGITransport: no network, no server process):

1. replay: --scans offline scans (random attendees, entry/exit, scan instants over the last two
   hours, one nonce each, shuffled) in batches of --batch via POST /v1/events/{id}/check-ins/batch;
   prints scans/s, ms per batch and SQL statements per batch;
2. replay again: the same batches once more (every scan is a replay of its nonce);
3. online under load: --loaders concurrent tasks keep replaying new batches (of --load-batch) while one client
   sends --online single scans (POST /v1/events/{id}/check-ins), one after the other; prints
   p50/p99/max latency of a single scan and the replay throughput meanwhile.

Usage:

    python bench/checkin_replay.py [--scans 10000] [--batch 500] [--attendees 5000] [--online 300]
    DATABASE_URL=postgresql://user@host/db python bench/checkin_replay.py
    DATABASE_URL=sqlite+aiosqlite:////tmp/x.sqlite3 python bench/checkin_replay.py   # for comparison

The client runs in the same process and event loop as the app, so latencies include waiting for
the loop behind the replay load: a floor for one worker process on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sessions_list import SqlMeter  # noqa: E402  (same directory: statements and their time)

from openevent.app import create_app  # noqa: E402
from openevent.checkin.models import CheckInDevice  # noqa: E402
from openevent.checkin.service import hash_device_token, new_device_token  # noqa: E402
from openevent.core.db import Base, create_engine, utcnow  # noqa: E402
from openevent.core.settings import Settings  # noqa: E402
from openevent.events.identifiers import insert_with_identifier  # noqa: E402
from openevent.events.models import Event  # noqa: E402
from openevent.orders.models import Attendee, Order, new_attendee_secret, new_order_identifier  # noqa: E402
from openevent.ticketing.models import Ticket  # noqa: E402
import openevent.models  # noqa: E402,F401  (registers every table)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


async def seed(app, attendees: int) -> tuple[Event, list[str], str]:
    now = utcnow()
    async with app.state.sessionmaker() as db:
        event = await insert_with_identifier(db, Event(
            name="Check-in Benchmark", starts_at=now - timedelta(hours=6), ends_at=now + timedelta(days=2),
            timezone="Europe/Berlin", state="published"))
        ticket = Ticket(event_id=event.id, name="Day pass", type="free", sales_starts_at=now - timedelta(days=30),
                        sales_ends_at=now + timedelta(days=1))
        db.add(ticket)
        await db.flush()
        orders = [{"identifier": new_order_identifier(), "event_id": event.id, "status": "completed",
                   "created_at": now} for _ in range(attendees // 10 + 1)]
        order_ids = list((await db.execute(insert(Order).returning(Order.id), orders)).scalars())
        secrets_ = [new_attendee_secret() for _ in range(attendees)]
        await db.execute(insert(Attendee), [
            {"event_id": event.id, "order_id": order_ids[i // 10], "ticket_id": ticket.id,
             "identifier": new_order_identifier(), "secret": secrets_[i], "firstname": f"First{i}",
             "lastname": f"Last{i}", "email": f"a{i}@example.org", "created_at": now}
            for i in range(attendees)])
        token = new_device_token()
        db.add(CheckInDevice(event_id=event.id, name="Bench scanner", token_hash=hash_device_token(token),
                             token_prefix=token[:12]))
        await db.commit()
    await analyze(app)
    return event, secrets_, token


async def analyze(app) -> None:
    """Planner statistics, as autovacuum keeps them on a running database (a table analysed while
    empty makes PostgreSQL scan it whole for the nonce and history lookups)."""
    async with app.state.engine.connect() as conn:
        await conn.execute(text("ANALYZE"))
        await conn.commit()


def make_scans(rng: random.Random, secrets_: list[str], n: int) -> list[dict]:
    now = utcnow()
    scans = []
    for _ in range(n):
        at = now - timedelta(seconds=rng.randrange(2 * 3600))
        scans.append({"secret": rng.choice(secrets_), "nonce": uuid.uuid4().hex,
                      "direction": rng.choice(("entry", "entry", "exit")), "scanned-at": at.isoformat(),
                      "force": True, "device-name": "Gate 3"})
    rng.shuffle(scans)
    return scans


async def replay(client, url: str, headers: dict, scans: list[dict], batch: int) -> tuple[float, list[float], dict]:
    per_batch = []
    reasons: dict[str, int] = {}
    started = time.perf_counter()
    for i in range(0, len(scans), batch):
        t0 = time.perf_counter()
        response = await client.post(url, json={"scans": scans[i:i + batch]}, headers=headers)
        per_batch.append(time.perf_counter() - t0)
        response.raise_for_status()
        for result in response.json()["results"]:
            key = result["reason"] + (" (replayed)" if result["replayed"] else "")
            reasons[key] = reasons.get(key, 0) + 1
    return time.perf_counter() - started, per_batch, reasons


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def online_under_load(client, event, headers, secrets_, args) -> None:
    rng = random.Random(7)
    stop = asyncio.Event()
    loaded = {"scans": 0}

    async def loader(seed_: int) -> None:
        local = random.Random(seed_)
        while not stop.is_set():
            scans = make_scans(local, secrets_, args.load_batch)
            response = await client.post(f"/v1/events/{event.id}/check-ins/batch", json={"scans": scans},
                                         headers=headers)
            response.raise_for_status()
            loaded["scans"] += len(scans)

    loaders = [asyncio.create_task(loader(100 + i)) for i in range(args.loaders)]
    await asyncio.sleep(0.2)
    latencies = []
    started = time.perf_counter()
    for _ in range(args.online):
        scan = {"secret": rng.choice(secrets_), "nonce": uuid.uuid4().hex, "force": True}
        t0 = time.perf_counter()
        response = await client.post(f"/v1/events/{event.id}/check-ins", json=scan, headers=headers)
        latencies.append(time.perf_counter() - t0)
        response.raise_for_status()
    elapsed = time.perf_counter() - started
    stop.set()
    await asyncio.gather(*loaders)
    ms = [x * 1000 for x in latencies]
    print(f"online under load: {args.online} single scans while {args.loaders} replay loader(s) sent batches of "
          f"{args.load_batch} "
          f"({loaded['scans'] / elapsed:,.0f} replayed scans/s meanwhile)")
    print(f"  single scan latency: p50 {statistics.median(ms):.1f} ms, p99 {percentile(ms, 99):.1f} ms, "
          f"max {max(ms):.1f} ms")
    alone = []
    for _ in range(min(args.online, 100)):
        scan = {"secret": rng.choice(secrets_), "nonce": uuid.uuid4().hex, "force": True}
        t0 = time.perf_counter()
        (await client.post(f"/v1/events/{event.id}/check-ins", json=scan, headers=headers)).raise_for_status()
        alone.append((time.perf_counter() - t0) * 1000)
    print(f"  without load (for reference): p50 {statistics.median(alone):.1f} ms, p99 {percentile(alone, 99):.1f} ms")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scans", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--attendees", type=int, default=5_000)
    parser.add_argument("--online", type=int, default=300)
    parser.add_argument("--loaders", type=int, default=2)
    parser.add_argument("--load-batch", type=int, default=100, help="batch size of the replay load in step 3")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    schema = None
    if not url.startswith("sqlite"):
        schema = f"bench_checkin_{os.getpid()}"
        engine = create_engine(Settings.from_env(database_url=url, data_dir=Path(tempfile.mkdtemp())).database_url)
        async with engine.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        await engine.dispose()
    settings = Settings.from_env(database_url=url, database_schema=schema, data_dir=Path(tempfile.mkdtemp()),
                                 secret_key="bench-secret-key-0123456789abcdef", base_url="http://bench")
    app = create_app(settings)
    try:
        async with app.state.engine.begin() as conn:
            await conn.run_sync(Base.metadata.create_all)
        event, secrets_, token = await seed(app, args.attendees)
        headers = {"Authorization": f"Device {token}"}
        dialect = app.state.engine.dialect.name
        print(f"check-in replay: {args.scans:,} scans in batches of {args.batch} over {args.attendees:,} attendees, "
              f"{dialect}, in-process ASGI, device token")
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120) as client:
            url_batch = f"/v1/events/{event.id}/check-ins/batch"
            await replay(client, url_batch, headers, make_scans(random.Random(1), secrets_, args.batch), args.batch)
            await analyze(app)
            scans = make_scans(random.Random(42), secrets_, args.scans)
            with SqlMeter(app.state.engine) as counter:
                seconds, per_batch, reasons = await replay(client, url_batch, headers, scans, args.batch)
            batches = len(per_batch)
            print(f"replay:       {args.scans / seconds:8,.0f} scans/s  ({seconds:.2f} s; "
                  f"{statistics.mean(per_batch) * 1000:.0f} ms/batch, p99 {percentile(per_batch, 99) * 1000:.0f} ms; "
                  f"{counter.statements / batches:.1f} SQL/batch, "
                  f"{counter.seconds / batches * 1000:.0f} ms SQL/batch)  "
                  f"{reasons}")
            await analyze(app)
            with SqlMeter(app.state.engine) as counter:
                seconds, per_batch, reasons = await replay(client, url_batch, headers, scans, args.batch)
            print(f"replay again: {args.scans / seconds:8,.0f} scans/s  ({seconds:.2f} s; "
                  f"{statistics.mean(per_batch) * 1000:.0f} ms/batch; {counter.statements / batches:.1f} SQL/batch, "
                  f"{counter.seconds / batches * 1000:.0f} ms SQL/batch)  "
                  f"{reasons}")
            await online_under_load(client, event, headers, secrets_, args)
    finally:
        await app.state.engine.dispose()
        if schema:
            engine = create_engine(settings.database_url)
            async with engine.begin() as conn:
                await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
