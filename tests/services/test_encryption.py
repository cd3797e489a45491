"""Encrypting a clinic's SQLite database: for an administrator only, nothing of it readable afterwards, each user
opening it with their own password (a copy wrapped when an administrator sets or resets a password, dropped when
a user is deactivated), the recovery key, and backups that stay encrypted."""

from __future__ import annotations

import os
import sqlite3

import pytest

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.database_url import is_encrypted, key_file_for, sqlite_path
from fbss_desktop.core.errors import DatabaseDamagedError, PermissionDenied, SignInError, ValidationError
from fbss_desktop.core.users import UserInput
from fbss_desktop.services import encryption
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.encryption import encrypt, unlock, unlock_with_recovery
from fbss_desktop.storage.migrations import backup_sqlite
from tests.conftest import TODAY
from tests.gui.test_sign_in import PASSWORDS, staffed_clinic


def opened(url, tmp_path, key=None):
    return Clinic.open(url, backup_dir=tmp_path / "b", today=lambda: TODAY, key=key)


def as_form(user, *, password: str = "", active: bool = True) -> UserInput:
    """The administrator's form for `user`, as the Users dialog fills it."""
    return UserInput(
        username=user.username,
        display_name=user.display_name,
        roles={r.value for r in user.roles},
        clinician_id=user.clinician_id,
        active=active,
        password=password,
        id=user.id,
        row_version=user.row_version,
    )


@pytest.fixture
def staffed(sqlite_url, tmp_path):
    staffed_clinic(sqlite_url, tmp_path)
    return sqlite_url


def test_an_encrypted_database_shows_no_patient_data_and_opens_with_each_users_own_password(staffed, tmp_path):
    path = sqlite_path(staffed)
    assert path is not None
    with sqlite3.connect(path) as plain:
        names = {row[0] for row in plain.execute("SELECT family_name FROM patient")}
    assert len(names) == 2
    done = encrypt(
        staffed, "ada", PASSWORDS["ada"], lambda key: opened(staffed, tmp_path, key), backup_dir=tmp_path / "b"
    )
    assert path is not None and is_encrypted(staffed)
    stored = path.read_bytes()
    assert not stored.startswith(b"SQLite format 3")  # (names are looked for below; a 3-letter one could be chance)
    for name in names:
        assert name.encode() not in stored, name
    assert oct(os.stat(path).st_mode & 0o777) == "0o600" and oct(os.stat(key_file_for(path)).st_mode & 0o777) == "0o600"
    assert done.without_copy == ("dee",)  # her password never passed through here

    with pytest.raises(DatabaseDamagedError):
        opened(staffed, tmp_path)  # no key: nothing opens
    clinic = opened(staffed, tmp_path, key=unlock(staffed, "ada", PASSWORDS["ada"]))
    try:
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "test")
        assert clinic.patients.count() == 2
        checked, broken = clinic.audit.verify()
        assert broken is None and checked > 0
        actions = [e.action for e in clinic.audit_log.search()]
        assert AuditAction.DATABASE_ENCRYPTED.value in actions
        with pytest.raises(SignInError):
            unlock(staffed, "dee", PASSWORDS["dee"])
        encryption._refused.not_before = 0.0  # (each refusal here is the test's; the door's wait is tested below)
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "test")
        dee = next(u for u in clinic.accounts.list_users() if u.username == "dee")
        clinic.accounts.update_user(as_form(dee, password="reset by ada 2026"))
        assert unlock(staffed, "dee", "reset by ada 2026") is not None  # the reset wrapped her a copy
        clinic.accounts.sign_in("dee", "reset by ada 2026", "desk")
        clinic.accounts.change_password("reset by ada 2026", "a quiet river stone")
        assert unlock(staffed, "dee", "a quiet river stone") == unlock(staffed, "ada", PASSWORDS["ada"])
        with pytest.raises(SignInError):
            unlock(staffed, "dee", "reset by ada 2026")
        encryption._refused.not_before = 0.0
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "test")
        dee = next(u for u in clinic.accounts.list_users() if u.username == "dee")
        clinic.accounts.update_user(as_form(dee, active=False))
        with pytest.raises(SignInError):
            unlock(staffed, "dee", "a quiet river stone")  # deactivated: her copy is gone
        encryption._refused.not_before = 0.0
    finally:
        clinic.close()
    assert unlock_with_recovery(staffed, done.recovery_key) == unlock(staffed, "ada", PASSWORDS["ada"])


