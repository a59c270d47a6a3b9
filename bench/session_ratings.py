"""Benchmark: what the session's computed average-rating, rating-count and favourite-count cost.

Seeds one event with N sessions, each rated by R users and favourited by R users, into a fresh
SQLite file (or DATABASE_URL), runs ANALYZE, then times the page query of the schedule
(100 sessions ordered by start) two ways: the mapped `select(Session)` (with the three correlated
subqueries) and the same columns without them. Prints milliseconds per query and the ratio. Usage:

    python bench/session_ratings.py [--sessions 2000] [--ratings 10] [--iterations 200]
    DATABASE_URL=postgresql://user@host/db python bench/session_ratings.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openevent.models  # noqa: E402,F401  (registers every table)
from openevent.auth.models import User  # noqa: E402
from openevent.core.db import Base, create_engine, session_factory  # noqa: E402
from openevent.events.identifiers import insert_with_identifier  # noqa: E402
from openevent.events.models import Event  # noqa: E402
from openevent.feedbacks.models import Feedback, UserFavouriteSession  # noqa: E402
from openevent.schedule.models import Session  # noqa: E402

START = datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc)


async def main(args) -> None:
    url = os.environ.get("DATABASE_URL")
    if url is None:
        url = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
    elif url.startswith("postgresql://"):
        url = url.replace("postgresql://", "postgresql+asyncpg://", 1)
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    make = session_factory(engine)
    async with make() as db:
        event = await insert_with_identifier(db, Event(name="Bench", starts_at=START, ends_at=START + timedelta(days=2),
                                                       timezone="UTC", state="published"))
        users = [User(email=f"bench-{event.id}-{i}@example.com", password_hash="x") for i in range(args.ratings)]
        sessions = [Session(event_id=event.id, title=f"Talk {i}", state="accepted",
                            starts_at=START + timedelta(minutes=i), ends_at=START + timedelta(minutes=i + 30))
                    for i in range(args.sessions)]
        db.add_all(users + sessions)
        await db.flush()
        db.add_all(Feedback(user_id=u.id, session_id=s.id, event_id=event.id, rating=(s.id + u.id) % 6)
                   for s in sessions for u in users)
        db.add_all(UserFavouriteSession(user_id=u.id, session_id=s.id) for s in sessions for u in users)
        await db.commit()
        event_id = event.id
    async with engine.begin() as conn:
        await conn.execute(text("ANALYZE"))
    plain_columns = [c for c in Session.__table__.c]
    queries = {
        "with ratings": select(Session).where(Session.event_id == event_id).order_by(Session.starts_at, Session.id)
        .limit(100),
        "columns only": select(*plain_columns).where(Session.event_id == event_id)
        .order_by(Session.starts_at, Session.id).limit(100),
    }
    figures = {}
    async with make() as db:
        for label, stmt in queries.items():
            await db.execute(stmt)  # warm-up
            began = time.perf_counter()
            for _ in range(args.iterations):
                rows = (await db.execute(stmt)).all()
                db.expunge_all()
            figures[label] = (time.perf_counter() - began) / args.iterations * 1000
            print(f"{label:<14} {figures[label]:8.2f} ms per page of {len(rows)} sessions")
    print(f"ratio {figures['with ratings'] / figures['columns only']:.2f}x "
          f"({args.sessions} sessions, {args.ratings} ratings and favourites each, {engine.dialect.name})")
    await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--ratings", type=int, default=10)
    parser.add_argument("--iterations", type=int, default=200)
    asyncio.run(main(parser.parse_args()))
