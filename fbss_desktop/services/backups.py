"""Backups (`clinic.backups`, `fbss-desktop backup`, and once a day by itself): a consistent copy of the
database taken while it is in use, kept with a retention of the newest copy of each of the last days and
weeks, and recorded in the audit trail.

An SQLite file is copied with the online backup API (what sits in the write-ahead log is in it); an encrypted
one's copy is encrypted with the same key, beside a copy of its key file. A PostgreSQL server is dumped with
pg_dump (its custom format). Restoring, verified before anything is replaced, is services/restore.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import KEY_FILE_SUFFIX
from fbss_desktop.core.errors import DomainError
from fbss_desktop.core.users import Actor, Permission
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.storage import pg_tools
from fbss_desktop.storage.db import is_postgres, sqlite_file
from fbss_desktop.storage.migrations import copy_sqlite

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

KEEP_DAYS = 7  # the newest backup of each of the last 7 days with one ...
KEEP_WEEKS = 4  # ... and of each of the last 4 weeks
PG_DUMP_SUFFIX = ".dump"  # pg_dump's custom format


@guard_methods()
class BackupManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.BACKUPS)
    def make(self, folder: Path) -> Path:
        """A backup of the database in `folder` (made if missing); older ones beyond the retention removed."""
        actor = self.clinic.require(Permission.BACKUPS)
        return self._make(actor, folder)

    @needs(NO_CHECK)
    def make_daily(self, folder: Path) -> Path | None:
        """Once a day, whoever is signed in: the day's backup of an SQLite file, when it has none yet (a
        server is backed up on the server, by `fbss-desktop backup` in its cron). None when nothing was due."""
        path = sqlite_file(self.clinic.database)
        if path is None or not self.clinic.settings.values().get("backups.daily", True):
            return None
        if self.clinic.patients.is_empty():
            return None  # nothing to keep yet (and a copy made before the set-up encrypts the file would be plain)
        today = f"{path.stem}-backup-{dt.date.today():%Y%m%d}-"
        if folder.is_dir() and any(p.name.startswith(today) for p in folder.glob(f"{path.stem}-backup-*")):
            return None
        return self._make(self.clinic.actor, folder, daily=True)

    def _make(self, actor: Actor | None, folder: Path, *, daily: bool = False) -> Path:
        database = self.clinic.database
        path = sqlite_file(database)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
        if path is not None:
            stem, suffix = path.stem, path.suffix
            target = folder / f"{stem}-backup-{stamp}{suffix}"
            copy_sqlite(database, target)
        elif is_postgres(database):
            stem, suffix = str(database.database), PG_DUMP_SUFFIX
            target = pg_tools.dump(database, folder / f"{stem}-backup-{stamp}{suffix}")
        else:
            raise DomainError("A database kept only in memory has nothing to back up.")
        removed = prune(folder, stem, suffix)
        detail = f"{target.name}; {len(removed)} older removed" + ("; the daily backup" if daily else "")
        self.clinic.audit.record(actor, AuditAction.BACKUP, detail=detail)
        return target


def prune(folder: Path, stem: str, suffix: str, today: dt.date | None = None) -> list[Path]:
    """Keep every backup of today, and the newest of each of the last KEEP_DAYS days that have one and of each
    of the last KEEP_WEEKS weeks; remove the rest (with their key files). Returns what was removed."""
    today = today or dt.date.today()
    copies = sorted(folder.glob(f"{stem}-backup-*{suffix}"), key=lambda p: p.name, reverse=True)  # newest first
    kept_days: list[dt.date] = []
    kept_weeks: list[tuple[int, int]] = []
    removed = []
    for copy in copies:
        stamp = copy.name[len(f"{stem}-backup-") : -len(suffix) or None]
        try:
            day = dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").date()
        except ValueError:
            continue  # not one of ours
        week = day.isocalendar()[:2]
        keep = day == today  # every backup of today stays until tomorrow (an administrator's "before I change it")
        if day not in kept_days and len(kept_days) < KEEP_DAYS:
            kept_days.append(day)
            keep = True
        if week not in kept_weeks and len(kept_weeks) < KEEP_WEEKS:
            kept_weeks.append(week)
            keep = True
        if not keep:
            copy.unlink(missing_ok=True)
            copy.with_name(copy.name + KEY_FILE_SUFFIX).unlink(missing_ok=True)
            removed.append(copy)
    return removed
