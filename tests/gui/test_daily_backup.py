"""The day's backup of an SQLite clinic, made by itself when the clinic opens (or within the hour, once it
has patients): once a day, into the backups folder, audited; a failure says so in the status bar, in red,
until a backup succeeds; the setting turns it off."""

from __future__ import annotations

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.errors import DiskFullError


def backups(tmp_path):
    return sorted((tmp_path / "b").glob("clinic-backup-*.sqlite3"))


def test_the_clinic_is_backed_up_once_a_day_when_it_opens(open_window, tmp_path):
    window = open_window(demo=1)
    assert backups(tmp_path) == []  # opened empty: nothing to keep yet
    window.database.backup_timer.timeout.emit()  # the hourly look, now that it has a patient
    assert len(backups(tmp_path)) == 1
    assert "Today's backup of the database is in" in window.statusBar().currentMessage()
    entries = window.clinic.audit_log.search(action=AuditAction.BACKUP.value)
    assert entries and "the daily backup" in entries[0].detail
    window.database.backup_timer.timeout.emit()  # an hour later: today's is there already
    assert len(backups(tmp_path)) == 1


def test_a_failed_daily_backup_stays_said_until_one_succeeds(open_window, tmp_path, monkeypatch):
    window = open_window(demo=1)
    for copy in backups(tmp_path):
        copy.unlink()

    def full(_folder):
        raise DiskFullError("The disk is full.")

    monkeypatch.setattr(window.clinic.backups, "make_daily", full)
    window.database.backup_timer.timeout.emit()  # the hourly look
    assert not window.backup_warning.isHidden()
    assert "Today's backup failed: The disk is full." in window.backup_warning.text()
    monkeypatch.undo()
    window.database.backup_timer.timeout.emit()  # the hourly look
    assert window.backup_warning.isHidden() and len(backups(tmp_path)) == 1


def test_the_setting_turns_the_daily_backup_off(open_window, tmp_path):
    window = open_window(demo=1)
    for copy in backups(tmp_path):
        copy.unlink()
    window.clinic.settings.save_one("backups.daily", False)
    window.database.backup_timer.timeout.emit()  # the hourly look
    assert backups(tmp_path) == []
