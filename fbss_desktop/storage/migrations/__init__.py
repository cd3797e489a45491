"""Numbered schema migrations, run at start-up: each in one transaction, after a backup (a copy of the SQLite
file, or a pg_dump of the server's database).

A database whose schema is newer than this program knows is refused and left untouched.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from peewee import CharField, Database, DateTimeField, IntegerField, Model

from fbss_desktop.core.errors import DomainError
from fbss_desktop.private_files import tighten, write_whole
from fbss_desktop.storage import pg_tools
from fbss_desktop.storage.db import KEY_FILE_SUFFIX, is_postgres, raw_sqlite_connection, sqlite_file
from fbss_desktop.storage.migrations import (
    m0001_initial,
    m0002_name_parts,
    m0003_consult_record,
    m0004_plan_document,
    m0005_plan_versions,
    m0006_day_one,
    m0007_users_audit,
    m0008_change_feed,
    m0009_desk_index,
    m0010_follow_through,
    m0011_region_scores,
)

log = logging.getLogger(__name__)

MIGRATIONS: tuple[ModuleType, ...] = (
    m0001_initial,
    m0002_name_parts,
    m0003_consult_record,
    m0004_plan_document,
    m0005_plan_versions,
    m0006_day_one,
    m0007_users_audit,
    m0008_change_feed,
    m0009_desk_index,
    m0010_follow_through,
    m0011_region_scores,
)
LATEST_VERSION: int = MIGRATIONS[-1].VERSION
_PG_LOCK_KEY = 0x46425353  # "FBSS": one workstation migrates at a time
KEEP_BACKUPS = 3  # pre-migration copies kept per database file; older ones are removed after a new copy


class SchemaTooNewError(DomainError):
    """The database was upgraded by a newer FBSS Desktop."""


class UnknownSchemaError(DomainError):
    """The database has tables but no record of our migrations: not ours, or its history was lost."""


@dataclass(frozen=True)
class MigrationReport:
    from_version: int
    to_version: int
    backup: Path | None


def _history_model(db: Database) -> Any:
    class SchemaMigration(Model):
        version = IntegerField(primary_key=True)
        name = CharField(max_length=100)
        applied_at = DateTimeField()

        class Meta:
            database = db
            table_name = "schema_migration"

    return SchemaMigration


def current_version(db: Database) -> int:
    """The schema version of `db`: 0 for an empty database."""
    if not db.table_exists("schema_migration"):
        return 0
    history = _history_model(db)
    latest = history.select(history.version).order_by(history.version.desc()).first()
    return int(latest.version) if latest else 0


def backup_sqlite(db: Database, backup_dir: Path, version: int, *, keep: int = KEEP_BACKUPS) -> Path | None:
    """Copy the SQLite file (consistently, WAL included) before it is changed; None if not a file.

    The copy is written under a temporary name and renamed when complete, so a failure (a full disk) leaves
    no partial or empty backup behind. Only the newest `keep` copies of this file are kept.
    """
    path = sqlite_file(db)
    if path is None or not path.exists():
        return None
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_dir / f"{path.stem}-schema-v{version}-{stamp}{path.suffix}"
    copy_sqlite(db, target)
    prune_backups(backup_dir, path, keep)
    return target


def backup_postgres(db: Database, backup_dir: Path, version: int) -> Path:
    """pg_dump of the server's database before its schema changes (every workstation that upgrades takes
    one; the newest KEEP_BACKUPS are kept). Without pg_dump on this computer the upgrade does not start."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = pg_tools.dump(db, backup_dir / f"{db.database}-schema-v{version}-{stamp}.dump")
    prune_backups(backup_dir, Path(f"{db.database}.dump"))
    return target


def copy_sqlite(db: Database, target: Path) -> Path:
    """A consistent copy of the open SQLite database (the online backup API: what sits in the WAL included),
    written under a temporary name and renamed when whole, readable by the user only. An encrypted database's
    copy is encrypted with the same key and gets a copy of its key file: it never holds the data in the clear."""
    path = sqlite_file(db)
    assert path is not None, "only an SQLite file is copied"
    passphrase = getattr(db, "connect_params", {}).get("passphrase")  # an encrypted (SQLCipher) database
    copy_sqlite_file(path, target, passphrase)
    keys = path.with_name(path.name + KEY_FILE_SUFFIX)
    if passphrase and keys.exists():  # the copy opens with the key file of its day
        write_whole(target.with_name(target.name + KEY_FILE_SUFFIX), keys.read_bytes())
    return target


def copy_sqlite_file(source_path: Path, target: Path, passphrase: str | None) -> Path:
    """A consistent copy of an SQLite file through the online backup API (its write-ahead log included), made
    under a temporary name and renamed when whole, readable by the user only."""
    partial = target.with_name(target.name + ".part")
    try:
        source, copy = raw_sqlite_connection(source_path, passphrase), raw_sqlite_connection(partial, passphrase)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        tighten(partial)
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def prune_backups(backup_dir: Path, database_file: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Remove all but the newest `keep` pre-migration copies of `database_file`; returns what was removed."""
    copies = sorted(
        backup_dir.glob(f"{database_file.stem}-schema-v*{database_file.suffix}"),
        key=lambda p: (p.stat().st_mtime, p.name),
    )
    removed = copies[: max(0, len(copies) - keep)]
    for old in removed:
        old.unlink(missing_ok=True)
        old.with_name(old.name + KEY_FILE_SUFFIX).unlink(missing_ok=True)
        log.info("removed an old pre-migration backup %s", old.name)
    return removed


def migrate(
    db: Database,
    *,
    backup_dir: Path | None,
    target: int | None = None,
    migrations: Sequence[ModuleType] = MIGRATIONS,
) -> MigrationReport:
    """Bring `db` to `target` (default: the latest schema). Raises SchemaTooNewError if it is newer."""
    known = migrations[-1].VERSION if migrations else 0
    target = known if target is None else target
    start = current_version(db)
    if start == 0 and [t for t in db.get_tables() if t != "schema_migration"]:
        raise UnknownSchemaError(
            "This database has tables but no record of FBSS Desktop's schema versions: it is not an FBSS Desktop "
            "database, or its version history was lost. It was left untouched; check the database address, or "
            "restore it from a backup."
        )
    if start > known:
        raise SchemaTooNewError(
            f"This database has schema version {start}, but this FBSS Desktop knows only up to version "
            f"{known}. Install the newer FBSS Desktop that upgraded it; the database was not changed."
        )
    pending = [m for m in migrations if start < m.VERSION <= target]
    if not pending:
        return MigrationReport(start, start, None)

    backup = None
    if backup_dir is not None and start > 0:
        backup = backup_postgres(db, backup_dir, start) if is_postgres(db) else backup_sqlite(db, backup_dir, start)
    history = _history_model(db)
    db.create_tables([history], safe=True)
    for migration in pending:
        with db.atomic():
            if is_postgres(db):
                db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_LOCK_KEY,))
                # Another workstation may have applied it while this one waited for the lock.
                if history.select().where(history.version == migration.VERSION).exists():
                    continue
            log.info("applying schema migration %s (%s)", migration.VERSION, migration.NAME)
            migration.apply(db)
            history.create(version=migration.VERSION, name=migration.NAME, applied_at=dt.datetime.now())
    return MigrationReport(start, current_version(db), backup)
