"""User repository: accounts, their password hashes and sign-in attempts, with an optimistic row-version
check on every change an administrator makes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss_desktop.core.errors import ConflictError, NotFoundError, ValidationError
from fbss_desktop.core.users import Role, User
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import AppUser, utcnow

_CHANGED = "This user was changed on another workstation since you opened it; open the list again."


def _user(row: Any) -> User:
    return User(
        username=row.username,
        display_name=row.display_name,
        roles=frozenset(Role(r) for r in row.roles.split(",") if r),
        clinician_id=row.clinician_id,
        active=bool(row.active),
        id=row.id,
        row_version=row.row_version,
        password_changed_at=row.password_changed_at,
        must_change_password=bool(row.must_change_password),
    )


def _roles(user: User) -> str:
    return ",".join(sorted(role.value for role in user.roles))


def count_users(active_only: bool = True) -> int:
    query = AppUser.select()
    if active_only:
        query = query.where(AppUser.active == True)  # noqa: E712 (peewee expression)
    return int(query.count())


def list_users() -> list[User]:
    return [_user(r) for r in AppUser.select().order_by(AppUser.display_name, AppUser.id)]


def get_user(user_id: int) -> User:
    row = AppUser.get_or_none(AppUser.id == user_id)
    if row is None:
        raise NotFoundError("This user no longer exists.")
    return _user(row)


def credentials(username: str) -> tuple[User, str, int, dt.datetime | None] | None:
    """(user, password hash, failed attempts, locked until) for a sign-in, or None for an unknown name."""
    row = AppUser.get_or_none(AppUser.username == username.strip().lower())
    if row is None:
        return None
    return _user(row), row.password_hash, row.failed_attempts, row.locked_until


def add_user(user: User, password_hash: str, *, must_change_password: bool = True) -> User:
    if AppUser.select().where(AppUser.username == user.username).exists():
        raise ValidationError({"username": f"The user name '{user.username}' is taken; choose another."})
    now = utcnow()
    new_id = AppUser.insert(
        username=user.username,
        display_name=user.display_name,
        roles=_roles(user),
        clinician=user.clinician_id,
        password_hash=password_hash,
        must_change_password=must_change_password,
        active=user.active,
        password_changed_at=now,
        created_at=now,
        updated_at=now,
        row_version=1,
    ).execute()
    return get_user(int(new_id))


def update_user(user: User) -> User:
    """Change name, roles, clinician link or active state of a user nobody changed since it was read."""
    assert user.id is not None
    with database.atomic():
        clash = AppUser.select().where((AppUser.username == user.username) & (AppUser.id != user.id)).exists()
        if clash:
            raise ValidationError({"username": f"The user name '{user.username}' is taken; choose another."})
        updated = (
            AppUser.update(
                username=user.username,
                display_name=user.display_name,
                roles=_roles(user),
                clinician=user.clinician_id,
                active=user.active,
                updated_at=utcnow(),
                row_version=AppUser.row_version + 1,
            )
            .where((AppUser.id == user.id) & (AppUser.row_version == user.row_version))
            .execute()
        )
        if updated != 1:
            raise ConflictError(_CHANGED)
    return get_user(user.id)


def set_password(user_id: int, password_hash: str, *, must_change: bool) -> None:
    AppUser.update(
        password_hash=password_hash,
        must_change_password=must_change,
        password_changed_at=utcnow(),
        failed_attempts=0,
        locked_until=None,
        row_version=AppUser.row_version + 1,
    ).where(AppUser.id == user_id).execute()


def rehash(user_id: int, password_hash: str) -> None:
    """A new hash of the same password (the hashing parameters changed); nothing else changes."""
    AppUser.update(password_hash=password_hash).where(AppUser.id == user_id).execute()


def record_attempt(user_id: int, *, succeeded: bool, locked_until: dt.datetime | None = None) -> None:
    if succeeded:
        AppUser.update(failed_attempts=0, locked_until=None).where(AppUser.id == user_id).execute()
    else:
        AppUser.update(failed_attempts=AppUser.failed_attempts + 1, locked_until=locked_until).where(
            AppUser.id == user_id
        ).execute()
