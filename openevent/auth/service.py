"""Accounts and sessions: creating users, checking passwords, issuing, refreshing
and revoking tokens.

Plain functions on a DB session, no HTTP. They flush but never commit: the
caller owns the transaction (one per request, or one per CLI command).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, exists, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from openevent.core.db import utcnow

from .models import RevokedToken, User
from .passwords import hash_password, needs_rehash, password_problem, verify_password
from .ratelimit import SlidingWindow
from .tokens import InvalidToken, TokenClaims, decode_token, issue_token, revoked_by_user


class AccountError(ValueError):
    """A refused account operation; `field` names the input at fault, if any."""

    field: str | None = None


class InvalidEmail(AccountError):
    field = "email"


class DuplicateEmail(AccountError):
    field = "email"

    def __init__(self) -> None:
        super().__init__("An account with this email address already exists.")


class WeakPassword(AccountError):
    field = "password"


class InvalidCredentials(AccountError):
    def __init__(self) -> None:
        # The same words whether the email is unknown or the password wrong.
        super().__init__("Wrong email or password.")


class AccountBlocked(AccountError):
    def __init__(self) -> None:
        super().__init__("This account has been blocked; contact the site administrators.")


class InvalidRefreshToken(AccountError):
    pass


# -- accounts ---------------------------------------------------------------------------

def canonical_email(email: str) -> str:
    return email.strip().lower()


def normalise_email(email: Any) -> str:
    """The stored form of an email address (stripped, lower-case); InvalidEmail when malformed."""
    if not isinstance(email, str):
        raise InvalidEmail("The email address must be a string.")
    value = canonical_email(email)
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidEmail(f"{value!r} is not a valid email address: {exc}") from None
    return value


async def email_taken(db: AsyncSession, email: str, *, except_user_id: int | None = None) -> bool:
    query = exists().where(User.email == email, User.deleted_at.is_(None))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return bool((await db.execute(select(query))).scalar())


def check_password(password: Any) -> str:
    problem = password_problem(password)
    if problem:
        raise WeakPassword(problem)
    return password


async def create_user(
    db: AsyncSession,
    *,
    email: str,
    password: str,
    is_admin: bool = False,
    is_super_admin: bool = False,
    is_verified: bool = False,
    **fields: Any,
) -> User:
    """A new account with an Argon2id password hash. A super admin is an admin too.

    Raises InvalidEmail, WeakPassword or DuplicateEmail (all ValueError). Flushes; the caller commits.
    """
    email = normalise_email(email)
    check_password(password)
    if await email_taken(db, email):
        raise DuplicateEmail()
    user = User(
        email=email,
        password_hash=await hash_password(password),
        is_admin=is_admin or is_super_admin,
        is_super_admin=is_super_admin,
        is_verified=is_verified,
        **fields,
    )
    db.add(user)
    await flush_unique_email(db)
    return user


async def flush_unique_email(db: AsyncSession) -> None:
    """Flush; a concurrent account with the same email (unique index) becomes DuplicateEmail."""
    try:
        await db.flush()
    except IntegrityError:
        await db.rollback()
        raise DuplicateEmail() from None


async def change_email(db: AsyncSession, user: User, email: Any) -> None:
    """A new address must be verified again."""
    email = normalise_email(email)
    if email == user.email:
        return
    if await email_taken(db, email, except_user_id=user.id):
        raise DuplicateEmail()
    user.email = email
    user.is_verified = False


async def set_password(db: AsyncSession, user: User, password: Any) -> None:
    """A new password ends every session of the account, the current one included."""
    user.password_hash = await hash_password(check_password(password))
    user.sessions_revoked_at = utcnow()


async def soft_delete_user(db: AsyncSession, user: User) -> None:
    now = utcnow()
    user.deleted_at = now
    user.sessions_revoked_at = now


async def authenticate(db: AsyncSession, email: Any, password: Any) -> User | None:
    """The live account with this email and password, else None (same work either way)."""
    if not isinstance(password, str):
        return None
    user = None
    if isinstance(email, str):
        query = select(User).where(User.email == canonical_email(email), User.deleted_at.is_(None))
        user = (await db.execute(query)).scalar_one_or_none()
    if not await verify_password(user.password_hash if user else None, password):
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = await hash_password(password)
    return user


# -- sessions ---------------------------------------------------------------------------

@dataclass
class IssuedTokens:
    access_token: str
    refresh_token: str | None = None
    refresh_expires_at: datetime | None = None


def login_limit(settings: Any) -> SlidingWindow:
    return SlidingWindow("login", settings.login_rate_limit, timedelta(seconds=settings.login_rate_window_seconds))


async def login(
    db: AsyncSession, settings: Any, *, email: str, password: str, remember_me: bool, client_address: str
) -> IssuedTokens:
    """Check the password and issue tokens (a refresh token only with remember-me).

    Failed attempts are limited per email and per client address (RateLimited).
    A failure is recorded in the session before InvalidCredentials is raised:
    the caller commits it even though it answers with an error.
    """
    limit = login_limit(settings)
    keys = [limit.key("email", canonical_email(email)), limit.key("address", client_address)]
    await limit.check(db, keys)
    user = await authenticate(db, email, password)
    if user is None:
        await limit.record(db, keys)
        raise InvalidCredentials()
    if user.is_blocked:
        raise AccountBlocked()
    user.last_accessed_at = utcnow()
    return issue_tokens(settings, user.id, remember_me=remember_me)


def issue_tokens(
    settings: Any, user_id: int, *, remember_me: bool, fresh: bool = True, refresh_lifetime: timedelta | None = None
) -> IssuedTokens:
    minutes = settings.remember_me_access_token_minutes if remember_me else settings.access_token_minutes
    access, _ = issue_token(settings.secret_key, user_id, kind="access", lifetime=timedelta(minutes=minutes), fresh=fresh)
    if not remember_me:
        return IssuedTokens(access)
    lifetime = refresh_lifetime or timedelta(days=settings.refresh_token_days)
    refresh_token, claims = issue_token(settings.secret_key, user_id, kind="refresh", lifetime=lifetime)
    return IssuedTokens(access, refresh_token, claims.expires_at)


async def refresh(db: AsyncSession, settings: Any, token: str) -> IssuedTokens:
    """Rotate: the presented refresh token is revoked and a new pair is issued.

    The new refresh token expires when the old one would have, so rotation never
    extends a session beyond its first login.
    """
    try:
        claims = decode_token(settings.secret_key, token, kind="refresh")
    except InvalidToken as exc:
        raise InvalidRefreshToken(str(exc)) from None
    if not await revoke(db, claims):
        raise InvalidRefreshToken("This refresh token has already been used or revoked.")
    user = await db.get(User, claims.user_id)
    if user is None or user.deleted_at is not None or user.is_blocked or revoked_by_user(
        claims.issued_at, user.sessions_revoked_at
    ):
        raise InvalidRefreshToken("This refresh token is no longer valid.")
    remaining = claims.expires_at - utcnow()
    return issue_tokens(settings, user.id, remember_me=True, fresh=False, refresh_lifetime=remaining)


async def revoke(db: AsyncSession, claims: TokenClaims) -> bool:
    """Revoke a token until it expires; False when it already was revoked.

    The jti is the primary key, so of two concurrent rotations of one refresh
    token exactly one inserts the row and wins.
    """
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    stmt = insert(RevokedToken.__table__).values(jti=claims.jti, expires_at=claims.expires_at)
    result = await db.execute(stmt.on_conflict_do_nothing(index_elements=["jti"]))
    # Rows of expired tokens are useless: an expired token is refused anyway.
    await db.execute(delete(RevokedToken.__table__).where(RevokedToken.expires_at < utcnow()))
    return result.rowcount == 1


async def logout(db: AsyncSession, settings: Any, tokens: list[str | None]) -> None:
    """Revoke each valid access or refresh token given; anything else is ignored."""
    for token in tokens:
        claims = _decode_any(settings, token)
        if claims is not None:
            await revoke(db, claims)


def _decode_any(settings: Any, token: str | None) -> TokenClaims | None:
    if not token:
        return None
    for kind in ("access", "refresh"):
        try:
            return decode_token(settings.secret_key, token, kind=kind)
        except InvalidToken:
            continue
    return None


async def end_all_sessions(db: AsyncSession, user_id: int) -> None:
    """Log out everywhere: every token of the user issued until now is refused."""
    user = await db.get(User, user_id)
    if user is not None:
        user.sessions_revoked_at = utcnow()
