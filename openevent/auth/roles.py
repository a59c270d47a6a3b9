"""The fixed event roles and granting them to users."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import EVENT_ROLE_NAMES, Role, UsersEventsRoles

ROLE_TITLES = {
    "owner": "Owner",
    "organizer": "Organizer",
    "coorganizer": "Co-organizer",
    "track_organizer": "Track Organizer",
    "moderator": "Moderator",
    "registrar": "Registrar",
    "attendee": "Attendee",
}


async def ensure_roles(db: AsyncSession) -> dict[str, int]:
    """Create the standard roles if missing; return name -> id."""
    existing = {name: rid for rid, name in await db.execute(select(Role.id, Role.name))}
    for name in EVENT_ROLE_NAMES:
        if name not in existing:
            role = Role(name=name, title_name=ROLE_TITLES[name])
            db.add(role)
            await db.flush()
            existing[name] = role.id
    return existing


async def grant_event_role(db: AsyncSession, *, user_id: int, event_id: int, role: str) -> UsersEventsRoles:
    if role not in EVENT_ROLE_NAMES:
        raise ValueError(f"unknown event role {role!r}")
    role_ids = await ensure_roles(db)
    row = UsersEventsRoles(user_id=user_id, event_id=event_id, role_id=role_ids[role])
    db.add(row)
    await db.flush()
    return row
