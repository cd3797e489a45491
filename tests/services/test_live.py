"""Live refresh between workstations: each write is announced on the change feed, and a listener of another
session hears it (PostgreSQL: LISTEN/NOTIFY; SQLite: the file's change counter), never its own; a second
program on the same file is heard; a feed lost with its server reconnects and asks for a full reload."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ConnectionLostError
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.services.live import Listener
from tests.conftest import TODAY
from tests.services.test_server_faults import needs_server_control, server


def new_patient(clinic, mrn: str = "LIVE-1") -> int:
    saved, _ = clinic.patients.save(
        PatientInput(mrn=mrn, family_name="Live", given_names="Lena", date_of_birth="1961-02-03", sex="F")
    )
    return saved.id


def heard(listener: Listener, *, within: float = 5.0) -> list[ChangeSet]:
    """What the listener hears within `within` seconds (a notification takes a moment to travel)."""
    deadline = time.monotonic() + within
    while True:
        found = listener.poll()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.02)


def test_another_session_hears_a_saved_patient_and_its_own_session_does_not(clinic):
    other = Listener(clinic.database, origin="another-workstation")
    mine = clinic.changes.listen()
    try:
        patient_id = new_patient(clinic)
        changes = heard(other)
        assert len(changes) == 1
        assert changes[0].remote and changes[0].patient_list and changes[0].patients == {patient_id}
        assert mine.poll() == []  # this session announced it to its own screens already
    finally:
        other.close()
        mine.close()


def test_a_finalized_plan_reaches_the_front_desk_of_another_session(clinic):
    from tests.documents.test_plan_pdf import saved_plan
    from tests.services.test_plan_versions import finalize

    draft = saved_plan(clinic)
    other = Listener(clinic.database, origin="front-desk")
    try:
        finalize(clinic, draft)
        changes = heard(other)
        assert changes and any(draft.patient.id in c.consults_of for c in changes)
    finally:
        other.close()


def test_an_open_consult_learns_it_was_saved_elsewhere(clinic):
    from tests.documents.test_plan_pdf import saved_plan

    draft = saved_plan(clinic)
    assert draft.consult_id is not None
    versions = (draft.consult_id, draft.row_version, draft.plan_id, draft.plan_row_version)
    assert clinic.consults.saved_elsewhere(*versions) is None
    document = dict(draft.document)
    document["reason"] = "Changed at the other workstation"
    clinic.consults.save(
        draft.patient.id,
        document,
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
    )
    assert clinic.consults.saved_elsewhere(*versions) is not None


def test_a_second_program_on_the_same_sqlite_file_is_heard(sqlite_clinic, sqlite_url, tmp_path):
    listener = sqlite_clinic.changes.listen()
    try:
        assert listener.fileno() is None  # polled on a timer, not watched
        env = {**os.environ, "FBSS_DATA_DIR": str(tmp_path / "other")}
        subprocess.run(
            [sys.executable, "-m", "fbss_desktop", "--database", sqlite_url, "demo", "--patients", "1"],
            check=True,
            capture_output=True,
            env=env,
            timeout=120,
        )
        changes = heard(listener)
        assert changes and changes[0].patient_list and changes[0].remote
    finally:
        listener.close()


def test_nothing_is_read_again_when_the_file_did_not_change(sqlite_clinic):
    listener = Listener(sqlite_clinic.database, origin="elsewhere")
    try:
        new_patient(sqlite_clinic)
        assert heard(listener)
        assert listener.poll() == []  # the counter did not move: the rows are not read again
        new_patient(sqlite_clinic, "LIVE-2")
        assert len(heard(listener)) == 1
    finally:
        listener.close()


def test_an_encrypted_file_is_watched_with_its_key(sqlite_url, tmp_path):
    from fbss_desktop.services.clinic import Clinic
    from fbss_desktop.services.encryption import encrypt, unlock
    from tests.gui.test_sign_in import PASSWORDS, staffed_clinic

    staffed_clinic(sqlite_url, tmp_path)

    def opened(key):
        return Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY, key=key)

    encrypt(sqlite_url, "ada", PASSWORDS["ada"], opened)
    clinic = opened(unlock(sqlite_url, "ada", PASSWORDS["ada"]))
    try:
        clinic.accounts.sign_in("ada", PASSWORDS["ada"], "office")
        listener = Listener(clinic.database, origin="elsewhere")
        try:
            new_patient(clinic)
            assert heard(listener)
        finally:
            listener.close()
    finally:
        clinic.close()


def test_a_payload_that_cannot_be_read_reloads_everything():
    assert ChangeSet.from_payload("not json").everything
    changes = ChangeSet(patients=frozenset({3}), consults_of=frozenset({3}), patient_list=True)
    assert ChangeSet.from_payload(changes.to_payload()) == ChangeSet(
        patients=frozenset({3}), consults_of=frozenset({3}), patient_list=True, remote=True
    )


@pytest.mark.postgres
@needs_server_control
def test_after_the_server_restarts_the_feed_reconnects_and_reloads_everything(pg_clinic):
    listener = Listener(pg_clinic.database, origin="elsewhere")
    try:
        assert listener.fileno() is not None  # a socket the GUI watches
        server("stop")
        with pytest.raises(ConnectionLostError):
            for _ in range(50):
                listener.poll()
                time.sleep(0.05)
        server("start")
        assert listener.reconnect().everything
        new_patient(pg_clinic)
        assert heard(listener)
    finally:
        listener.close()
