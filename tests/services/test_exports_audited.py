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


def test_the_audit_trail_reads_in_words_a_plan_by_its_consult_date_a_user_by_name_a_patient_by_mrn(signed_in):
    """What the administrator reads, in the viewer and the CSV: never a database id or a code."""
    clinic = signed_in
    patient = find_by_mrn("D000001")
    assert patient is not None and patient.id is not None
    record = clinic.patients.open(patient.id)  # the chart opened: an entry naming the patient
    plan = next(p for p in clinic.plans.versions(patient.id) if p.finalized_at)
    clinic.plans.record_print(plan.plan_id, "plan")
    lines = clinic.audit_log.lines(clinic.audit_log.search())
    printed = next(line for line in lines if line.action == "printed")
    consult = next(c for c in record.consults if c.id == plan.consult_id)
    assert printed.about == f"plan of {consult.consult_date.isoformat()}, version 1"
    assert printed.patient == "D000001" and printed.role == "Specialist and Administrator"
    added = next(line for line in lines if line.action == "user added")
    assert added.about == "user ada"
    assert any(line.action == "chart opened" and line.patient == "D000001" for line in lines)
    csv_text = clinic.audit_log.as_csv(clinic.audit_log.search())
    assert "user_added" not in csv_text and "plan 1" not in csv_text and ",user ada," in csv_text


def test_a_clinician_added_or_changed_is_in_the_audit_trail_by_name(signed_in):
    from fbss_desktop.core.clinicians import ClinicianInput

    saved, _ = signed_in.setup.save_clinician(ClinicianInput(full_name="Noor Haddad", credentials="DO"))
    lines = signed_in.audit_log.lines(signed_in.audit_log.search(action=AuditAction.CLINICIAN_SAVED.value))
    assert [(line.about, line.user) for line in lines] == [(f"clinician {saved.display_name}", "ada")]


def test_a_name_that_starts_like_a_formula_is_written_to_the_csv_as_text(signed_in):
    """A walk named a clinician "=1+2 Dr. Ben Okafor": a spreadsheet opening the export would have run it."""
    from fbss_desktop.core.clinicians import ClinicianInput

    signed_in.setup.save_clinician(ClinicianInput(full_name="=1+2 Ben Okafor", credentials="MD"))
    text = signed_in.audit_log.as_csv(signed_in.audit_log.search(action=AuditAction.CLINICIAN_SAVED.value))
    import csv
    import io

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'=1+2 Ben Okafor, MD" in cells and not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_a_chart_read_again_is_not_opened_again_but_coming_back_to_it_is(signed_in):
    """The administrator's walk found a "chart opened" entry each time a dialog closed over the chart."""
    clinic = signed_in
    clinic.demo.load(1)
    first, second = (find_by_mrn(m) for m in ("D000001", "D000002"))
    assert first is not None and second is not None

    def opened() -> list[int | None]:
        return [e.patient_id for e in audit.search(action=AuditAction.CHART_OPENED.value)][::-1]

    before = opened()
    clinic.patients.open(first.id)
    clinic.patients.open(first.id)  # the panel refreshed after a dialog
    clinic.patients.open(second.id)
    clinic.patients.open(first.id)  # back to the first patient: a new look
    assert opened()[len(before) :] == [first.id, second.id, first.id]
