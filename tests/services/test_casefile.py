"""Case files: export then import gives back the same record; a bad file names its first problem and changes
nothing in the database."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.services.casefile import CaseFileError, case_schema, read_case_file
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY
from tests.core.consult_fixtures import full_document


@pytest.fixture
def other_clinic(tmp_path):
    clinic = Clinic.open(f"sqlite:///{tmp_path}/other.sqlite3", backup_dir=None, today=lambda: TODAY)
    yield clinic
    clinic.close()


@pytest.fixture
def case(clinic):
    """A patient with two surgeries and two consults, the second carried forward from the first."""
    clinic.demo.load(1)  # clinicians
    patient, _ = clinic.patients.save(
        PatientInput(
            mrn="CF-9", family_name="Núñez-Łukasiewicz", given_names="Zoë", date_of_birth="1968-03-14", sex="F"
        )
    )
    first, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2019-05", procedure="DISCECTOMY", levels="L4-L5")
    )
    second, _ = clinic.patients.save_surgery(
        SurgeryInput(
            patient_id=patient.id,
            performed="2024-02-12",
            procedure="TLIF",
            levels="L4-L5",
            fusion=True,
            instrumented=True,
        )
    )
    document = full_document()
    document["history"].update(index_surgery_id=second.id, spine_operations=2)
    document["studies"][0]["follows_surgery_id"] = second.id
    document["consult_date"] = "2026-08-01"
    document["clinician_id"] = clinic.setup.clinicians()[0].id
    document["plan"] = {
        "items": [
            {"key": "i1", "treatment": "PSYCH_EVALUATION", "phase": 1},
            {"key": "i2", "treatment": "SCS_TRIAL", "phase": 2, "details": {"antithrombotic_hold": "3 days"}},
        ],
        "goals": [{"kind": "pain", "text": "Leg pain 4/10", "measure": "leg_nrs", "target": 4}],
        "follow_up_weeks": 6,
        "acknowledgements": [
            {
                "rule": "R16",
                "item": "i2",
                "severity": "block",
                "reason": "Cardiology agreed the hold",
                "clinician": "Dr Reyes",
                "clinician_id": 1,
                "at": "2026-08-01T10:00:00",
            }
        ],
    }
    earlier, _ = clinic.consults.save(patient.id, document, finalize_by="Dr Reyes")
    later = dict(
        clinic.consults.new(patient.id).document, reason="Follow-up", carry_forward_confirmed=True, status="signed"
    )
    clinic.consults.save(patient.id, later)
    return clinic.case_files.export("CF-9")


def without_stamp(data):
    data = copy.deepcopy(data)
    data.pop("exported_at")
    return data


def test_the_export_follows_the_published_schema_and_uses_refs_not_ids(case):
    jsonschema.Draft202012Validator(case_schema()).validate(case)
    assert [s["ref"] for s in case["surgeries"]] == ["s1", "s2"]
    first, second = case["consults"]
    assert first["document"]["history"]["index_surgery_id"] == "s2"
    assert first["document"]["studies"][0]["follows_surgery_id"] == "s2"
    assert second["document"]["carried_forward_from"] == "c1"
    assert first["clinician"]["full_name"].startswith("Dr.")
    assert first["document"]["questionnaires"]["odi"]["total"] == 46.0


def test_export_then_import_gives_back_the_same_case(case, other_clinic):
    imported, changes = other_clinic.case_files.add(case)
    patient = imported.patient
    assert changes.patient_list and patient.mrn == "CF-9"
    again = other_clinic.case_files.export("CF-9")
    assert without_stamp(again) == without_stamp(case)


def test_a_case_file_round_trips_through_the_cli(case, tmp_path, capsys):
    from fbss_desktop.app import main

    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), "utf-8")
    target = f"sqlite:///{tmp_path}/cli.sqlite3"
    assert main(["--database", target, "import", str(path)]) == 0
    assert "Imported CF-9 with 2 consults" in capsys.readouterr().out
    out = tmp_path / "out.json"
    assert main(["--database", target, "export", "cf-9", "-o", str(out)]) == 0
    assert without_stamp(json.loads(out.read_text("utf-8"))) == without_stamp(case)
    assert main(["--database", target, "import", str(path)]) == 2  # the file is refused, like check's
    assert "patient.mrn: a patient with MRN CF-9 is already in this database" in capsys.readouterr().err


def rejected(other_clinic, data, name="case.json") -> CaseFileError:
    with pytest.raises(CaseFileError) as caught:
        other_clinic.case_files.add(data, name=name)
    assert other_clinic.patients.count() == 0  # nothing written
    return caught.value


@pytest.mark.parametrize(
    ("change", "path", "expected"),
    [
        (lambda d: d.update(format_version=5), "format_version", "reads case format versions 1, 2, 3 and 4"),
        (
            lambda d: d["consults"][0]["plan_versions"][-1]["document"]["items"][0].update(treatment="ACUPUNCTURE"),
            "consults[0].plan_versions[0].document.items[0].treatment",
            "not in the treatment catalogue",
        ),
        (
            lambda d: d["consults"][0]["plan_versions"][-1]["document"]["goals"][0].update(target=14),
            "consults[0].plan_versions[0].document.goals[0].target",
            "between 0 and 10",
        ),
        (
            lambda d: d["consults"][0]["plan_versions"][-1]["document"]["acknowledgements"][0].update(reason=""),
            "consults[0].plan_versions[0].document.acknowledgements[0].reason",
            "needs a written reason",
        ),
        (lambda d: d.update(format="something/else"), "format", "not an FBSS Desktop case file"),
        (lambda d: d["patient"].pop("date_of_birth"), "patient", "'date_of_birth' is a required property"),
        (lambda d: d["patient"].update(sex="female"), "patient.sex", 'one of "F", "M", "X", "U"'),
        (lambda d: d["surgeries"][1].update(levels=["L4/5"]), "surgeries[1].levels[0]", "text matching"),
        (lambda d: d["surgeries"][1].update(levels=["L9-L10"]), "surgeries[1].levels", "not a spinal level"),
        (
            lambda d: d["consults"][0]["document"]["history"].update(back_nrs_now="six"),
            "consults[0].document.history.back_nrs_now",
            "expected integer or null",
        ),
        (
            lambda d: d["consults"][1]["document"]["history"].update(leg_nrs_now=12),
            "consults[1].document.history.leg_nrs_now",
            "between 0 and 10",
        ),
        (
            lambda d: d["consults"][0]["document"]["history"].update(index_surgery_id="s7"),
            "consults[0].document",
            "surgery 's7', which is not in this case",
        ),
        (
            lambda d: d["consults"][0]["document"]["exam"].update(colour="red"),
            "consults[0].document.exam",
            "unexpected field",
        ),
        (lambda d: d["surgeries"][0].update(performed="2030"), "surgeries[0].performed", "in the future"),
    ],
)
def test_a_wrong_case_names_the_first_problem_and_changes_nothing(case, other_clinic, change, path, expected):
    data = copy.deepcopy(case)
    change(data)
    error = rejected(other_clinic, data)
    assert error.path == path
    assert expected in error.message
    assert str(error).startswith(f"case.json at {path}: ")


def test_malformed_and_truncated_files_are_refused_with_where_they_break(case, tmp_path):
    truncated = tmp_path / "cut.json"
    truncated.write_text(json.dumps(case)[:300], "utf-8")
    with pytest.raises(CaseFileError, match=r"cut.json: not valid JSON at line 1, column \d+ .*truncated"):
        read_case_file(truncated)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(CaseFileError, match="not UTF-8"):
        read_case_file(binary)
    listing = tmp_path / "list.json"
    listing.write_text("[1, 2]", "utf-8")
    with pytest.raises(CaseFileError, match="expected a JSON object"):
        read_case_file(listing)


def test_a_refused_import_from_the_cli_exits_2_and_names_the_file_and_path(case, tmp_path, capsys):
    from fbss_desktop.app import main

    data = copy.deepcopy(case)
    data["consults"][0]["document"]["history"]["egfr"] = 0
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), "utf-8")
    target = tmp_path / "cli.sqlite3"
    assert main(["--database", f"sqlite:///{target}", "import", str(path)]) == 2
    err = capsys.readouterr().err
    assert "bad.json at consults[0].document.history.egfr: eGFR must be between 1 and 200." in err
    import sqlite3

    assert sqlite3.connect(target).execute("SELECT count(*) FROM patient").fetchone()[0] == 0


def test_exporting_an_unknown_mrn_says_so(clinic):
    with pytest.raises(Exception, match="No patient has MRN NOPE"):
        clinic.case_files.export("NOPE")


def _properties(node, found):
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            found.add(name)
            _properties(child, found)
        for child in node.values():
            _properties(child, found)
    elif isinstance(node, list):
        for child in node:
            _properties(child, found)
    return found


def test_plans_travel_with_their_consult_without_database_ids(case, other_clinic):
    first, second = case["consults"]
    (only,) = first["plan_versions"]
    assert only["document"]["status"] == "finalized" and second["plan_versions"] == []
    assert [i["treatment"] for i in only["document"]["items"]] == ["PSYCH_EVALUATION", "SCS_TRIAL"]
    assert "clinician_id" not in only["document"]["acknowledgements"][0]
    patient = other_clinic.case_files.add(case)[0].patient
    (_later, earlier) = other_clinic.patients.open(patient.id).consults
    plan = other_clinic.consults.open(earlier.id).document["plan"]
    assert plan["status"] == "finalized" and plan["acknowledgements"][0]["reason"] == "Cardiology agreed the hold"


def test_a_version_1_file_still_imports(case, other_clinic):
    old = copy.deepcopy(case)
    old["format_version"] = 1
    old["plans"] = []
    for consult in old["consults"]:
        del consult["plan_versions"]
    patient = other_clinic.case_files.add(old)[0].patient
    assert len(other_clinic.patients.open(patient.id).consults) == 2


def test_every_field_of_the_schema_is_documented_in_the_format_page():
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "case-format.md").read_text("utf-8")
    missing = sorted(name for name in _properties(case_schema(), set()) if f"`{name}`" not in page)
    assert missing == []


def test_every_plan_version_travels_with_its_frozen_print_and_acknowledgements(clinic, case, tmp_path):
    """A finalized plan revised into a second version: the file carries both, the first with the print frozen
    when it was finalized; import writes them in order, the second superseding the first."""
    from fbss_desktop.storage.patients import find_by_mrn

    (finalized,) = clinic.plans.versions(find_by_mrn("CF-9").id)
    clinic.plans.record_print(finalized.plan_id, "plan")
    clinic.plans.record_print(finalized.plan_id, "handout", "ESI,SCS_TRIAL", copies=2)
    clinic.plans.revise(finalized.consult_id, finalized.plan_id, clinic.plans.stored(finalized.plan_id).row_version)
    exported = clinic.case_files.export("CF-9")
    jsonschema.Draft202012Validator(case_schema()).validate(exported)
    versions = exported["consults"][0]["plan_versions"]
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["document"]["status"] == "finalized" and versions[0]["snapshot"] is not None
    assert versions[1]["document"]["status"] == "draft" and versions[1]["snapshot"] is None
    assert versions[0]["document"]["acknowledgements"][0]["reason"] == "Cardiology agreed the hold"
    assert [(p["kind"], p["copies"]) for p in versions[0]["prints"]] == [("plan", 1), ("handout", 2)]
    assert versions[1]["prints"] == []

    other_clinic = Clinic.open(f"sqlite:///{tmp_path}/third.sqlite3", backup_dir=None, today=lambda: TODAY)
    imported = other_clinic.case_files.add(exported)[0].patient
    stored = sorted(other_clinic.plans.versions(imported.id), key=lambda v: v.version)
    assert [v.version for v in stored] == [1, 2]
    assert other_clinic.plans.stored(stored[0].plan_id).snapshot == versions[0]["snapshot"]
    assert other_clinic.plans.stored(stored[1].plan_id).supersedes_id == stored[0].plan_id
    assert stored[0].last_printed is not None and stored[1].last_printed is None  # not "never printed"
    assert without_stamp(other_clinic.case_files.export("CF-9")) == without_stamp(exported)
    other_clinic.close()


def test_a_version_2_file_with_one_plan_per_consult_still_imports(case, other_clinic):
    old = copy.deepcopy(case)
    old["format_version"] = 2
    for consult in old["consults"]:
        versions = consult.pop("plan_versions")
        consult["plan"] = versions[-1]["document"] if versions else None
    patient = other_clinic.case_files.add(old)[0].patient
    (_later, earlier) = other_clinic.patients.open(patient.id).consults
    assert other_clinic.consults.open(earlier.id).document["plan"]["status"] == "finalized"


def test_an_imported_plan_says_which_file_it_came_in_by(case, other_clinic):
    patient = other_clinic.case_files.add(case, name="case-CF-9.json")[0].patient
    (finalized,) = other_clinic.plans.versions(patient.id)
    assert other_clinic.plans.stored(finalized.plan_id).imported_from.startswith("case-CF-9.json, exported 20")


def test_a_finalized_plan_whose_block_was_never_acknowledged_arrives_as_a_draft_with_a_note(case, other_clinic):
    tampered = copy.deepcopy(case)
    version = tampered["consults"][0]["plan_versions"][0]
    version["document"]["acknowledgements"] = []  # finalized elsewhere without the hold's acknowledgement
    version["snapshot"] = None
    imported, _ = other_clinic.case_files.add(tampered)
    (note,) = imported.notes
    assert "consult of 2026-08-01" in note and "arrives as a draft" in note
    (plan,) = other_clinic.plans.versions(imported.patient.id)
    stored = other_clinic.plans.stored(plan.plan_id)
    assert stored.status.value == "draft" and stored.snapshot is None and stored.finalized_by == ""


def test_a_finalized_plan_from_a_file_without_its_print_gets_one_frozen_on_import(case, other_clinic):
    old = copy.deepcopy(case)
    old["format_version"] = 2
    for consult in old["consults"]:
        versions = consult.pop("plan_versions")
        consult["plan"] = versions[-1]["document"] if versions else None
    imported, _ = other_clinic.case_files.add(old)
    assert imported.notes == ()
    (plan,) = other_clinic.plans.versions(imported.patient.id)
    stored = other_clinic.plans.stored(plan.plan_id)
    assert stored.status.value == "finalized" and stored.snapshot is not None
    assert other_clinic.printing.plan_pdf(plan.consult_id, plan_id=plan.plan_id).startswith(b"%PDF")
