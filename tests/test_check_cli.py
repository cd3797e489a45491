"""`fbss-desktop check case.json`: the findings of the case's latest consult and plan as JSON; exit 2 for a bad file."""

from __future__ import annotations

import json
import re

import pytest

from fbss_desktop.app import main
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.scenarios import EXPECTED, SCENARIOS, save_scenario

REQUIRED_KEYS = {"rule", "severity", "category", "treatment", "message", "source"}


@pytest.fixture
def case_file(tmp_path):
    def write(name: str) -> str:
        clinic = Clinic.open(f"sqlite:///{tmp_path}/{name}.sqlite3", backup_dir=None, today=lambda: TODAY)
        try:
            save_scenario(clinic, name)
            data = clinic.case_files.export("DW-1")
        finally:
            clinic.close()
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return str(path)

    return write


def check(tmp_path, path, capsys):
    status = main(["--database", f"sqlite:///{tmp_path}/clinic.sqlite3", "check", path])
    return status, capsys.readouterr()


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_check_prints_the_expected_finding_and_exits_0(scenario, case_file, tmp_path, capsys):
    status, output = check(tmp_path, case_file(scenario), capsys)
    assert status == 0, output.err
    findings = json.loads(output.out)
    assert all(REQUIRED_KEYS <= set(f) for f in findings)
    rule, severity, category, treatment = EXPECTED[scenario]
    match = [f for f in findings if f["rule"] == rule and f["outcome"] == "fired"]
    assert match, f"{rule} missing from {[f['rule'] for f in findings]}"
    assert (match[0]["severity"], match[0]["category"], match[0]["treatment"]) == (severity, category, treatment)
    # A citation (authors or body, year), as the reference gives it; no longer a bare link.
    assert re.search(r"(19|20)\d\d", match[0]["source"]) and " " in match[0]["source"]


def test_the_findings_name_the_drugs_and_holds(case_file, tmp_path, capsys):
    findings = json.loads(check(tmp_path, case_file("apixaban_esi"), capsys)[1].out)
    r16b = next(f for f in findings if f["rule"] == "R16B")
    assert "Apixaban" in r16b["message"] and r16b["item"] == "i1"
    ckd = json.loads(check(tmp_path, case_file("ckd4_nsaid"), capsys)[1].out)
    r37 = next(f for f in ckd if f["rule"] == "R37")
    assert {
        "fact": "renal_function",
        "label": "kidney function (eGFR, or creatinine with weight)",
        "value": "22 mL/min",
    } in r37["inputs"]


def test_the_clinic_settings_set_the_thresholds(case_file, tmp_path, capsys):
    path = case_file("apixaban_esi")
    url = f"sqlite:///{tmp_path}/clinic.sqlite3"
    clinic = Clinic.open(url, backup_dir=None)
    clinic.settings.save_one("rules.guideline_mode", "nice")
    clinic.close()
    findings = json.loads(check(tmp_path, path, capsys)[1].out)
    assert "R48" in {f["rule"] for f in findings}  # gabapentin for sciatica, in NICE mode only


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "fbss-desktop/case", "format_version": 9}', "reads case format versions 1, 2, 3 and 4"),
        ("[1, 2]", "expected a JSON object"),
    ],
)
def test_a_bad_file_exits_2_with_a_clear_error(content, expected, tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    status, output = check(tmp_path, str(path), capsys)
    assert status == 2 and output.out == ""
    assert expected in output.err and "bad.json" in output.err


def test_an_invalid_value_exits_2_naming_the_path(case_file, tmp_path, capsys):
    path = case_file("ckd4_nsaid")
    data = json.loads(open(path, encoding="utf-8").read())
    data["consults"][0]["plan_versions"][-1]["document"]["items"][0]["details"]["drug"] = "warfarin"
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
    status, output = check(tmp_path, path, capsys)
    assert status == 2
    assert "consults[0].plan_versions[0].document.items[0].details.drug" in output.err


def test_a_missing_file_exits_2(tmp_path, capsys):
    status, output = check(tmp_path, str(tmp_path / "nowhere.json"), capsys)
    assert status == 2 and "cannot read the file" in output.err


def test_plan_pdf_writes_the_latest_plan(case_file, tmp_path, capsys):
    import io

    from pypdf import PdfReader

    out = tmp_path / "plan.pdf"
    status = main(
        ["--database", f"sqlite:///{tmp_path}/clinic.sqlite3", "plan-pdf", case_file("apixaban_esi"), "-o", str(out)]
    )
    assert status == 0, capsys.readouterr().err
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Your treatment plan" in text and "Epidural steroid injection" in text
    assert not (tmp_path / "plan.pdf.part").exists()


def test_plan_pdf_of_a_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    status = main(
        ["--database", f"sqlite:///{tmp_path}/clinic.sqlite3", "plan-pdf", str(bad), "-o", str(tmp_path / "x.pdf")]
    )
    assert status == 2 and "bad.json" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()


def test_the_clinician_summary_carries_findings_and_a_stopped_draft_is_not_printed_for_the_patient(
    case_file, tmp_path, capsys
):
    import io

    from pypdf import PdfReader

    def text(path):
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(path.read_bytes())).pages)

    case = case_file("scs_without_psychology")
    summary, patient = tmp_path / "summary.pdf", tmp_path / "patient.pdf"
    db = f"sqlite:///{tmp_path}/clinic.sqlite3"
    assert main(["--database", db, "plan-pdf", case, "-o", str(summary), "--clinician-summary"]) == 0
    clinician = text(summary)
    for fact in (
        "M96.1",
        "MRN DW-1",
        "Stop and acknowledge, rule R32",
        "No psychological evaluation before SCS",
        "Spinal cord stimulator trial",
    ):
        assert fact in clinician
    # the patient's copy of a draft that decision support stops is refused, with what to do
    capsys.readouterr()
    assert main(["--database", db, "plan-pdf", case, "-o", str(patient)]) == 2
    assert "blocking finding" in capsys.readouterr().err and not patient.exists()
