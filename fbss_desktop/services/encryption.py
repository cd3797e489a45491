"""An encrypted SQLite database: knowing whether one is, opening it with a user's password, and encrypting a
plain one (`fbss-desktop encrypt`, and the clinic set-up).

An SQLite database is encrypted when its key file lies beside it (clinic.sqlite3.keys, see database_keys):
the app then asks who is there before it opens anything, and the password that signs the user in also
unwraps the database key. Encrypting writes an encrypted copy (SQLCipher, AES-256), checks it, writes the key
file with the administrator's copy and the recovery copy, and only then puts the copy in the plain file's
place: a failure on the way leaves the plain database as it was. Other users get their copy when an
administrator resets their password, or when they next change it while the database is open.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import is_encrypted as is_encrypted
from fbss_desktop.core.database_url import key_file_for, sqlite_path
from fbss_desktop.core.errors import DomainError, PermissionDenied, SignInError
from fbss_desktop.core.users import Permission
from fbss_desktop.services.database_keys import KeyFile, new_database_key, new_recovery_key
from fbss_desktop.storage.db import encrypt_sqlite_file

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

log = logging.getLogger(__name__)


@dataclass
class _Refusals:
    """Wrong passwords at an encrypted database's door, before it is open: each one after the first few waits
    longer (as a sign-in does), and once someone gets in they go into the audit trail."""

    failures: int = 0
    not_before: float = 0.0
    names: list[str] = field(default_factory=list)


_refused = _Refusals()


def unlock(url: str, username: str, password: str) -> bytes:
    """The key of the encrypted database at `url`, unwrapped with this user's password; SignInError (saying
    only that the name or password is not right, or how long to wait) or KeyFileError."""
    from fbss_desktop.services.account_manager import too_many, wait_seconds

    path = sqlite_path(url)
    assert path is not None, "only an SQLite file is encrypted"
    now = time.monotonic()
    if now < _refused.not_before:
        raise SignInError(too_many(_refused.not_before - now))
    name = username.strip().lower()
    try:
        return KeyFile.read(key_file_for(path)).unwrap_for(name, password)
    except SignInError:
        _refused.failures += 1
        _refused.names.append(name[:40])
        _refused.not_before = now + wait_seconds(_refused.failures)
        raise


def record_refusals(clinic: Clinic) -> None:
    """The wrong passwords given before the encrypted database opened, now in its audit trail."""
    for name in _refused.names:
        clinic.audit.record(
            None, AuditAction.SIGN_IN_REFUSED, outcome="refused", username=name, detail="before the database opened"
        )
    _refused.failures, _refused.not_before, _refused.names = 0, 0.0, []


def unlock_with_recovery(url: str, recovery_key: str) -> bytes:
    path = sqlite_path(url)
    assert path is not None, "only an SQLite file is encrypted"
    return KeyFile.read(key_file_for(path)).unwrap_recovery(recovery_key)


@dataclass
class ClinicKeys:
    """The open database's key and its key file: a user's copy is wrapped when their password is set."""

    path: Path
    key: bytes

    def wrap_for(self, username: str, password: str) -> None:
        keys = KeyFile.read(self.path)
        keys.wrap_for(username, password, self.key)
        keys.write(self.path)

    def remove(self, username: str) -> None:
        keys = KeyFile.read(self.path)
        if username in keys.entries:
            keys.remove(username)
            keys.write(self.path)


@dataclass(frozen=True)
class Encrypted:
    """What encrypting told the administrator: the recovery key (shown once), the users who sign in only once
    an administrator resets their password, and plain copies made before that are still on disk."""

    recovery_key: str
    without_copy: tuple[str, ...]
    plain_backups: tuple[Path, ...]


def encrypt(
    url: str,
    username: str,
    password: str,
    open_clinic: Callable[[bytes | None], Clinic],
    *,
    backup_dir: Path | None = None,
) -> Encrypted:
    """Encrypt the plain SQLite database at `url`, for an administrator who signs in with `password`;
    `open_clinic(key)` opens it as the caller does (its backups and audit key folder), with or without a key;
    `backup_dir` is where plain copies made before may still lie.

    Nothing else may have the database open. Raises DomainError when it is not a plain SQLite file, and
    SignInError or PermissionDenied for the wrong user."""
    path = sqlite_path(url)
    if path is None:
        raise DomainError("Only an SQLite database file is encrypted here; a PostgreSQL server keeps its own.")
    if key_file_for(path).exists():
        raise DomainError(f"{path.name} is encrypted already (its key file {key_file_for(path).name} is beside it).")
    clinic = open_clinic(None)
    try:
        if clinic.accounts.needs_first_user():
            raise DomainError("This clinic has no users yet: set it up (its first administrator) before encrypting.")
        actor = clinic.accounts.sign_in(username, password, f"{clinic.workstation} (command line)")
        if not actor.user.can(Permission.USERS):
            raise PermissionDenied("Encrypting the database is for an administrator.")
        others = tuple(
            u.username for u in clinic.accounts.list_users() if u.active and u.username != actor.user.username
        )
    finally:
        clinic.close()
    key, recovery = new_database_key(), new_recovery_key()
    keys = KeyFile()
    keys.wrap_for(actor.user.username, password, key)
    keys.wrap_recovery(recovery, key)
    encrypted = encrypt_sqlite_file(path, key)
    try:
        keys.write(key_file_for(path))  # before the swap: a database is never encrypted without its keys
        for part in ("-wal", "-shm"):
            Path(str(path) + part).unlink(missing_ok=True)
        os.replace(encrypted, path)
    except BaseException:
        encrypted.unlink(missing_ok=True)
        key_file_for(path).unlink(missing_ok=True)
        raise
    reopened = open_clinic(key)
    try:
        signed = reopened.accounts.sign_in(username, password, f"{reopened.workstation} (command line)")
        reopened.audit.record(signed, AuditAction.DATABASE_ENCRYPTED, detail=f"{len(others)} users to reset")
    finally:
        reopened.close()
    plain = tuple(sorted(backup_dir.glob(f"{path.stem}-schema-v*{path.suffix}"))) if backup_dir else ()
    log.info("database encrypted; %d other users need a password reset", len(others))
    return Encrypted(recovery, others, tuple(p for p in plain if not key_file_for(p).exists()))


def recover(
    url: str, recovery_key: str, username: str, password: str, open_clinic: Callable[[bytes | None], Clinic]
) -> None:
    """Open the encrypted database with the recovery key and give the administrator `username` the new
    `password` (their copy of the key wrapped for it): what the recovery key is kept for. SignInError for a key
    that does not open it, ValidationError for the wrong user or a weak password."""
    clinic = open_clinic(unlock_with_recovery(url, recovery_key))
    try:
        clinic.recovered = True
        clinic.accounts.recover_administrator(username, password)
    finally:
        clinic.close()
