"""An encrypted SQLite database (SQLCipher): a copied file shows no patient data, and only its key opens it."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from fbss_desktop.core.errors import DatabaseDamagedError, SignInError
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.services.database_keys import KeyFile, new_database_key, new_recovery_key
from fbss_desktop.storage.db import open_database, reset_connection
from fbss_desktop.storage.migrations import migrate
from fbss_desktop.storage.patients import save_patient


def test_the_file_shows_no_patient_data_and_only_its_key_opens_it(tmp_path):
    path = tmp_path / "clinic.sqlite3"
    key = new_database_key()
    db = open_database(f"sqlite:///{path}", key=key)
    migrate(db, backup_dir=None)
    save_patient(Patient("Q-1", "Quackenbush", "Zebedee", dt.date(1950, 1, 1), Sex.MALE, phone="(555) 010-7777"))
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    reset_connection(db)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("clinic.sqlite3"))
    assert b"Quackenbush" not in stored and b"SQLite format 3" not in stored and b"555) 010-7777" not in stored

    with pytest.raises(DatabaseDamagedError, match="does not open with its key"):
        open_database(f"sqlite:///{path}", key=os.urandom(32))
    reopened = open_database(f"sqlite:///{path}", key=key)
    assert reopened.execute_sql("SELECT family_name FROM patient").fetchall() == [("Quackenbush",)]
    reset_connection(reopened)


def test_a_plain_database_opened_with_a_key_is_said_to_be_plain(tmp_path):
    path = tmp_path / "plain.sqlite3"
    db = open_database(f"sqlite:///{path}")
    migrate(db, backup_dir=None)
    reset_connection(db)
    with pytest.raises(DatabaseDamagedError, match="not encrypted"):
        open_database(f"sqlite:///{path}", key=new_database_key())


def test_each_user_unwraps_the_key_with_their_password_and_a_change_rewraps_only_theirs(tmp_path):
    key = new_database_key()
    keys = KeyFile()
    keys.wrap_for("amara", "correct horse battery", key)
    keys.wrap_for("lee", "another long phrase", key)
    recovery = new_recovery_key()
    keys.wrap_recovery(recovery, key)
    file = tmp_path / "clinic.sqlite3.keys"
    keys.write(file)
    assert oct(os.stat(file).st_mode & 0o777) == "0o600"
    text = file.read_text()
    assert key.hex() not in text and "correct horse" not in text

    again = KeyFile.read(file)
    assert again.unwrap_for("amara", "correct horse battery") == key
    with pytest.raises(SignInError, match="not right"):
        again.unwrap_for("amara", "wrong password here")
    with pytest.raises(SignInError, match="not right"):
        again.unwrap_for("nobody", "correct horse battery")
    lee_before = dict(again.entries["lee"])
    again.wrap_for("amara", "a brand new phrase", key)  # amara changed her password
    assert again.unwrap_for("amara", "a brand new phrase") == key and again.entries["lee"] == lee_before
    assert again.unwrap_recovery(recovery.lower().replace("-", " ")) == key
    with pytest.raises(SignInError):
        again.unwrap_recovery(new_recovery_key())
