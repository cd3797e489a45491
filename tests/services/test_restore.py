"""Restoring a backup: into a new database first, checked there (integrity, rows, the audit chain, patients
read back), and only then in place of the current one, which is kept. Every patient's case file reads the
same after the restore as before; a damaged or tampered backup, a database still open, and a user who is not
an administrator are refused with nothing replaced. PostgreSQL: pg_dump backups, a restore swapped in by name,
and a backup before a schema upgrade."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import sqlite_path
from fbss_desktop.core.errors import DomainError, PermissionDenied
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.services import casefile
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.restore import restore
from tests.conftest import PG_URL, TODAY, _reset_postgres
from tests.gui.test_sign_in import PASSWORDS, staffed_clinic


def opener(tmp_path: Path):
    def open_at(url: str, key: bytes | None) -> Clinic:
        return Clinic.open(url, backup_dir=None, today=lambda: TODAY, key=key)

    return open_at


def signed_in(url: str, tmp_path: Path, key: bytes | None = None) -> Clinic:
    clinic = Clinic.open(url, backup_dir=tmp_path / "b", today=lambda: TODAY, key=key)
    clinic.accounts.sign_in("ada", PASSWORDS["ada"], "office")
    return clinic


def case_files(clinic: Clinic) -> dict[str, dict]:
    """Every patient's case file, as exported, without the moment of the export."""
    files = {}
    for row in clinic.patients.search("", limit=10_000).page.rows:
        case = casefile.export_case(clinic, row.mrn)
        case.pop("exported_at")
        files[row.mrn] = case
    return files


def add_patient(clinic: Clinic, mrn: str) -> None:
    clinic.patients.save(
        PatientInput(mrn=mrn, family_name="After", given_names="Backup", date_of_birth="1970-01-01", sex="M")
    )


@pytest.fixture
def backed_up(sqlite_url, tmp_path):
    """A staffed clinic with a consult and its plan, its case files, and a backup; then a patient added after it."""
    from tests.scenarios import save_scenario

    staffed_clinic(sqlite_url, tmp_path)
    clinic = signed_in(sqlite_url, tmp_path)
    try:
        save_scenario(clinic, "apixaban_esi", mrn="RS-1")
        before = case_files(clinic)
        backup = clinic.backups.make(tmp_path / "backups")
        add_patient(clinic, "RS-LATER")
    finally:
        clinic.close()
    return sqlite_url, backup, before


