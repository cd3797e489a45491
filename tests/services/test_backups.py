"""An administrator's backup: a consistent copy taken while the database is in use (the online backup API, so
the commits still in the write-ahead log are in it: a plain file copy missed 10 of 10 recent ones), kept 7
days and 4 weeks, audited, and only for an administrator."""

from __future__ import annotations

import datetime as dt

import pytest

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.errors import PermissionDenied
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.services.backups import prune
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.gui.test_sign_in import PASSWORDS, staffed_clinic


def test_a_backup_holds_every_commit_even_those_still_in_the_write_ahead_log(sqlite_url, tmp_path):
    staffed_clinic(sqlite_url, tmp_path)
    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    try:
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "office")
        for n in range(10):  # recent commits, in the WAL until a checkpoint
            clinic.patients.save(
                PatientInput(
                    mrn=f"BK-{n}", family_name="Backup", given_names=f"N{n}", date_of_birth="1970-01-01", sex="F"
                )
            )
        target = clinic.backups.make(tmp_path / "backups")
        assert target.exists() and oct(target.stat().st_mode & 0o777) == "0o600"
        entries = clinic.audit_log.search(action=AuditAction.BACKUP.value)
        assert entries and target.name in entries[0].detail
    finally:
        clinic.close()
    copy = Clinic.open(f"sqlite:///{target}", backup_dir=None, today=lambda: TODAY)
    try:
        copy.accounts.sign_in("ada", PASSWORDS["ada"], "office")
        assert copy.patients.count() == 12  # the 2 demo patients and the 10 just saved
    finally:
        copy.close()


def test_only_an_administrator_backs_up(sqlite_url, tmp_path):
    staffed_clinic(sqlite_url, tmp_path)
    clinic = Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY)
    try:
        clinic.accounts.sign_in("dee", PASSWORDS["dee"], "desk")
        with pytest.raises(PermissionDenied):
            clinic.backups.make(tmp_path / "backups")
    finally:
        clinic.close()


def test_the_newest_backup_of_each_of_the_last_7_days_and_4_weeks_is_kept(tmp_path):
    day = dt.datetime(2026, 12, 3, 18, 0)
    for hours in range(0, 24 * 40, 12):  # two a day for 40 days
        stamp = (day - dt.timedelta(hours=hours)).strftime("%Y%m%d-%H%M%S")
        (tmp_path / f"clinic-backup-{stamp}.sqlite3").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("not a backup")
    (tmp_path / "clinic-backup-20261203-060000.sqlite3").write_bytes(b"x")  # an earlier one of today
    prune(tmp_path, "clinic", ".sqlite3", today=day.date())
    assert (tmp_path / "clinic-backup-20261203-060000.sqlite3").exists()  # today's all stay until tomorrow
    (tmp_path / "clinic-backup-20261203-060000.sqlite3").unlink()
    kept = sorted(p.name for p in tmp_path.glob("clinic-backup-*"))
    days = {name[len("clinic-backup-") :][:8] for name in kept}
    assert len(kept) == len(days)  # one a day at most
    assert "clinic-backup-20261203-180000.sqlite3" in kept  # the newest
    assert len(kept) <= 7 + 4 and len(kept) >= 7
    assert (tmp_path / "notes.txt").exists()
    weeks = {dt.datetime.strptime(n[len("clinic-backup-") :][:8], "%Y%m%d").isocalendar()[:2] for n in kept}
    assert len(weeks) >= 4
