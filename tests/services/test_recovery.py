"""Autosave files: written whole or not at all, private, tied to their database, never named after a patient."""

from __future__ import annotations

import os
import stat

from fbss_desktop.services.recovery import RecoveryStore, database_key, new_token


def test_a_written_document_is_offered_back_until_discarded(tmp_path):
    store = RecoveryStore(tmp_path / "recovery", database_key("sqlite:///a.db"))
    token = new_token()
    store.write(token, patient_id=4, consult_id=None, row_version=0, document={"consult_date": "2026-11-21"})
    (found,) = store.pending()
    assert (found.token, found.patient_id, found.consult_id, found.document) == (
        token,
        4,
        None,
        {"consult_date": "2026-11-21"},
    )
    store.discard(token)
    assert store.pending() == []


def test_rewriting_replaces_the_copy_and_leaves_no_temporary_file(tmp_path):
    store = RecoveryStore(tmp_path, "k")
    token = new_token()
    for reason in ("first", "second"):
        store.write(token, patient_id=1, consult_id=9, row_version=3, document={"reason": reason})
    assert [r.document["reason"] for r in store.pending()] == ["second"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{token}.json"]


def test_files_are_private_and_named_by_a_random_token(tmp_path):
    store = RecoveryStore(tmp_path, "k")
    token = new_token()
    store.write(token, patient_id=1, consult_id=None, row_version=0, document={"reason": "Núñez-Łukasiewicz"})
    (path,) = tmp_path.iterdir()
    assert path.name == f"{token}.json" and len(token) == 32
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_another_databases_autosaves_are_not_offered(tmp_path):
    RecoveryStore(tmp_path, database_key("sqlite:///a.db")).write(
        new_token(), patient_id=1, consult_id=None, row_version=0, document={}
    )
    assert RecoveryStore(tmp_path, database_key("sqlite:///b.db")).pending() == []


def test_an_unreadable_file_is_skipped_and_kept(tmp_path):
    store = RecoveryStore(tmp_path, "k")
    broken = tmp_path / f"{new_token()}.json"
    broken.write_text('{"format": "fbss-desktop/consult-recovery", "database": "k", "patient_id"', "utf-8")
    assert store.pending() == []
    assert broken.exists()


def test_the_database_key_ignores_the_password():
    assert database_key("postgresql://clinic:secret@db/fbss") == database_key("postgresql://clinic:other@db/fbss")
    assert database_key("postgresql://clinic@db/fbss") != database_key("postgresql://clinic@db/other")
