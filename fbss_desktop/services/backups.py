"""Backups an administrator makes (`clinic.backups`, `fbss-desktop backup`): a consistent copy of the SQLite
database taken while it is in use (the online backup API, so what sits in the write-ahead log is in it), kept
with a retention of the newest copy of each of the last days and weeks, and recorded in the audit trail.

An encrypted database's copy is encrypted with the same key, beside a copy of its key file. A PostgreSQL
server's backup (pg_dump) and a verified restore are still to come (issue 15).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import KEY_FILE_SUFFIX
from fbss_desktop.core.errors import DomainError
from fbss_desktop.core.users import Permission
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.storage.db import sqlite_file
from fbss_desktop.storage.migrations import copy_sqlite

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

KEEP_DAYS = 7  # the newest backup of each of the last 7 days with one ...
KEEP_WEEKS = 4  # ... and of each of the last 4 weeks


@guard_methods()
class BackupManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.BACKUPS)
    def make(self, folder: Path) -> Path:
        """A backup of the database in `folder` (made if missing); older ones beyond the retention removed."""
        actor = self.clinic.require(Permission.BACKUPS)
        path = sqlite_file(self.clinic.database)
        if path is None:
            raise DomainError("A PostgreSQL server is backed up with pg_dump by its administrator for now.")
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{path.stem}-backup-{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
        copy_sqlite(self.clinic.database, target)
        removed = prune(folder, path.stem, path.suffix)
        self.clinic.audit.record(actor, AuditAction.BACKUP, detail=f"{target.name}; {len(removed)} older removed")
        return target


def prune(folder: Path, stem: str, suffix: str) -> list[Path]:
    """Keep the newest backup of each of the last KEEP_DAYS days that have one and of each of the last
    KEEP_WEEKS weeks; remove the rest (with their key files). Returns what was removed."""
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
        keep = False
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
