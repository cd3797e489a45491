"""`fbss-desktop check` and the clinician summary of a consult typed without a kidney function (issue 16, part 8):
the gabapentin rule asks for the kidney function by name, as information, and nothing it asks blocks or warns."""

from __future__ import annotations

import io
import json

from pypdf import PdfReader

from fbss_desktop.app import main
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.rules.case_builder import QUIET

KIDNEY = "kidney function (eGFR, or creatinine with weight)"


def _case_file(tmp_path, gabapentin_per_dose: int) -> str:
    """A quiet consult (every question answered) without eGFR, creatinine or labs, on gabapentin three times a
    day, exported as a case file."""
    document = json.loads(json.dumps(QUIET))
    for key in ("egfr", "creatinine_mg_dl"):
        del document["history"][key]
    document["studies"] = [s for s in document["studies"] if s["kind"] != "labs"]
    document["history"]["medications"] = [{"name": "Gabapentin", "dose": gabapentin_per_dose, "per_day": 3}]
    document["plan"] = {"items": [], "follow_up_weeks": 6}
    clinic = Clinic.open(f"sqlite:///{tmp_path}/make.sqlite3", backup_dir=None, today=lambda: TODAY)
    try:
        patient, _ = clinic.patients.save(
            PatientInput(mrn="NI-1", family_name="Case", given_names="Ana", date_of_birth="1968-03-14", sex="F")
        )
        clinic.patients.save_surgery(
            SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
        )
        clinic.consults.save(patient.id, document)
        data = clinic.case_files.export("NI-1")
    finally:
        clinic.close()
    path = tmp_path / f"gabapentin_{gabapentin_per_dose * 3}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def _check(tmp_path, path, capsys) -> list[dict]:
    assert main(["--database", f"sqlite:///{tmp_path}/clinic.sqlite3", "check", path]) == 0
    return json.loads(capsys.readouterr().out)


def test_check_asks_for_the_kidney_function_as_information(tmp_path, capsys):
    findings = _check(tmp_path, _case_file(tmp_path, 300), capsys)
    r39 = next(f for f in findings if f["rule"] == "R39")
    assert (r39["outcome"], r39["severity"], r39["missing"]) == ("needs_input", "info", [KIDNEY])
    assert not [f for f in findings if f["outcome"] == "needs_input" and f["severity"] in ("block", "warn")]


def test_check_does_not_ask_when_the_dose_is_within_every_kidney_maximum(tmp_path, capsys):
    low = _case_file(tmp_path, 100)  # 300 mg a day: within the lowest kidney maximum
    assert [f for f in _check(tmp_path, low, capsys) if f["rule"] == "R39"] == []


def test_the_clinician_summary_does_not_print_a_question_as_a_block(tmp_path, capsys):
    out = tmp_path / "summary.pdf"
    db = f"sqlite:///{tmp_path}/clinic.sqlite3"
    assert main(["--database", db, "plan-pdf", _case_file(tmp_path, 300), "-o", str(out), "--clinician-summary"]) == 0
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "rule R39" not in text and "Stop and acknowledge" not in text
