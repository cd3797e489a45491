import shutil
import sqlite3
import types
from pathlib import Path

import pytest

from fbss_desktop.core.search import parse_query
from fbss_desktop.storage import patients, surgeries
from fbss_desktop.storage.db import open_database
from fbss_desktop.storage.migrations import LATEST_VERSION, MIGRATIONS, SchemaTooNewError, current_version, migrate
from fbss_desktop.storage.models import ALL_MODELS

V1 = Path(__file__).parent / "data" / "schema_v1.sqlite3"


def test_a_new_database_is_migrated_to_the_latest_schema_without_a_backup(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    report = migrate(db, backup_dir=tmp_path / "backups")
    assert (report.from_version, report.to_version) == (0, LATEST_VERSION)
    assert report.backup is None  # nothing to lose in an empty database
    assert current_version(db) == LATEST_VERSION
    db.close()


def test_sqlite_runs_with_wal_foreign_keys_and_a_busy_timeout(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] >= 1000
    db.close()


def test_a_schema_1_database_upgrades_without_losing_data_and_is_copied_first(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    shutil.copy(V1, path)
    db = open_database(f"sqlite:///{path}")
    assert current_version(db) == 1

    report = migrate(db, backup_dir=tmp_path / "backups")

    assert (report.from_version, report.to_version) == (1, LATEST_VERSION)
    assert report.backup is not None and report.backup.exists()
    copy = sqlite3.connect(report.backup)
    assert copy.execute("SELECT max(version) FROM schema_migration").fetchone()[0] == 1
    assert copy.execute("SELECT count(*) FROM patient").fetchone()[0] == 3
    copy.close()
    # Every row survived, and the new name-part index was filled for the old patients.
    zoe = patients.get_patient(1)
    assert (zoe.mrn, zoe.family_name, zoe.given_names) == ("P-100", "Núñez-Łukasiewicz", "Zoë")
    [surgery] = surgeries.list_surgeries(1)
    assert surgery.levels == ("L4-L5", "L5-S1") and str(surgery.performed) == "2018-03"
    found = patients.search_patients(parse_query("lukas")).rows
    assert [p.mrn for p in found] == ["P-100"]
    assert [p.mrn for p in patients.search_patients(parse_query("anne")).rows] == ["P-102"]
    db.close()


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    shutil.copy(V1, path)
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO schema_migration (version, name, applied_at) VALUES (99, 'future', '2030-01-01')")
    raw.commit()
    raw.close()
    before = path.read_bytes()

    db = open_database(f"sqlite:///{path}")
    with pytest.raises(SchemaTooNewError, match="schema version 99.*was not changed"):
        migrate(db, backup_dir=tmp_path / "backups")
    db.close()

    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_a_failing_migration_rolls_back_and_leaves_the_version(tmp_path):
    def broken(db):
        db.execute_sql("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("disk on fire")

    bad = types.SimpleNamespace(VERSION=LATEST_VERSION + 1, NAME="broken", apply=broken)
    db = open_database(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    migrate(db, backup_dir=None)
    with pytest.raises(RuntimeError):
        migrate(db, backup_dir=None, migrations=(*MIGRATIONS, bad))
    assert current_version(db) == LATEST_VERSION
    assert not db.table_exists("half_done")
    db.close()


def test_models_describe_exactly_the_schema_the_migrations_make(database_url):
    db = open_database(database_url)
    for model in ALL_MODELS:
        table = model._meta.table_name
        columns = {c.name for c in db.get_columns(table)}
        assert columns == {f.column_name for f in model._meta.sorted_fields}, table
    db.close()
