"""Restoring a backup (`fbss-desktop restore FILE`): into a new database first, verified there, and only then
put in the current one's place, which is kept beside it, never deleted.

The check before anything is replaced: the engine's integrity and foreign key checks, the rows of every
table, the audit trail's chain walked whole, and a spread of patients' case files read back from their stored
documents. Whoever restores signs in to the backup itself as an administrator (the current database may be
the one that is broken). An encrypted backup opens with its own key file and that administrator's password.
A backup from an older version is upgraded as it opens. The restore is recorded in the restored database's
audit trail.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse, urlunparse

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import KEY_FILE_SUFFIX, key_file_for, sqlite_path
from fbss_desktop.core.errors import DatabaseBusyError, DomainError
from fbss_desktop.core.users import Permission
from fbss_desktop.private_files import tighten
from fbss_desktop.services import casefile
from fbss_desktop.services.server_setup import clinic_group
from fbss_desktop.storage import pg_tools, verification
from fbss_desktop.storage.db import SQLITE_HEADER, postgres_params, sqlite_file_in_use
from fbss_desktop.storage.migrations import copy_sqlite_file, current_version

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

SAMPLE = 200  # patients whose case files are read back from the restored database
PG_DUMP_HEADER = b"PGDMP"

Opener = Callable[[str, bytes | None], "Clinic"]  # (url, key) -> an open Clinic


@dataclass(frozen=True)
class Verification:
    problems: list[str]
    counts: dict[str, int]
    audit_entries: int
    read_back: int
    schema: int

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Restored:
    verification: Verification
    database: str  # where the restored data is now: a file, or a PostgreSQL database's name
    kept: str | None = None  # the database it replaced, kept (None: nothing was replaced)
    notes: list[str] = field(default_factory=list)


def verify(clinic: Clinic, sample: int = SAMPLE) -> Verification:
    """Check the open database (an administrator signed in): nothing changes."""
    clinic.require(Permission.BACKUPS)
    problems = verification.integrity_problems()
    if problems:  # nothing further can be trusted (or even read) from a file that fails its integrity check
        return Verification(problems, {}, 0, 0, 0)
    counts = verification.row_counts()
    checked, broken = clinic.audit.verify()
    if broken is not None:
        problems.append(f"the audit trail is broken at entry {broken.id}: it was changed outside FBSS Desktop")
    read = 0
    for mrn in verification.sample_mrns(sample):
        try:
            casefile.export_case(clinic, mrn)
        except Exception as exc:  # noqa: BLE001 - any failure to read a patient back is a finding, not a crash
            problems.append(f"a patient's records could not be read back ({type(exc).__name__})")
            break
        read += 1
    return Verification(problems, counts, checked, read, current_version(clinic.database))


def backup_kind(path: Path) -> str:
    """ "sqlite" (a plain or encrypted SQLite file) or "postgres" (a pg_dump file); DomainError otherwise."""
    if not path.is_file():
        raise DomainError(f"There is no backup file at {path}.")
    with path.open("rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head.startswith(PG_DUMP_HEADER):
        return "postgres"
    if head == SQLITE_HEADER or key_file_for(path).exists():
        return "sqlite"
    raise DomainError(f"{path.name} is not an FBSS Desktop backup (neither an SQLite file nor a pg_dump file).")


def restore(
    backup: Path,
    url: str,
    username: str,
    password: str,
    opener: Opener,
    *,
    kept_dir: Path,
    into: str | None = None,
    sign_in: Callable[[Clinic], None] | None = None,
) -> Restored:
    """Restore `backup` over the database at `url` (or, with `into`, into that new file or database only)."""
    kind = backup_kind(backup)
    target = sqlite_path(url)
    if (kind == "sqlite") != (target is not None):
        raise DomainError(
            "An SQLite backup restores to an SQLite database and a pg_dump file to a PostgreSQL server: this "
            "backup does not fit the database FBSS Desktop is set to open."
        )

    def checked(staged_url: str, key: bytes | None) -> Verification:
        clinic = opener(staged_url, key)
        try:
            if sign_in is not None:
                sign_in(clinic)
            else:
                clinic.accounts.sign_in(username, password, f"{clinic.workstation} (restore)")
            result = verify(clinic)
            if result.ok:
                clinic.audit.record(
                    clinic.actor,
                    AuditAction.RESTORE,
                    detail=f"from {backup.name}; {result.counts.get('patient', 0)} patients; "
                    f"{result.audit_entries} audit entries checked",
                )
            return result
        finally:
            clinic.close()

    if target is not None:
        return _restore_sqlite(backup, target, username, password, checked, kept_dir, into)
    return _restore_postgres(backup, url, checked, into)


def _refuse(result: Verification) -> DomainError:
    return DomainError(
        "The backup did not pass its check, so nothing was replaced: " + "; ".join(result.problems[:5]) + "."
    )


def _restore_sqlite(
    backup: Path,
    target: Path,
    username: str,
    password: str,
    checked: Callable[[str, bytes | None], Verification],
    kept_dir: Path,
    into: str | None,
) -> Restored:
    from fbss_desktop.services.encryption import unlock

    staged = Path(into) if into else target.with_name(target.name + ".restoring")
    if into and staged.exists():
        raise DomainError(f"{staged} exists already: restore into a new file.")
    _remove_sqlite(staged)  # a restore interrupted before left its copy: start again
    staged.parent.mkdir(parents=True, exist_ok=True)
    try:
        keys = key_file_for(backup)
        key = unlock(f"sqlite:///{backup}", username, password) if keys.exists() else None
        passphrase = f"x'{key.hex()}'" if key is not None else None
        try:  # through SQLite, not as bytes: a write-ahead log left beside the backup is part of it
            copy_sqlite_file(backup, staged, passphrase)
        except Exception as exc:
            if not any(kind.__name__ == "DatabaseError" for kind in type(exc).__mro__):
                raise
            raise DomainError(
                f"{backup.name} cannot be read as a database: it is damaged, or it is not the backup of this "
                "clinic's key. Nothing was replaced; try an older backup."
            ) from exc
        if keys.exists():
            shutil.copyfile(keys, key_file_for(staged))
            tighten(key_file_for(staged))
        staged_url = f"sqlite:///{staged}"
        result = checked(staged_url, key)
        if not result.ok:
            raise _refuse(result)
        if into:
            return Restored(result, str(staged))
        if target.exists() and sqlite_file_in_use(target, _current_passphrase(target, passphrase)):
            raise DatabaseBusyError(
                "FBSS Desktop (or another program) has the database open. Close it on this computer and try "
                "again; the backup passed its check and nothing was replaced."
            )
        kept = None
        if target.exists():
            kept_dir.mkdir(parents=True, exist_ok=True)
            kept = kept_dir / f"{target.stem}-before-restore-{dt.datetime.now():%Y%m%d-%H%M%S}{target.suffix}"
            for suffix in ("", "-wal", "-shm", KEY_FILE_SUFFIX):
                part = target.with_name(target.name + suffix)
                if part.exists():
                    part.replace(kept.with_name(kept.name + suffix))
        if key_file_for(staged).exists():
            key_file_for(staged).replace(key_file_for(target))
        staged.replace(target)
        return Restored(result, str(target), str(kept) if kept else None)
    except BaseException:
        _remove_sqlite(staged)
        raise


def _current_passphrase(target: Path, restored: str | None) -> str | None:
    """The current file is probed with the restored one's key: the same clinic's key, or none. A current
    file that is encrypted with another key fails the probe as damaged, and is moved aside all the same."""
    return restored if key_file_for(target).exists() else None


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", KEY_FILE_SUFFIX):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _restore_postgres(
    backup: Path, url: str, checked: Callable[[str, bytes | None], Verification], into: str | None
) -> Restored:
    params = postgres_params(url)
    current = str(params["dbname"])
    stamp = dt.datetime.now().strftime("%Y%m%d_%H%M%S")
    staged = into or f"{current}_restore_{stamp}"
    if not pg_tools.role_may_restore(params):
        raise DomainError(
            "This role may not make the new database a restore goes into. Restore as the database's owner, with "
            "its address: fbss-desktop --database postgresql://OWNER@HOST/NAME --user ADMIN restore FILE "
            "(the owner may create databases and roles: see the README). Nothing was changed."
        )
    if not into:
        _refuse_while_open(params, current)  # before an hour of restoring, not after
    pg_tools.create_database(params, staged)
    try:
        pg_tools.restore_into(params, backup, staged)
        staged_url = urlunparse(urlparse(url)._replace(path=f"/{staged}"))
        pg_tools.grant_to_clinic(params, staged, clinic_group(current))  # the workstations' rights come back
        result = checked(staged_url, None)
        if not result.ok:
            raise _refuse(result)
        if into:
            return Restored(result, staged)
        _refuse_while_open(params, current, checked_already=True)
        kept: str | None = f"{current}_before_restore_{stamp}"
        if not pg_tools.exists(params, current):
            kept = None  # a new server: the restored database simply takes the name
        pg_tools.swap(params, current, staged, kept)
        return Restored(result, current, kept)
    except BaseException:
        pg_tools.drop_database(params, staged)
        raise


def _refuse_while_open(params: dict[str, object], name: str, *, checked_already: bool = False) -> None:
    others = pg_tools.other_sessions(params, name) if pg_tools.exists(params, name) else 0
    if others:
        passed = " The backup passed its check." if checked_already else ""
        raise DatabaseBusyError(
            f"{others} other connection{'s have' if others != 1 else ' has'} the database open (FBSS Desktop on a "
            f"workstation, or another program). Close them all and try again.{passed} Nothing was replaced."
        )
