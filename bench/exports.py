"""Benchmark: exports of a large event, seconds per format and memory of the orders CSV.

Seeds one published event with 2,000 accepted/confirmed sessions (12 tracks, 20 rooms,
800 speakers) and 100,000 orders (one ticket line each, 100 buyers, some with discount
codes) into a fresh SQLite file (or DATABASE_URL when set), then times, in-process:

    load_schedule                      the one programme query every schedule format shares
    iCal / xCal / Pentabarf / schedule.json
                                       load_schedule + render (what each export task does)
    event zip                          build_event_zip (all JSON members, no media)
    sessions CSV, speakers CSV         the CSV writers to a temporary file
    orders CSV (100,000 orders)        streamed (yield_per) to a temporary file

and prints seconds per export, plus the process's resident memory before and at its
peak during the orders CSV (sampled every 10 ms from /proc/self/statm) and ru_maxrss.
Targets (issue #6): each schedule format < 1 s, the orders CSV < 10 s with flat memory.
Usage:

    python bench/exports.py [--sessions 2000] [--orders 100000] [--repeat 3] [--profile]
    DATABASE_URL=postgresql://postgres@127.0.0.1/bench python bench/exports.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openevent.models  # noqa: E402,F401  (registers every table)
from openevent.app import create_app  # noqa: E402
from openevent.core.db import Base  # noqa: E402
from openevent.core.settings import Settings  # noqa: E402
from openevent.events.identifiers import insert_with_identifier  # noqa: E402
from openevent.events.models import Event  # noqa: E402
from openevent.exports import (  # noqa: E402
    load_schedule,
    render_ical,
    render_pentabarf,
    render_schedule_json,
    render_xcal,
)
from openevent.exports.csv_export import (  # noqa: E402
    SESSION_COLUMNS,
    SPEAKER_COLUMNS,
    CsvFile,
    write_sessions_csv,
    write_speakers_csv,
)
from openevent.exports.event_zip import build_event_zip  # noqa: E402
from openevent.exports.orders_csv import ORDER_COLUMNS, write_orders_csv  # noqa: E402
from openevent.schedule.models import Microlocation, Session, Speaker, Track  # noqa: E402

START = datetime(2027, 3, 1, 1, 0, tzinfo=timezone.utc)
BASE_URL = "https://bench.example.org"
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE


class PeakRss:
    """Samples the resident set size in a thread while the block runs."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.before = self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            time.sleep(self.interval)

    def __enter__(self) -> "PeakRss":
        self.before = self.peak = rss_bytes()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())


