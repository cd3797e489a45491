"""Procedure records through the facade: recorded from a plan item marked done or on their own, refused
field by field, signed (and then kept as signed), the relief at follow-up, the stimulator trial diary, the
note and the diary printed, and the next consult's rules reading them. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from fbss_desktop.core.errors import ConflictError, PermissionDenied, ValidationError
from fbss_desktop.core.procedure_reader import procedure_document
from fbss_desktop.services.casefile import CaseFileError
from fbss_desktop.storage import audit
from tests.scenarios import save_scenario
from tests.services.test_roles import as_user
from tests.services.test_roles import staffed as staffed  # the fixture, for this module too

ESI_FORM = {
    "kind": "ESI",
    "performed_on": "2026-09-21",
    "operator": "Dr. Helena Marsh, MD",
    "region": "lumbar",
    "levels": ["L4-L5"],
    "side": "left",
    "approach": "transforaminal",
    "needle": "22 G Quincke spinal, 3.5 in",
    "contrast": "iodinated",
    "contrast_ml": 1.5,
    "allergy_checked": True,
    "injectates": [{"drug": "dexamethasone", "dose_mg": 10}, {"drug": "lidocaine", "volume_ml": 1}],
    "fluoroscopy_seconds": 24,
    "fluoroscopy_mgy": 3.2,
    "sedation": "none",
    "complications": [],
    "nrs_before": 7,
    "nrs_after": 2,
}


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_an_esi_record_is_saved_read_back_and_its_note_printed(clinic):
    patient, _ = save_scenario(clinic, "apixaban_esi")
    saved, changes = clinic.procedures.save(patient.id, ESI_FORM)
    assert patient.id in changes.procedures_of
    [listed] = clinic.procedures.for_patient(patient.id)
    assert listed == saved
    assert (listed.levels, listed.approach, listed.injectates[0].dose_mg) == (("L4-L5",), "transforaminal", 10)
    text = pdf_text(clinic.procedures.note_pdf(saved.id))
    for expected in ("Procedure note", "Transforaminal", "Dexamethasone", "24 s", "3.2 mGy", "checked before", "DRAFT"):
        assert expected in text, expected


def test_bad_input_is_refused_at_the_field_that_is_wrong(clinic):
    patient, _ = save_scenario(clinic, "apixaban_esi")
    form = {
        **ESI_FORM,
        "nrs_before": 14,
        "allergy_checked": False,
        "approach": "caudalish",
        "performed_on": "2026-13-01",
    }
    with pytest.raises(ValidationError) as refused:
        clinic.procedures.save(patient.id, form)
    assert set(refused.value.errors) == {"nrs_before", "allergy_checked", "approach", "performed_on"}
    assert "between 0 and 10" in refused.value.errors["nrs_before"]
    with pytest.raises(ValidationError) as future:
        clinic.procedures.save(patient.id, {**ESI_FORM, "performed_on": "2026-12-30"})
    assert "future" in future.value.errors["performed_on"]
    assert clinic.procedures.for_patient(patient.id) == []


def test_a_record_started_from_a_plan_item_carries_what_was_planned(clinic):
    patient, draft = save_scenario(clinic, "apixaban_esi")
    started = clinic.procedures.start(patient.id, "ESI", plan_id=draft.plan_id, item_key="i1")
    assert (started.kind, started.region, started.levels, started.side) == ("ESI", "lumbar", ("L4-L5",), "left")
    assert (started.plan_id, started.plan_item, started.performed_on) == (draft.plan_id, "i1", clinic.today())
    saved, _ = clinic.procedures.save(patient.id, procedure_document(started))
    again = clinic.procedures.start(patient.id, "ESI", plan_id=draft.plan_id, item_key="i1")
    assert again.id == saved.id  # the item's record is opened again, not a second one started


def test_a_signed_record_is_not_changed_but_its_response_is_recorded(clinic):
    patient, _ = save_scenario(clinic, "apixaban_esi")
    saved, _ = clinic.procedures.save(patient.id, ESI_FORM)
    signed, _ = clinic.procedures.sign(saved.id, saved.row_version)
    assert signed.signed and signed.signed_at is not None
    with pytest.raises(ConflictError):
        clinic.procedures.save(patient.id, ESI_FORM, procedure_id=saved.id, row_version=signed.row_version)
    answered, _ = clinic.procedures.record_response(
        signed.id, signed.row_version, {"relief_percent": 60, "lasted_weeks": 8, "ongoing": True}
    )
    assert answered.latest_response is not None
    assert (answered.latest_response.relief_percent, answered.latest_response.ongoing) == (60, True)
    assert answered.latest_response.recorded_on == clinic.today()
    with pytest.raises(ValidationError) as too_long:  # 2026-09-21 to 2026-11-21: nine weeks at most
        clinic.procedures.record_response(answered.id, answered.row_version, {"relief_percent": 60, "lasted_weeks": 20})
    assert "at most 9 weeks" in too_long.value.errors["responses[0].lasted_weeks"]
    corrected, _ = clinic.procedures.record_response(
        answered.id, answered.row_version, {"relief_percent": 50, "lasted_weeks": 6, "ongoing": True}
    )
    assert [(x.relief_percent, x.lasted_weeks) for x in corrected.responses] == [(50, 6)]  # today's, corrected
    answered = corrected
    with pytest.raises(ConflictError):  # an old row_version: someone else recorded in between
        clinic.procedures.record_response(signed.id, signed.row_version, {"relief_percent": 10})
    text = pdf_text(clinic.procedures.note_pdf(saved.id))
    assert "50% for 6 weeks so far" in text and "60%" not in text and "Signed by" in text and "DRAFT" not in text


def test_the_next_consult_reads_the_relief_an_esi_gave(clinic):
    patient, draft = save_scenario(clinic, "apixaban_esi")
    saved, _ = clinic.procedures.save(patient.id, ESI_FORM)
    record = clinic.patients.open(patient.id)

    def r25() -> list[str]:
        opened = clinic.consults.open(draft.consult_id)
        evaluation = clinic.consults.evaluate_document(opened.basis, opened.document)
        return [f.outcome.value for f in evaluation.findings if f.rule == "R25"]

    assert r25() == ["needs_input"]  # an ESI on file with no follow-up yet: how much did it help?
    clinic.procedures.record_response(
        saved.id, saved.row_version, {"relief_percent": 60, "lasted_weeks": 8, "ongoing": True}
    )
    assert r25() == []
    latest = clinic.procedures.get(saved.id)
    clinic.procedures.record_response(latest.id, latest.row_version, {"relief_percent": 20, "lasted_weeks": 2})
    assert r25() == ["fired"]
    assert record.patient.id == patient.id


def test_a_stimulator_trial_diary_is_entered_back_and_judged(clinic):
    patient, _ = save_scenario(clinic, "scs_without_psychology")
    trial, _ = clinic.procedures.save(
        patient.id,
        {"kind": "SCS_TRIAL", "performed_on": "2026-11-10", "nrs_before": 8, "region": "thoracic", "levels": ["T8-T9"]},
    )
    diary_pdf = pdf_text(clinic.procedures.diary_pdf(trial.id, 7))
    assert "Day 1: Nov 11" in diary_pdf and "Day 7: Nov 17" in diary_pdf and "Relief %" in diary_pdf
    days = [
        {"day": f"2026-11-{11 + n:02d}", "nrs": 3, "relief_percent": relief, "activity": "more", "medicines": "none"}
        for n, relief in enumerate((40, 60, 70, 60, 70))
    ]
    judged, _ = clinic.procedures.save_diary(trial.id, trial.row_version, days)
    result = clinic.procedures.trial_result(judged)
    assert (result.days, result.average_relief, result.success) == (5, 60.0, True)
    assert result.pain_reduction == 62.5
    with pytest.raises(ValidationError) as refused:
        clinic.procedures.save_diary(judged.id, judged.row_version, [{**days[0], "relief_percent": 140}])
    assert list(refused.value.errors) == ["diary[0].relief_percent"]
    weak, _ = clinic.procedures.save_diary(judged.id, judged.row_version, [{**d, "relief_percent": 30} for d in days])
    assert clinic.procedures.trial_result(weak).success is False
    strict = replace(weak, medication_reduction_percent=None)
    assert clinic.procedures.trial_result(strict).success is False


def test_the_front_desk_reprints_a_note_but_records_nothing(staffed):
    clinic = as_user(staffed, "doc")
    patient = clinic.patients.search("").page.rows[0]
    saved, _ = clinic.procedures.save(patient.id, ESI_FORM)
    assert saved.operator == ESI_FORM["operator"]
    assert clinic.procedures.start(patient.id, "RFA").operator  # the signed-in specialist, by default
    clinic = as_user(staffed, "desk")
    assert clinic.procedures.note_pdf(saved.id).startswith(b"%PDF")
    clinic.procedures.record_print(saved.id, "procedure note")
    for call in (
        lambda: clinic.procedures.save(patient.id, ESI_FORM),
        lambda: clinic.procedures.sign(saved.id, saved.row_version),
        lambda: clinic.procedures.record_response(saved.id, saved.row_version, {"relief_percent": 50}),
    ):
        with pytest.raises(PermissionDenied):
            call()
    printed = [e for e in audit.entries() if e.action == "printed" and e.object_kind == "procedure"]
    assert [(e.username, e.detail) for e in printed] == [("desk", "procedure note")]


def test_a_case_file_carries_the_procedure_records_with_their_plan_items(clinic, tmp_path):
    from fbss_desktop.services.clinic import Clinic

    patient, draft = save_scenario(clinic, "apixaban_esi")
    started = clinic.procedures.start(patient.id, "ESI", plan_id=draft.plan_id, item_key="i1")
    form = {**procedure_document(started), **{k: v for k, v in ESI_FORM.items() if k != "kind"}}
    saved, _ = clinic.procedures.save(patient.id, form)
    signed, _ = clinic.procedures.sign(saved.id, saved.row_version)
    clinic.procedures.record_response(signed.id, signed.row_version, {"relief_percent": 60, "ongoing": True})
    case = clinic.case_files.export(patient.mrn)
    assert case["format_version"] == 4
    [exported] = case["procedures"]
    assert exported["plan"] == {"consult": "c1", "version": 1, "item": "i1"} and "plan_id" not in exported["document"]

    other = Clinic.open(f"sqlite:///{tmp_path / 'other.sqlite3'}", backup_dir=None)
    try:
        imported, _ = other.case_files.add(case, name="case.json")
        [copied] = other.procedures.for_patient(imported.patient.id)
        original = clinic.procedures.get(saved.id)
        assert (copied.kind, copied.levels, copied.injectates, copied.responses) == (
            original.kind,
            original.levels,
            original.injectates,
            original.responses,
        )
        assert copied.signed and copied.signed_by == original.signed_by
        [summary] = other.patients.open(imported.patient.id).consults
        assert copied.plan_id == other.consults.open(summary.id).plan_id and copied.plan_item == "i1"

        case["procedures"][0]["document"]["nrs_before"] = 15
        case["patient"]["mrn"] = "DW-2"
        with pytest.raises(CaseFileError, match=r"procedures\[0\]\.document\.nrs_before"):
            other.case_files.add(case, name="case.json")
    finally:
        other.close()


def test_a_necessity_letter_counts_a_trial_recorded_since_the_consult(clinic):
    from fbss_desktop.core.letters import LetterKind

    patient, _ = save_scenario(clinic, "apixaban_esi")  # consult of 2026-11-20, no stimulator planned

    def trial_criterion():
        draft = clinic.letters.compose(patient.id, LetterKind.NECESSITY_SCS)
        return next(c.met for c in draft.document.criteria if c.id == "SCS-NCD-TRIAL")

    assert trial_criterion() is False
    clinic.procedures.save(patient.id, {"kind": "SCS_TRIAL", "performed_on": "2026-11-21", "nrs_before": 8})
    assert trial_criterion() is True  # the letter is written today: the trial since the consult is on file


def test_signing_a_record_takes_the_password_again_and_a_wrong_one_saves_nothing(staffed):
    clinic = as_user(staffed, "doc")
    patient = clinic.patients.search("").page.rows[0]
    before = len(clinic.procedures.for_patient(patient.id))
    with pytest.raises(ValidationError) as refused:
        clinic.procedures.save(patient.id, ESI_FORM, signature="not my password")
    assert "not your password" in refused.value.errors["signature"]
    assert len(clinic.procedures.for_patient(patient.id)) == before  # nothing saved
    assert any(e.action == "refused" and e.detail == "signature" for e in audit.entries())
    signed, _ = clinic.procedures.save(patient.id, ESI_FORM, signature=clinic.test_passwords["doc"])
    assert signed.signed and signed.signed_by
    draft, _ = clinic.procedures.save(patient.id, ESI_FORM)
    with pytest.raises(ValidationError):
        clinic.procedures.sign(draft.id, draft.row_version, "")
