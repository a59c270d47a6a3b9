"""A SAVEPOINT that really nests, on PostgreSQL and on SQLite.

Python's sqlite3 driver (in its default, legacy transaction mode) only sends
BEGIN before the first INSERT/UPDATE/DELETE. A SAVEPOINT issued before any
write therefore *starts* the transaction, and its RELEASE commits it: the
outer rollback would not undo the rows written inside the savepoint. We open
the outer transaction explicitly first, so a savepoint is always nested and a
failed request leaves nothing half-saved.

Use it for "try the insert, catch IntegrityError, retry" (unique identifiers,
singleton rows): `async with savepoint(db): db.add(obj); await db.flush()`.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import AsyncIterator

from sqlalchemy.ext.asyncio import AsyncSession


async def _ensure_sqlite_transaction(db: AsyncSession) -> None:
    conn = await db.connection()
    if conn.dialect.name != "sqlite":
        return
    raw = await conn.get_raw_connection()
    if not raw.driver_connection.in_transaction:
        await conn.exec_driver_sql("BEGIN")


@asynccontextmanager
async def savepoint(db: AsyncSession) -> AsyncIterator[None]:
    """Run the block in a SAVEPOINT; on an exception only the block is rolled back."""
    await _ensure_sqlite_transaction(db)
    async with db.begin_nested():
        yield