async def seed_programme(app, sessions: int) -> Event:
    rng = random.Random(42)
    async with app.state.sessionmaker() as db:
        event = await insert_with_identifier(db, Event(
            name="Benchmark <Conference> & \"Friends\" 🎉", starts_at=START, ends_at=START + timedelta(days=5),
            timezone="Europe/Berlin", state="published"))
        tracks = [Track(event_id=event.id, name=f"Track {i} & <co>", color=f"#{rng.randrange(0x1000000):06x}",
                        position=i) for i in range(12)]
        rooms = [Microlocation(event_id=event.id, name=f"Room {i} 🏛", position=i) for i in range(20)]
        speakers = [Speaker(event_id=event.id, name=f"Speaker {i} 🚀", email=f"speaker{i}@example.org", order=i,
                            organisation="=ACME", short_biography="A speaker. " * 20)
                    for i in range(sessions * 2 // 5)]
        db.add_all([*tracks, *rooms, *speakers])
        await db.flush()
        rows = []
        for i in range(sessions):
            starts = START + timedelta(minutes=30 * (i // len(rooms)))
            row = Session(event_id=event.id, title=f"Session {i} <b>&</b> 🎈", short_abstract="An abstract. " * 30,
                          long_abstract="A longer description.\n" * 20, state=rng.choice(("accepted", "confirmed")),
                          starts_at=starts, ends_at=starts + timedelta(minutes=30), track_id=rng.choice(tracks).id,
                          microlocation_id=rooms[i % len(rooms)].id, language="en")
            row.speakers = rng.sample(speakers, rng.choice((1, 1, 2)))
            rows.append(row)
        db.add_all(rows)
        await db.commit()
        return event


async def seed_orders(app, event_id: int, orders: int) -> None:
    from openevent.auth.models import User
    from openevent.orders.models import DiscountCode, Order, OrderTicket, new_order_identifier
    from openevent.ticketing.models import Ticket

    rng = random.Random(7)
    async with app.state.sessionmaker() as db:
        ticket = Ticket(event_id=event_id, name="Standard", type="paid", price=Decimal("25"),
                        sales_starts_at=START - timedelta(days=60), sales_ends_at=START)
        code = DiscountCode(event_id=event_id, code="EARLY", value=Decimal("10"), type="percent")
        db.add_all([ticket, code])
        await db.flush()
        users = [User(email=f"buyer{i}@example.org", password_hash="x", first_name=f"Buyer {i}",
                      last_name="=Surname") for i in range(100)]
        db.add_all(users)
        await db.flush()
        user_ids, ticket_id, code_id = [u.id for u in users], ticket.id, code.id
        await db.commit()
    async with app.state.engine.begin() as conn:
        batch = 5000
        for first in range(0, orders, batch):
            rows = []
            for i in range(first, min(first + batch, orders)):
                rows.append({"identifier": new_order_identifier(), "event_id": event_id,
                             "user_id": rng.choice(user_ids), "status": "completed", "amount": Decimal("45.00"),
                             "payment_mode": "stripe", "paid_via": "stripe",
                             "discount_code_id": code_id if i % 5 == 0 else None,
                             "created_at": START - timedelta(days=30, seconds=-i), "company": "ACME, \"Inc\"",
                             "city": "Berlin", "country": "DE", "zipcode": "10115", "address": "Street 1"})
            await conn.execute(insert(Order), rows)
        order_ids = (await conn.execute(text("SELECT id FROM orders WHERE event_id = :e"), {"e": event_id})).scalars()
        ids = list(order_ids)
        for first in range(0, len(ids), batch):
            await conn.execute(insert(OrderTicket), [
                {"order_id": oid, "ticket_id": ticket_id, "quantity": 2, "price": Decimal("25")}
                for oid in ids[first:first + batch]])


class BenchContext:
    """The parts of a TaskContext the exporters use."""

    def __init__(self, app) -> None:
        self.sessionmaker = app.state.sessionmaker
        self.settings = app.state.settings
        self.storage = app.state.storage

    def session(self):
        return self.sessionmaker()

    async def run_sync(self, fn, *args, **kwargs):
        return await asyncio.to_thread(fn, *args, **kwargs)

    async def progress(self, percent: int) -> None:
        return None


async def timed(label: str, repeat: int, work) -> float:
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        size = await work()
        best = min(best, time.perf_counter() - began)
    print(f"{label:<34} {best:7.3f} s   {size:>12,} bytes")
    return best


async def run(sessions: int, orders: int, repeat: int, database_url: str | None, profile: bool) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="openevent-bench-"))
    url = database_url or f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}"
    settings = Settings.from_env(data_dir=data_dir, database_url=url, secret_key="bench-" + "x" * 40,
                                 base_url=BASE_URL)
    app = create_app(settings)
    async with app.state.engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    began = time.perf_counter()
    event = await seed_programme(app, sessions)
    await seed_orders(app, event.id, orders)
    async with app.state.engine.begin() as conn:
        await conn.execute(text("ANALYZE"))
    print(f"database: {app.state.engine.url.render_as_string(hide_password=True)}")
    print(f"seeded {sessions} sessions and {orders} orders in {time.perf_counter() - began:.1f}s "
          f"(best of {repeat} runs below)")
    ctx = BenchContext(app)

    async def load():
        async with ctx.session() as db:
            return await load_schedule(db, event.id)

    async def only_load():
        schedule = await load()
        return len(schedule.sessions)

    await timed("load_schedule (shared query)", repeat, only_load)
    results = {}
    for label, render in (("iCal", render_ical), ("xCal", render_xcal), ("Pentabarf", render_pentabarf),
                          ("schedule.json", render_schedule_json)):
        async def export(render=render):
            return len(render(await load(), base_url=BASE_URL))

        results[label] = await timed(f"{label} (load + render)", repeat, export)

    async def event_zip():
        file, _ = await build_event_zip(ctx, event.id, media={}, private_data=True)
        try:
            return file.seek(0, 2)
        finally:
            file.close()

    await timed("event zip (JSON, no media)", repeat, event_zip)

    async def csv_export(writer, header):
        out = CsvFile(header)
        async with ctx.session() as db:
            ev = await db.get(Event, event.id)
            await writer(db, ev, out=out)
        file = out.finish()
        try:
            return file.seek(0, 2)
        finally:
            file.close()

    await timed("sessions CSV", repeat, lambda: csv_export(write_sessions_csv, SESSION_COLUMNS))
    await timed("speakers CSV", repeat, lambda: csv_export(write_speakers_csv, SPEAKER_COLUMNS))
    with PeakRss() as memory:
        orders_seconds = await timed(f"orders CSV ({orders:,} orders)", 1,
                                     lambda: csv_export(write_orders_csv, ORDER_COLUMNS))
    mib = 1024 * 1024
    print(f"orders CSV memory: RSS {memory.before / mib:.1f} MiB before, peak {memory.peak / mib:.1f} MiB during "
          f"(+{(memory.peak - memory.before) / mib:.1f} MiB); process ru_maxrss "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")
    slow = [label for label, seconds in results.items() if seconds >= 1.0]
    print(f"targets: schedule formats < 1 s: {'met' if not slow else 'MISSED for ' + ', '.join(slow)}; "
          f"orders CSV < 10 s: {'met' if orders_seconds < 10 else 'MISSED'}")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        schedule = await load()
        profiler.enable()
        render_pentabarf(schedule, base_url=BASE_URL)
        render_ical(schedule, base_url=BASE_URL)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)
    await app.state.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the Pentabarf and iCal rendering")
    args = parser.parse_args()
    asyncio.run(run(args.sessions, args.orders, args.repeat, os.environ.get("DATABASE_URL"), args.profile))


if __name__ == "__main__":
    main()