def test_only_an_administrator_encrypts_and_a_refusal_leaves_the_database_plain(staffed, tmp_path):
    path = sqlite_path(staffed)
    assert path is not None
    with pytest.raises(PermissionDenied):
        encrypt(staffed, "dee", PASSWORDS["dee"], lambda key: opened(staffed, tmp_path, key))
    with pytest.raises(SignInError):
        encrypt(staffed, "ada", "not her password", lambda key: opened(staffed, tmp_path, key))
    assert path.read_bytes().startswith(b"SQLite format 3") and not key_file_for(path).exists()
    assert not list(path.parent.glob("*.encrypting"))


def test_a_backup_of_an_encrypted_database_is_encrypted_too_and_keeps_its_key_file(staffed, tmp_path):
    encrypt(staffed, "ada", PASSWORDS["ada"], lambda key: opened(staffed, tmp_path, key))
    key = unlock(staffed, "ada", PASSWORDS["ada"])
    clinic = opened(staffed, tmp_path, key=key)
    try:
        copy = backup_sqlite(clinic.database, tmp_path / "backups", 99)
    finally:
        clinic.close()
    assert copy is not None and not copy.read_bytes().startswith(b"SQLite format 3")
    assert key_file_for(copy).exists()
    restored = opened(f"sqlite:///{copy}", tmp_path, key=unlock(f"sqlite:///{copy}", "ada", PASSWORDS["ada"]))
    try:
        restored.accounts.sign_in("ada", PASSWORDS["ada"], "test")
        assert restored.patients.count() == 2
    finally:
        restored.close()


def test_a_reactivated_user_needs_a_new_password_to_open_the_encrypted_database_again(staffed, tmp_path):
    encrypt(staffed, "ada", PASSWORDS["ada"], lambda key: opened(staffed, tmp_path, key))
    clinic = opened(staffed, tmp_path, key=unlock(staffed, "ada", PASSWORDS["ada"]))
    try:
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "test")
        dee = next(u for u in clinic.accounts.list_users() if u.username == "dee")
        clinic.accounts.update_user(as_form(dee, active=False))
        dee = next(u for u in clinic.accounts.list_users() if u.username == "dee")
        with pytest.raises(ValidationError) as refused:
            clinic.accounts.update_user(as_form(dee))  # active again, but with no copy of the key
        assert "password" in refused.value.errors
        clinic.accounts.update_user(as_form(dee, password="back again 2026"))
        assert unlock(staffed, "dee", "back again 2026") is not None
    finally:
        clinic.close()


def test_wrong_passwords_at_the_encrypted_databases_door_wait_and_reach_the_audit_trail(staffed, tmp_path, monkeypatch):
    from fbss_desktop.services import encryption

    encrypt(staffed, "ada", PASSWORDS["ada"], lambda key: opened(staffed, tmp_path, key))
    for _ in range(3):
        with pytest.raises(SignInError, match="not right"):
            unlock(staffed, "ada", "not her password")
    with pytest.raises(SignInError, match="Too many wrong passwords. Try again in"):
        unlock(staffed, "ada", PASSWORDS["ada"])  # even the right one waits its turn
    monkeypatch.setattr(encryption._refused, "not_before", 0.0)  # the wait is over
    clinic = opened(staffed, tmp_path, key=unlock(staffed, "ada", PASSWORDS["ada"]))
    try:
        encryption.record_refusals(clinic)
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "test")
        refused = clinic.audit_log.search(action=AuditAction.SIGN_IN_REFUSED.value)
        assert [(e.username, e.detail) for e in refused] == [("ada", "before the database opened")] * 3
    finally:
        clinic.close()