def test_a_restored_backup_holds_every_patients_case_file_as_it_was(backed_up, tmp_path):
    url, backup, before = backed_up
    done = restore(backup, url, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept")
    assert done.verification.ok
    assert done.verification.counts["patient"] == len(before)
    assert done.verification.read_back == len(before)  # fewer than the sample: every one read back
    assert done.kept is not None and Path(done.kept).exists()  # the replaced database is kept, not deleted
    clinic = signed_in(url, tmp_path)
    try:
        assert case_files(clinic) == before  # the patient added after the backup is not in it
        assert clinic.audit.verify()[1] is None
        assert clinic.audit_log.search(action=AuditAction.RESTORE.value)
    finally:
        clinic.close()
    kept = signed_in(f"sqlite:///{done.kept}", tmp_path)
    try:
        assert "RS-LATER" in case_files(kept)  # what the restore replaced can still be read
    finally:
        kept.close()


def test_a_restore_into_a_new_file_replaces_nothing(backed_up, tmp_path):
    url, backup, before = backed_up
    target = tmp_path / "restored" / "copy.sqlite3"
    done = restore(backup, url, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept", into=str(target))
    assert done.kept is None and done.database == str(target)
    current = signed_in(url, tmp_path)
    try:
        assert "RS-LATER" in case_files(current)
    finally:
        current.close()


def test_a_database_still_open_is_not_replaced(backed_up, tmp_path):
    url, backup, _ = backed_up
    path = sqlite_path(url)
    holder = sqlite3.connect(path)  # FBSS Desktop running on it somewhere
    holder.execute("SELECT count(*) FROM patient").fetchone()
    try:
        with pytest.raises(DomainError, match="has the database open"):
            restore(backup, url, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept")
    finally:
        holder.close()
    assert not Path(str(path) + ".restoring").exists()
    assert not (tmp_path / "kept").exists()


def test_a_damaged_backup_is_refused_and_nothing_replaced(backed_up, tmp_path):
    url, backup, _ = backed_up
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(backup.read_bytes())
    page = 4096
    for at in range(page * 2, len(data) - page, page * 3):  # scribble over pages in the middle
        data[at + 100 : at + 400] = b"\xff" * 300
    damaged.write_bytes(bytes(data))
    with pytest.raises(DomainError):
        restore(damaged, url, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept")
    assert not (tmp_path / "kept").exists()


def test_a_backup_whose_audit_trail_was_changed_is_refused(backed_up, tmp_path):
    url, backup, _ = backed_up
    tampered = tmp_path / "tampered.sqlite3"
    shutil.copy(backup, tampered)
    raw = sqlite3.connect(tampered)  # left open: the change sits in the write-ahead log beside the file
    raw.execute("DROP TRIGGER audit_event_no_update")
    raw.execute("UPDATE audit_event SET username = 'someone' WHERE id = 2")
    raw.commit()
    with pytest.raises(DomainError, match="audit trail is broken"):
        restore(tampered, url, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept")
    raw.close()


def test_only_an_administrator_of_the_backup_restores_it(backed_up, tmp_path):
    url, backup, _ = backed_up
    clinic = signed_in(url, tmp_path)
    try:
        dee = next(u for u in clinic.accounts.list_users() if u.username == "dee")
        assert dee is not None
    finally:
        clinic.close()
    with pytest.raises((PermissionDenied, DomainError)):
        restore(backup, url, "dee", "temporary password 1", opener(tmp_path), kept_dir=tmp_path / "kept")


def test_an_encrypted_backup_restores_with_the_administrators_password(sqlite_url, tmp_path):
    from fbss_desktop.services.encryption import encrypt, unlock

    staffed_clinic(sqlite_url, tmp_path)
    encrypt(sqlite_url, "ada", PASSWORDS["ada"], lambda key: Clinic.open(sqlite_url, backup_dir=None, key=key))
    clinic = signed_in(sqlite_url, tmp_path, key=unlock(sqlite_url, "ada", PASSWORDS["ada"]))
    try:
        before = case_files(clinic)
        backup = clinic.backups.make(tmp_path / "backups")
        add_patient(clinic, "RS-LATER")
    finally:
        clinic.close()
    done = restore(backup, sqlite_url, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept")
    assert done.verification.ok
    path = sqlite_path(sqlite_url)
    assert path is not None and not path.read_bytes().startswith(b"SQLite format 3")  # still encrypted
    clinic = signed_in(sqlite_url, tmp_path, key=unlock(sqlite_url, "ada", PASSWORDS["ada"]))
    try:
        assert case_files(clinic) == before
    finally:
        clinic.close()


@pytest.mark.postgres
def test_a_postgres_backup_is_a_dump_that_restores_in_place_of_the_database(tmp_path):
    from tests.scenarios import save_scenario

    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
    _reset_postgres(PG_URL)
    staffed_clinic(PG_URL, tmp_path)
    clinic = signed_in(PG_URL, tmp_path)
    try:
        save_scenario(clinic, "apixaban_esi", mrn="PG-RS-1")
        before = case_files(clinic)
        backup = clinic.backups.make(tmp_path / "backups")
        assert backup.suffix == ".dump" and backup.read_bytes().startswith(b"PGDMP")
        add_patient(clinic, "RS-LATER")
    finally:
        clinic.close()
    done = restore(backup, PG_URL, "ada", PASSWORDS["ada"], opener(tmp_path), kept_dir=tmp_path / "kept")
    assert done.verification.ok and done.kept is not None
    clinic = signed_in(PG_URL, tmp_path)
    try:
        assert case_files(clinic) == before
        assert clinic.audit.verify()[1] is None
    finally:
        clinic.close()
    from fbss_desktop.storage import pg_tools
    from fbss_desktop.storage.db import postgres_params

    pg_tools.drop_database(postgres_params(PG_URL), done.kept)


@pytest.mark.postgres
def test_a_postgres_schema_upgrade_takes_a_dump_first(tmp_path):
    from fbss_desktop.storage.db import open_database
    from fbss_desktop.storage.migrations import LATEST_VERSION, migrate

    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
    db = open_database(PG_URL)
    try:
        db.execute_sql("DROP SCHEMA public CASCADE")
        db.execute_sql("CREATE SCHEMA public")
        migrate(db, backup_dir=None, target=LATEST_VERSION - 1)
        report = migrate(db, backup_dir=tmp_path / "upgrades")
    finally:
        db.close()
    assert report.to_version == LATEST_VERSION
    assert report.backup is not None and report.backup.read_bytes().startswith(b"PGDMP")
