"""Bounded queries: event lists with includes and an event's related lists cost the same number of
SQL statements for 5 rows as for 50 (no N+1)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from openevent.auth.roles import grant_event_role
from openevent.jsonapi.resource import registry
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track
from openevent.ticketing.models import Ticket

from ..factories import make_event, make_user
from .helpers import headers_for

ROWS = 50


def child_rows(type_name: str, event, n: int) -> list:
    """n visible rows of a child type under `event` (sessions accepted, each with a speaker)."""
    starts = event.starts_at
    if type_name == "track":
        return [Track(event_id=event.id, name=f"Track {i}", color="#123456") for i in range(n)]
    if type_name == "microlocation":
        return [Microlocation(event_id=event.id, name=f"Room {i}") for i in range(n)]
    if type_name == "session-type":
        return [SessionType(event_id=event.id, name=f"Talk {i}", length="00:30") for i in range(n)]
    if type_name == "ticket":
        return [Ticket(event_id=event.id, name=f"Ticket {i}", type="free", sales_starts_at=starts - timedelta(days=9),
                       sales_ends_at=starts) for i in range(n)]
    if type_name in {"session", "speaker"}:
        rows = []
        for i in range(n):
            session = Session(event_id=event.id, title=f"Session {i}", state="accepted",
                              starts_at=starts + timedelta(minutes=i), ends_at=starts + timedelta(minutes=i + 1))
            session.speakers = [Speaker(event_id=event.id, name=f"Speaker {i}")]
            rows.append(session)
        return rows
    return []


async def add_children(db, event, n: int, owner_ids: list[int]) -> None:
    for rel in registry.get("event").relationships:
        db.add_all(child_rows(rel.type, event, n))
    await db.commit()


async def team_of(db, event, n: int) -> None:
    for _ in range(n):
        user = await make_user(db)
        await grant_event_role(db, user_id=user.id, event_id=event.id, role="moderator")
    await db.commit()


def includes() -> list[str]:
    rdef = registry.get("event")
    paths = [rel.name for rel in rdef.relationships]
    for rel in rdef.relationships:
        target = registry.get(rel.type)
        paths += [f"{rel.name}.{sub.name}" for sub in target.relationships if sub.type != "event" and sub.includable]
    return paths


async def count_for(client, count_queries, url: str, headers: dict) -> tuple[int, dict]:
    with count_queries() as counter:
        response = await client.get(url, headers=headers)
    assert response.status_code == 200, response.text
    return counter.count, response.json()


@pytest.mark.parametrize("caller", ["anonymous", "owner", "admin"])
async def test_event_list_with_includes_is_bounded(client, db, count_queries, caller):
    owner = await make_user(db)
    for _ in range(ROWS):
        event = await make_event(db, owner=owner)
        await add_children(db, event, 2, [owner.id])
    who = {"anonymous": None, "owner": owner, "admin": await make_user(db, is_admin=True)}[caller]
    include = ",".join(includes())
    url = "/v1/events?page[size]={}" + (f"&include={include}" if include else "")
    small, small_doc = await count_for(client, count_queries, url.format(5), headers_for(who))
    large, large_doc = await count_for(client, count_queries, url.format(ROWS), headers_for(who))
    assert (len(small_doc["data"]), len(large_doc["data"])) == (5, ROWS)
    if include:
        assert len(large_doc["included"]) > len(small_doc["included"])
    assert small == large


@pytest.mark.parametrize("caller", ["anonymous", "owner"])
async def test_related_lists_are_bounded(client, db, count_queries, caller):
    rdef = registry.get("event")
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    await add_children(db, event, ROWS, [owner.id])
    await team_of(db, event, ROWS)
    who = owner if caller == "owner" else None
    for rel in rdef.relationships:
        if rel.private and who is None:
            continue
        target = registry.get(rel.type)
        sub = ",".join(r.name for r in target.relationships if r.type != "event" and r.includable)
        url = f"/v1/events/{event.identifier}/{rel.name}?page[size]={{}}" + (f"&include={sub}" if sub else "")
        small, small_doc = await count_for(client, count_queries, url.format(5), headers_for(who))
        large, large_doc = await count_for(client, count_queries, url.format(ROWS), headers_for(who))
        assert len(small_doc["data"]) == 5, rel.name
        assert len(large_doc["data"]) >= ROWS, rel.name
        assert small == large, rel.name


async def test_detail_with_includes_is_bounded(client, db, count_queries):
    owner = await make_user(db)
    few = await make_event(db, owner=owner)
    await add_children(db, few, 1, [owner.id])
    many = await make_event(db, owner=owner)
    await add_children(db, many, ROWS, [owner.id])
    include = ",".join(includes())
    suffix = f"?include={include}" if include else ""
    small, _ = await count_for(client, count_queries, f"/v1/events/{few.id}{suffix}", headers_for(owner))
    large, _ = await count_for(client, count_queries, f"/v1/events/{many.id}{suffix}", headers_for(owner))
    assert small == large
