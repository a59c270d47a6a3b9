"""Deleting an event permanently removes its classification, FAQs, ratings, favourites, ticket
tags and exhibitors with it (foreign keys cascade; nothing is left pointing at a missing event)."""

from sqlalchemy import func, select

from openevent.exhibitors.models import Exhibitor, exhibitors_sessions
from openevent.faqs.models import Faq, FaqType
from openevent.feedbacks.models import Feedback, UserFavouriteEvent, UserFavouriteSession
from openevent.taxonomy.models import EventTaxonomy, EventType
from openevent.ticket_tags.models import TicketTag, ticket_tagging

from ..factories import make_event, make_user
from ..schedule import factories as f
from ..schedule.http import delete

TABLES = (EventTaxonomy, FaqType, Faq, Feedback, UserFavouriteSession, UserFavouriteEvent, TicketTag, Exhibitor)


async def counts(db) -> list[int]:
    tables = [m.__table__ for m in TABLES] + [ticket_tagging, exhibitors_sessions]
    return [await db.scalar(select(func.count()).select_from(t)) for t in tables]


async def test_permanent_delete_takes_the_satellites_along(client, db):
    owner = await make_user(db)
    event = await make_event(db, owner=owner)
    kind = await f.add(db, EventType(name="Conference", slug="conference"))
    talk = await f.add(db, f.session(event))
    ticket = await f.add(db, f.ticket(event))
    faq_type = await f.add(db, FaqType(event_id=event.id, name="General"))
    await f.add(db, EventTaxonomy(event_id=event.id, event_type_id=kind.id),
                Faq(event_id=event.id, question="Q", answer="A", faq_type_id=faq_type.id),
                Feedback(user_id=owner.id, session_id=talk.id, event_id=event.id, rating=5),
                UserFavouriteSession(user_id=owner.id, session_id=talk.id),
                UserFavouriteEvent(user_id=owner.id, event_id=event.id),
                TicketTag(event_id=event.id, name="T", tickets=[ticket]),
                Exhibitor(event_id=event.id, name="E", sessions=[talk]))
    assert await counts(db) == [1] * 10
    assert (await delete(client, f"/v1/events/{event.id}", owner)).status_code == 200
    response = await delete(client, f"/v1/events/{event.id}?permanent=true&get_trashed=true", owner)
    assert response.status_code == 200, response.text
    assert await counts(db) == [0] * 10
    assert await db.scalar(select(func.count()).select_from(EventType)) == 1
