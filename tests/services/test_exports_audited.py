"""What leaves the database as a file is in the audit trail once the file is written, and not when it is not."""

from __future__ import annotations

import json

import pytest

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.errors import StorageError
from fbss_desktop.core.users import UserInput
from fbss_desktop.storage import audit
from fbss_desktop.storage.patients import find_by_mrn

PASSWORD = "quiet harbour stone"


@pytest.fixture
def signed_in(clinic):
    clinic.demo.load(1)
    doctor = clinic.setup.clinicians()[0]
    roles = {"administrator", "specialist"}  # exports case files, reads the audit trail
    clinic.accounts.add_first_administrator(
        UserInput(username="ada", display_name="Ada", roles=roles, clinician_id=doctor.id, password=PASSWORD)
    )
    clinic.accounts.sign_in("ada", PASSWORD, "office")
    return clinic


def exported():
    return [(e.object_kind, e.patient_id, e.detail) for e in audit.search(action=AuditAction.EXPORTED.value)]


def test_a_case_file_is_in_the_audit_trail_once_written_and_not_when_the_write_fails(signed_in, tmp_path):
    mrn = "D000001"
    folder = tmp_path / "exports"
    taken = folder / "case.json"
    taken.mkdir(parents=True)  # a folder already has the name chosen: the file cannot take it
    with pytest.raises(OSError):
        signed_in.case_files.write(mrn, taken)
    assert exported() == [] and [p.name for p in folder.iterdir()] == ["case.json"]  # and no .part file

    written = signed_in.case_files.write(mrn, folder / "case-ok.json")
    assert json.loads(written.read_text("utf-8"))["patient"]["mrn"] == mrn
    patient_id = find_by_mrn(mrn).id
    assert exported() == [("", patient_id, "")]


def test_an_audit_trail_export_is_itself_in_the_trail_once_written(signed_in, tmp_path):
    entries = signed_in.audit_log.search()
    with pytest.raises((OSError, StorageError)):
        signed_in.audit_log.write_csv(entries, tmp_path / "missing-folder" / "trail.csv")
    assert exported() == []

    target = signed_in.audit_log.write_csv(entries, tmp_path / "trail.csv")
    assert len(target.read_text("utf-8").splitlines()) == len(entries) + 1
    assert exported() == [("audit_trail", None, f"{len(entries)} entries")]
