"""Bounded queries: event lists with includes and an event's related lists cost the same number of
SQL statements for 5 rows as for 50 (no N+1)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest
from sqlalchemy import select

from openevent.auth.models import Role, RoleInvite
from openevent.auth.roles import grant_event_role
from openevent.checkin.models import CheckIn, CheckInDevice, Station
from openevent.event_info.models import SocialLink
from openevent.exhibitors.models import Exhibitor
from openevent.faqs.models import Faq, FaqType
from openevent.feedbacks.models import Feedback
from openevent.jsonapi.resource import registry
from openevent.orders.models import AccessCode, Attendee, DiscountCode, Order
from openevent.schedule.models import Microlocation, Session, SessionType, Speaker, Track
from openevent.sponsors.models import Sponsor
from openevent.ticket_tags.models import TicketTag
from openevent.ticketing.models import Ticket

from ..factories import make_event, make_user
from .helpers import headers_for

ROWS = 50


# Relationship types whose rows only the event's team sees (anonymous callers get an empty list).
TEAM_ONLY = {"order", "attendee", "access-code", "discount-code", "station", "feedback"}


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
        return [ticket(event, i) for i in range(n)]
    if type_name in {"session", "speaker"}:
        rows = []
        for i in range(n):
            session = Session(event_id=event.id, title=f"Session {i}", state="accepted",
                              starts_at=starts + timedelta(minutes=i), ends_at=starts + timedelta(minutes=i + 1))
            session.speakers = [Speaker(event_id=event.id, name=f"Speaker {i}")]
            rows.append(session)
        return rows
    if type_name == "sponsor":
        return [Sponsor(event_id=event.id, name=f"Sponsor {i}", position=i) for i in range(n)]
    if type_name == "social-link":
        return [SocialLink(event_id=event.id, name=f"Link {i}", link=f"https://l{i}.example") for i in range(n)]
    if type_name == "station":
        return [Station(event_id=event.id, station_name=f"Door {i}", station_type="check in") for i in range(n)]
    if type_name == "check-in-device":
        return [CheckInDevice(event_id=event.id, name=f"Scanner {i}", token_hash=uuid4().hex + uuid4().hex,
                              token_prefix="oecd_x") for i in range(n)]
    if type_name == "role-invite":
        coorganizer = select(Role.id).where(Role.name == "coorganizer").scalar_subquery()
        return [RoleInvite(event_id=event.id, email=f"invitee{i}@example.com", role_id=coorganizer,
                           token_hash=uuid4().hex, expires_at=starts) for i in range(n)]
    if type_name == "faq-type":
        return [FaqType(event_id=event.id, name=f"General {i}") for i in range(n)]
    if type_name == "faq":
        return [Faq(event_id=event.id, question=f"Q{i}?", answer=f"A{i}.") for i in range(n)]
    if type_name == "ticket-tag":
        return [TicketTag(event_id=event.id, name=f"Tag {i}") for i in range(n)]
    if type_name == "exhibitor":
        return [Exhibitor(event_id=event.id, name=f"Exhibitor {i}", status="accepted", position=i) for i in range(n)]
    if type_name == "access-code":
        return [AccessCode(event_id=event.id, code=f"ACCESS{i}") for i in range(n)]
    if type_name == "discount-code":
        return [DiscountCode(event_id=event.id, code=f"SAVE{i}", value=Decimal("5"), type="amount") for i in range(n)]
    return []


def ticket(event, i: int) -> Ticket:
    return Ticket(event_id=event.id, name=f"Ticket {i}", type="free", sales_starts_at=event.starts_at - timedelta(days=9),
                  sales_ends_at=event.starts_at)


async def add_sales(db, event, n: int) -> None:
    """n completed orders, each with one attendee who was scanned in once (orders, attendees, check-ins)."""
    sold = ticket(event, 99)
    attendees = []
    for i in range(n):
        order = Order(event_id=event.id, status="completed", amount=Decimal("0"))
        attendee = Attendee(event_id=event.id, ticket=sold, firstname=f"A{i}", lastname="B", email=f"a{i}@example.org")
        order.attendees = [attendee]
        attendees.append(attendee)
        db.add(order)
    await db.flush()
    db.add_all(CheckIn(event_id=event.id, attendee_id=a.id, scanned_at=event.starts_at, nonce=f"n{a.id}")
               for a in attendees)


async def add_feedbacks(db, event, n: int, user_id: int) -> None:
    """n rated sessions, each rated once by the user."""
    for i in range(n):
        session = Session(event_id=event.id, title=f"Rated {i}", state="accepted")
        session.speakers = []
        db.add(session)
        await db.flush()
        db.add(Feedback(event_id=event.id, session_id=session.id, user_id=user_id, rating=Decimal("4.5")))


SALES = {"order", "attendee", "user-check-in"}


async def add_children(db, event, n: int, owner_ids: list[int]) -> None:
    for rel in registry.get("event").relationships:
        if rel.many and rel.type not in SALES | {"feedback"}:
            db.add_all(child_rows(rel.type, event, n))
    await add_sales(db, event, n)
    await add_feedbacks(db, event, n, owner_ids[0])
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
        if not rel.many or (who is None and (rel.private or rel.type in TEAM_ONLY)):
            continue  # a to-one is one object; the team's lists are empty for the public
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
