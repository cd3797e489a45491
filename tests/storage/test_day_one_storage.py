"""What a clinic's first day needs from storage: a database only where no file is, an unrecorded database
left alone, whole backups of which the newest three are kept, durable and immediate SQLite transactions,
unique plan versions, and settings that refuse a stale write."""

from __future__ import annotations

import sqlite3
import time

import pytest

from fbss_desktop.core.errors import ConflictError, DatabaseDamagedError, DatabaseUnavailableError
from fbss_desktop.storage import settings as settings_store
from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.migrations import (
    KEEP_BACKUPS,
    MIGRATIONS,
    UnknownSchemaError,
    backup_sqlite,
    current_version,
    migrate,
)

PATIENT = (
    "INSERT INTO patient (mrn, family_name, given_names, date_of_birth, sex, phone, preferred_language, family_key, "
    "given_key, name_words, created_at, updated_at, row_version) VALUES ('U-1', 'A', 'B', '1970-01-01', 'F', '', '', "
    "'a', 'b', 'a b', '2026-01-01', '2026-01-01', 1)"
)
CONSULT = (
    "INSERT INTO consult (patient_id, consult_date, status, reason, created_at, updated_at, row_version, document, "
    "document_version) VALUES ({patient}, '2026-01-01', 'draft', '', '2026-01-01', '2026-01-01', 1, '{{}}', 1)"
)
PLAN = (
    "INSERT INTO plan (patient_id, consult_id, version, status, created_at, row_version, document, document_version, "
    "finalized_by) VALUES ({patient}, {consult}, {version}, 'draft', '2026-01-01', 1, '{{}}', 1, '')"
)


def one_consult(db):
    db.execute_sql(PATIENT)
    patient = db.execute_sql("SELECT id FROM patient").fetchone()[0]
    db.execute_sql(CONSULT.format(patient=patient))
    return patient, db.execute_sql("SELECT id FROM consult").fetchone()[0]


def test_a_zero_byte_file_is_refused_not_migrated(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    path.touch()
    with pytest.raises(DatabaseDamagedError, match="empty .0 bytes"):
        open_database(f"sqlite:///{path}")
    assert path.stat().st_size == 0  # left as it was


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_text("shopping list\n")
    with pytest.raises(DatabaseDamagedError, match="not an SQLite file"):
        open_database(f"sqlite:///{path}")
    assert path.read_text() == "shopping list\n"


def test_a_truncated_database_is_reported_as_damaged(tmp_path, template_sqlite):
    path = tmp_path / "cut.sqlite3"
    path.write_bytes(template_sqlite.read_bytes()[: 4096 + 100])  # the header survives, the rest is cut
    with pytest.raises(DatabaseDamagedError):
        db = open_database(f"sqlite:///{path}")
        migrate(db, backup_dir=None)


def test_a_folder_that_cannot_be_made_is_reported(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseUnavailableError, match="cannot be created"):
        open_database(f"sqlite:///{blocker / 'sub' / 'clinic.sqlite3'}")


def test_a_database_with_tables_but_no_migration_record_is_refused_untouched(tmp_path):
    path = tmp_path / "other.sqlite3"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE patient (id INTEGER PRIMARY KEY, name TEXT)")
    other.execute("INSERT INTO patient (name) VALUES ('x')")
    other.commit()
    other.close()
    db = open_database(f"sqlite:///{path}")
    with pytest.raises(UnknownSchemaError, match="left untouched"):
        migrate(db, backup_dir=tmp_path / "backups")
    assert db.get_tables() == ["patient"]  # no migration table, no duplicated rows
    assert db.execute_sql("SELECT COUNT(*) FROM patient").fetchone()[0] == 1
    db.close()


def test_only_the_newest_three_pre_migration_backups_are_kept(tmp_path, template_sqlite):
    path = tmp_path / "clinic.sqlite3"
    path.write_bytes(template_sqlite.read_bytes())
    db = open_database(f"sqlite:///{path}")
    backups = tmp_path / "backups"
    made = []
    for _ in range(5):
        made.append(backup_sqlite(db, backups, current_version(db)))
        time.sleep(0.01)  # distinct modification times
    kept = sorted(backups.iterdir())
    assert len(kept) == KEEP_BACKUPS
    assert set(kept) == set(made[-KEEP_BACKUPS:])
    assert not list(backups.glob("*.part"))
    db.close()


def test_a_backup_that_fails_leaves_no_partial_file(tmp_path, template_sqlite, monkeypatch):
    path = tmp_path / "clinic.sqlite3"
    path.write_bytes(template_sqlite.read_bytes())
    db = open_database(f"sqlite:///{path}")

    class FullDisk(sqlite3.Connection):
        def backup(self, *args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

    real_connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda target, **k: real_connect(target, factory=FullDisk, **k))
    with pytest.raises(sqlite3.OperationalError):
        backup_sqlite(db, tmp_path / "backups", 5)
    assert list((tmp_path / "backups").iterdir()) == []
    db.close()


def test_sqlite_commits_are_durable_and_writes_take_the_lock_when_they_begin(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    db.execute_sql("CREATE TABLE t (x)")
    other = sqlite3.connect(tmp_path / "x.sqlite3", timeout=0)
    with db.atomic():
        # Before any write, this transaction already holds the write lock: another writer is refused.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("INSERT INTO t VALUES (1)")
    other.close()
    db.close()


def test_a_second_version_2_of_one_plan_cannot_be_stored(database_url):
    db = open_database(database_url)
    patient, consult = one_consult(db)
    insert = PLAN.format(patient=patient, consult=consult, version=2)
    db.execute_sql(insert)
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        db.execute_sql(insert)
    db.close()


def test_migration_6_renumbers_plan_versions_a_race_numbered_twice(tmp_path):
    path = tmp_path / "v5.sqlite3"
    db = open_database(f"sqlite:///{path}")
    migrate(db, backup_dir=None, target=5)
    patient, consult = one_consult(db)
    for version in (1, 2, 2):
        db.execute_sql(PLAN.format(patient=patient, consult=consult, version=version))
    migrate(db, backup_dir=tmp_path / "b")
    assert current_version(db) == MIGRATIONS[-1].VERSION
    assert [r[0] for r in db.execute_sql("SELECT version FROM plan ORDER BY id")] == [1, 2, 3]
    db.close()


def test_settings_saved_from_a_stale_read_are_refused_and_nothing_is_written(database_url):
    db = open_database(database_url)
    _, seen_by_a = settings_store.load_versioned()
    _, seen_by_b = settings_store.load_versioned()
    settings_store.save_settings({"clinic.name": "North Clinic", "clinic.phone": "555"}, seen_by_a)
    with pytest.raises(ConflictError, match="Clinic name.*another workstation"):
        settings_store.save_settings({"clinic.name": "South Clinic", "print.paper_size": "a4"}, seen_by_b)
    values, _ = settings_store.load_versioned()
    assert values["clinic.name"] == "North Clinic" and values["print.paper_size"] == "letter"
    # A setting nobody else touched saves from the same stale read.
    settings_store.save_settings({"print.paper_size": "a4"}, seen_by_b)
    assert settings_store.load_settings()["print.paper_size"] == "a4"
    db.close()
