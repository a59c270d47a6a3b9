"""A small programme with every session state, in a published and a draft event,
and one user per kind of caller; the visibility tests read it from every angle."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from openevent.schedule.models import SESSION_STATES

from ..factories import auth_header, make_event, make_member, make_user
from . import factories as f

DELETED_AT = datetime(2026, 1, 1, tzinfo=timezone.utc)
ACTORS = ("anonymous", "outsider", "speaker", "email_speaker", "creator", "moderator", "team", "admin")


@dataclass
class World:
    users: dict = field(default_factory=dict)
    events: dict = field(default_factory=dict)  # "published"/"draft" -> Event
    sessions: dict = field(default_factory=dict)  # (event key, name) -> Session
    speakers: dict = field(default_factory=dict)  # (event key, name) -> Speaker
    tickets: dict = field(default_factory=dict)  # (event key, name) -> Ticket
    tracks: dict = field(default_factory=dict)  # (event key, name) -> Track

    def headers(self, actor: str) -> dict:
        user = self.users.get(actor)
        return auth_header(user) if user is not None else {}

    def session_ids(self, event_key: str, names) -> set[str]:
        return {str(self.sessions[(event_key, name)].id) for name in names}

    def speaker_ids(self, event_key: str, names) -> set[str]:
        return {str(self.speakers[(event_key, name)].id) for name in names}


async def build_world(db) -> World:
    world = World()
    team = await make_user(db, email="team@example.com")
    world.users = {
        "outsider": await make_user(db, email="outsider@example.com"),
        "speaker": await make_user(db, email="linked.speaker@example.com"),
        "email_speaker": await make_user(db, email="mail.speaker@example.com"),
        "creator": await make_user(db, email="creator@example.com"),
        "team": team,
        "admin": await make_user(db, email="admin@example.com", is_admin=True),
    }
    for key in ("published", "draft"):
        event = await make_event(db, state=key, owner=team)
        world.events[key] = event
        await _fill_event(db, world, key, event)
    world.users["moderator"] = await make_member(db, world.events["published"], "moderator",
                                                 email="moderator@example.com")
    return world


async def _fill_event(db, world: World, key: str, event) -> None:
    web = f.track(event, "Web", "#ffffff")
    gone_track = f.track(event, "Gone", "#000000", deleted_at=DELETED_AT)
    await f.add(db, web, gone_track)
    world.tracks[(key, "web")] = web
    world.tracks[(key, "gone")] = gone_track
    sessions = {state: f.session(event, f"{key} {state}", state, minutes=10 * i, track_id=web.id)
                for i, state in enumerate(SESSION_STATES)}
    sessions["deleted"] = f.session(event, f"{key} deleted", "accepted", minutes=90, deleted_at=DELETED_AT)
    sessions["rejected"].creator_id = world.users["creator"].id
    speakers = {
        "public": f.speaker(event, "Public Speaker", email="public@example.com", mobile="+65 1234"),
        "linked": f.speaker(event, "Linked Speaker", email="other@example.com", mobile="+65 5678",
                            user_id=world.users["speaker"].id),
        "by_email": f.speaker(event, "Mail Speaker", email="Mail.Speaker@Example.com"),
        "lonely": f.speaker(event, "Lonely Speaker"),
        "deleted": f.speaker(event, "Deleted Speaker", deleted_at=DELETED_AT),
    }
    sessions["accepted"].speakers = [speakers["public"], speakers["deleted"]]
    sessions["pending"].speakers = [speakers["linked"]]
    sessions["draft"].speakers = [speakers["by_email"]]
    await f.add(db, *sessions.values(), *speakers.values())
    tickets = {
        "shown": f.ticket(event, "Shown", position=1),
        "hidden": f.ticket(event, "Hidden", position=2, is_hidden=True),
        "deleted": f.ticket(event, "Deleted", position=3, deleted_at=DELETED_AT),
    }
    await f.add(db, *tickets.values())
    for name, row in sessions.items():
        world.sessions[(key, name)] = row
    for name, row in speakers.items():
        world.speakers[(key, name)] = row
    for name, row in tickets.items():
        world.tickets[(key, name)] = row
