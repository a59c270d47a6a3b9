"""Benchmark: a checkout rush — N concurrent buyers for one limited ticket of one event.

Seeds a fresh PostgreSQL schema (DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test)
with one published event, one ticket of --stock units and --buyers users; starts the real server
(uvicorn, --workers processes) on a free port; then --buyers concurrent clients each POST
/v1/orders/create-order (--per-order units) over HTTP until the ticket is sold out. Prints
successful orders/min, sold tickets/min, p50/p99 latency of successful and refused requests, and
checks that exactly --stock units were sold (never more). Usage:

    python bench/checkout_rush.py [--stock 3000] [--buyers 50] [--per-order 1] [--workers 2]
    DATABASE_URL=postgresql://user@host/db python bench/checkout_rush.py

The client runs on the same machine and competes with the server for CPU, so figures are a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from openevent.auth.models import User  # noqa: E402
from openevent.auth.tokens import issue_token  # noqa: E402
from openevent.core.db import Base, create_engine, session_factory, utcnow  # noqa: E402
from openevent.core.settings import normalise_database_url  # noqa: E402
from openevent.events.identifiers import insert_with_identifier  # noqa: E402
from openevent.events.models import Event, Setting  # noqa: E402
from openevent.orders.availability import sold_and_reserved  # noqa: E402
from openevent.ticketing.models import Ticket  # noqa: E402
import openevent.models  # noqa: E402,F401  (registers every table)

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, int(round(q * (len(ordered) - 1)))))
    return ordered[index]


async def seed(url: str, schema: str, stock: int, buyers: int, secret: str) -> tuple[int, list[str]]:
    engine = create_engine(url, schema=schema)
    async with engine.begin() as conn:
        await conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    await engine.dispose()
    engine = create_engine(url, schema=schema)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessions = session_factory(engine)
    now = utcnow()
    async with sessions() as db:
        db.add(Setting(id=1, order_expiry_time=15))
        event = Event(name="Rush", starts_at=now + timedelta(days=10), ends_at=now + timedelta(days=11),
                      timezone="UTC", state="published", can_pay_by_bank=True)
        await insert_with_identifier(db, event)
        ticket = Ticket(event_id=event.id, name="Early bird", type="paid", price=Decimal("25.00"), quantity=stock,
                        sales_starts_at=now - timedelta(days=1), sales_ends_at=now + timedelta(days=9),
                        min_order=1, max_order=10)
        users = [User(email=f"buyer{i}@example.com", password_hash="x") for i in range(buyers)]
        db.add(ticket)
        db.add_all(users)
        await db.commit()
        tokens = [issue_token(secret, u.id, kind="access", lifetime=timedelta(hours=2), fresh=True)[0] for u in users]
        ticket_id = ticket.id
    await engine.dispose()
    return ticket_id, tokens


async def count_sold(url: str, schema: str, ticket_id: int) -> int:
    engine = create_engine(url, schema=schema)
    try:
        async with session_factory(engine)() as db:
            return (await sold_and_reserved(db, [ticket_id]))[ticket_id]
    finally:
        await engine.dispose()


async def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await engine.dispose()


def start_server(url: str, schema: str, secret: str, port: int, workers: int, data_dir: str) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, OPENEVENT_DATABASE_SCHEMA=schema, SECRET_KEY=secret,
               OPENEVENT_DATA_DIR=data_dir)
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "openevent.app:create_app", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(cmd, env=env, cwd=str(Path(__file__).resolve().parents[1]), start_new_session=True)


async def wait_ready(base: str, proc: subprocess.Popen) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=2) as http:
        for _ in range(300):
            if proc.poll() is not None:
                raise SystemExit("the server exited during start-up")
            try:
                await http.get("/v1/settings")
                return
            except httpx.HTTPError:
                await asyncio.sleep(0.1)
    raise SystemExit("the server did not start")


async def rush(base: str, ticket_id: int, tokens: list[str], per_order: int):
    ok_latency: list[float] = []
    refused_latency: list[float] = []
    other: dict[int, int] = {}
    sold_out = asyncio.Event()
    body = {"tickets": [{"id": ticket_id, "quantity": per_order}]}
    limits = httpx.Limits(max_connections=len(tokens) + 5, max_keepalive_connections=len(tokens) + 5)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        async def buyer(token: str):
            headers = {"Content-Type": "application/json", "Authorization": f"JWT {token}"}
            while not sold_out.is_set():
                start = time.perf_counter()
                response = await http.post("/v1/orders/create-order", json=body, headers=headers)
                elapsed = time.perf_counter() - start
                if response.status_code == 201:
                    ok_latency.append(elapsed)
                elif response.status_code == 409:
                    refused_latency.append(elapsed)
                    sold_out.set()
                else:
                    other[response.status_code] = other.get(response.status_code, 0) + 1
                    if response.status_code >= 500 and sum(other.values()) > 50:
                        sold_out.set()

        started = time.perf_counter()
        await asyncio.gather(*(buyer(t) for t in tokens))
        seconds = time.perf_counter() - started
    return ok_latency, refused_latency, other, seconds


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stock", type=int, default=3000)
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument("--per-order", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = normalise_database_url(os.environ.get("DATABASE_URL", DEFAULT_URL))
    if not url.startswith("postgresql"):
        raise SystemExit("this benchmark needs PostgreSQL (DATABASE_URL=postgresql://...)")
    schema = f"bench_rush_{os.getpid()}"
    secret = secrets.token_hex(32)
    ticket_id, tokens = await seed(url, schema, args.stock, args.buyers, secret)
    port = free_port()
    proc = start_server(url, schema, secret, port, args.workers, tempfile.mkdtemp(prefix="rush-"))
    try:
        base = f"http://127.0.0.1:{port}"
        await wait_ready(base, proc)
        ok, refused, other, seconds = await rush(base, ticket_id, tokens, args.per_order)
        sold = await count_sold(url, schema, ticket_id)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        await drop_schema(url, schema)
    orders = len(ok)
    print(f"checkout rush: stock {args.stock}, {args.buyers} concurrent buyers, {args.per_order} ticket(s)/order, "
          f"{args.workers} server worker(s), PostgreSQL")
    print(f"  successful orders   {orders:8d}   in {seconds:6.2f} s")
    print(f"  orders/min          {orders / seconds * 60:8.0f}")
    print(f"  sold tickets/min    {orders * args.per_order / seconds * 60:8.0f}   (target >= 3000)")
    print(f"  latency ok    p50 {percentile(ok, 0.5) * 1000:7.1f} ms   p99 {percentile(ok, 0.99) * 1000:7.1f} ms")
    if refused:
        print(f"  latency 409   p50 {percentile(refused, 0.5) * 1000:7.1f} ms   p99 {percentile(refused, 0.99) * 1000:7.1f} ms"
              f"   ({len(refused)} sold-out answers)")
    if other:
        print(f"  other answers       {other}")
    print(f"  units sold {sold} of {args.stock}: " + ("exact, no oversell" if sold == args.stock else
                                                     "OVERSOLD" if sold > args.stock else "not sold out"))
    if ok:
        print(f"  mean latency {statistics.mean(ok) * 1000:.1f} ms")
    if sold > args.stock:
        raise SystemExit(1)


if __name__ == "__main__":
    asyncio.run(main())
