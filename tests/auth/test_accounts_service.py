"""Creating accounts and checking passwords (the service the CLI and registration use)."""

import pytest
from argon2 import profiles
from sqlalchemy import select

from openevent.auth import passwords
from openevent.auth.models import User
from openevent.auth.service import (
    DuplicateEmail, InvalidEmail, WeakPassword, authenticate, create_user, soft_delete_user,
)

from .conftest import FAST_HASHER, PRODUCTION_HASHER
from .factories import PASSWORD


def test_production_hashing_is_argon2id_with_the_rfc9106_low_memory_profile():
    assert PRODUCTION_HASHER.type == profiles.RFC_9106_LOW_MEMORY.type
    assert (PRODUCTION_HASHER.time_cost, PRODUCTION_HASHER.memory_cost, PRODUCTION_HASHER.parallelism) == (3, 65536, 4)


async def test_create_user_normalises_email_and_stores_only_a_hash(db):
    user = await create_user(db, email="  Ada.Lovelace@Example.COM ", password=PASSWORD, first_name="Ada")
    await db.commit()
    stored = (await db.execute(select(User).where(User.id == user.id))).scalar_one()
    assert stored.email == "ada.lovelace@example.com"
    assert stored.first_name == "Ada"
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert (stored.is_admin, stored.is_super_admin, stored.is_verified, stored.is_blocked) == (False, False, False, False)


async def test_a_super_admin_is_an_admin_too(db):
    user = await create_user(db, email="root@example.com", password=PASSWORD, is_super_admin=True, is_verified=True)
    assert (user.is_admin, user.is_super_admin, user.is_verified) == (True, True, True)


async def test_duplicate_live_email_is_refused_whatever_its_case(db):
    await create_user(db, email="dup@example.com", password=PASSWORD)
    await db.commit()
    with pytest.raises(DuplicateEmail) as info:
        await create_user(db, email="DUP@example.com ", password=PASSWORD)
    assert str(info.value) == "An account with this email address already exists."
    assert isinstance(info.value, ValueError)  # what the CLI catches


async def test_email_of_a_deleted_account_can_be_used_again(db):
    first = await create_user(db, email="again@example.com", password=PASSWORD)
    await soft_delete_user(db, first)
    await db.commit()
    second = await create_user(db, email="again@example.com", password=PASSWORD)
    await db.commit()
    assert second.id != first.id


@pytest.mark.parametrize("email", ["not-an-email", "a@b", "two@@example.com", ""])
async def test_malformed_email_is_refused(db, email):
    with pytest.raises(InvalidEmail):
        await create_user(db, email=email, password=PASSWORD)


@pytest.mark.parametrize("password, message", [
    ("short", "The password must have at least 8 characters."),
    ("x" * 257, "The password may have at most 256 characters."),
])
async def test_weak_password_is_refused(db, password, message):
    with pytest.raises(WeakPassword) as info:
        await create_user(db, email="weak@example.com", password=password)
    assert str(info.value) == message


async def test_authenticate(db):
    user = await create_user(db, email="auth@example.com", password=PASSWORD)
    await db.commit()
    assert (await authenticate(db, "AUTH@example.com", PASSWORD)).id == user.id
    assert await authenticate(db, "auth@example.com", "wrong password") is None
    assert await authenticate(db, "nobody@example.com", PASSWORD) is None
    await soft_delete_user(db, user)
    await db.commit()
    assert await authenticate(db, "auth@example.com", PASSWORD) is None


async def test_a_hash_made_with_older_parameters_is_upgraded_on_login(db, monkeypatch):
    weaker = type(FAST_HASHER)(time_cost=1, memory_cost=1024, parallelism=1)
    user = await create_user(db, email="old@example.com", password=PASSWORD)
    user.password_hash = weaker.hash(PASSWORD)
    await db.commit()
    assert passwords.needs_rehash(user.password_hash)
    assert await authenticate(db, "old@example.com", PASSWORD) is not None
    assert not passwords.needs_rehash(user.password_hash)
    assert FAST_HASHER.verify(user.password_hash, PASSWORD)
