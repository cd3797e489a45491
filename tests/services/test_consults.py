"""Consult use cases on SQLite and PostgreSQL: save in one transaction, reopen, carry forward, conflicts, trend."""

from __future__ import annotations

import pytest

from fbss_desktop.core.consults import ConsultStatus
from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.core.outcomes import Measure
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.services.consulting import CARRIED_HISTORY
from tests.core.consult_fixtures import full_document


@pytest.fixture
def patient_with_surgery(clinic):
    patient, _ = clinic.patients.save(
        PatientInput(mrn="C-1", family_name="Ortega", given_names="Lucía", date_of_birth="1968-03-14", sex="F")
    )
    surgery, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    return patient, surgery


def document_for(surgery_id, **changes):
    document = full_document()
    document["history"]["index_surgery_id"] = surgery_id
    document["studies"][0]["follows_surgery_id"] = surgery_id
    document.update(changes)
    return document


def test_a_new_consult_starts_today_with_the_latest_surgery_as_index(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft = clinic.consults.new(patient.id)
    assert draft.document["consult_date"] == "2026-11-21"
    # the region is suggested by the index surgery's levels (a lumbar one here)
    assert draft.document["history"] == {"spine_operations": 1, "index_surgery_id": surgery.id, "region": "lumbar"}
    assert draft.consult_id is None and draft.carried_from_date is None


def test_save_then_open_gives_back_the_record_and_the_summary_columns(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft, changes = clinic.consults.save(patient.id, document_for(surgery.id))
    assert changes.consults_of == {patient.id}
    reopened = clinic.consults.open(draft.consult_id)
    assert reopened.row_version == 1
    assert clinic.consults.check(patient.id, reopened.document) == clinic.consults.check(
        patient.id, document_for(surgery.id)
    )
    (summary,) = clinic.patients.open(patient.id).consults
    assert (summary.back_nrs, summary.leg_nrs, summary.odi_percent) == (4, 7, 46.0)
    assert reopened.document["questionnaires"]["odi"]["total"] == 46.0  # stored with the answers


def test_an_invalid_consult_saves_nothing_and_names_the_fields(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    document = document_for(surgery.id)
    document["history"]["leg_nrs_now"] = 12
    document["exam"]["motor"] = {"L5": {"left": 7}}
    with pytest.raises(ValidationError) as caught:
        clinic.consults.save(patient.id, document)
    assert set(caught.value.errors) == {"history.leg_nrs_now", "exam.motor.L5.left"}
    assert clinic.patients.open(patient.id).consults == []


def test_a_stale_edit_is_refused_and_the_newer_version_kept(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    first, _ = clinic.consults.save(patient.id, document_for(surgery.id))
    mine = clinic.consults.open(first.consult_id)
    theirs = clinic.consults.open(first.consult_id)
    changed = dict(theirs.document, reason="Changed elsewhere")
    clinic.consults.save(patient.id, changed, consult_id=theirs.consult_id, row_version=theirs.row_version)
    with pytest.raises(ConflictError):
        clinic.consults.save(
            patient.id, dict(mine.document, reason="Mine"), consult_id=mine.consult_id, row_version=mine.row_version
        )
    assert clinic.consults.open(first.consult_id).document["reason"] == "Changed elsewhere"


def test_carry_forward_copies_standing_history_but_not_todays_findings(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    document = document_for(surgery.id, consult_date="2026-08-01")
    document["history"]["medicine_history"] = {"maoi_recent": True, "opioid_restart": False}
    earlier, _ = clinic.consults.save(patient.id, document)
    stored = clinic.consults.open(earlier.consult_id).document
    assert stored["history"]["medicine_history"]["maoi_recent"] is True
    assert set(stored["written_with"]) == {"vocabulary", "medications"}, "the resource versions it was written with"
    draft = clinic.consults.new(patient.id, carry_forward=True)
    history = draft.document["history"]
    assert "medicine_history" not in history, "recent medicine history is asked again at every visit"
    assert [m["name"] for m in history["medications"]] == ["Oxycodone", "Gabapentin", "Apixaban"]
    assert "mme_per_day" not in history["medications"][0]
    assert history["comorbidities"]["diabetes"] is True
    assert history["allergies"][0]["substance"] == "iodinated_contrast"
    assert set(history) <= set(CARRIED_HISTORY)
    assert "back_nrs_now" not in history and "red_flags" not in history
    assert "exam" not in draft.document and "questionnaires" not in draft.document
    assert draft.document["carried_forward_from"] == earlier.consult_id
    assert draft.carried_from_date.isoformat() == "2026-08-01"


def test_a_carried_forward_consult_cannot_be_signed_until_confirmed(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    clinic.consults.save(patient.id, document_for(surgery.id, consult_date="2026-08-01"))
    document = dict(clinic.consults.new(patient.id).document, status="signed")
    with pytest.raises(ValidationError) as caught:
        clinic.consults.save(patient.id, document)
    assert "carry_forward_confirmed" in caught.value.errors
    document["carry_forward_confirmed"] = True
    draft, _ = clinic.consults.save(patient.id, document)
    assert draft.document["status"] == ConsultStatus.SIGNED


def test_starting_fresh_carries_nothing(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    clinic.consults.save(patient.id, document_for(surgery.id, consult_date="2026-08-01"))
    draft = clinic.consults.new(patient.id, carry_forward=False)
    assert "medications" not in draft.document["history"]
    assert "carried_forward_from" not in draft.document


def test_a_surgery_that_is_a_consults_index_cannot_be_removed(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    clinic.consults.save(patient.id, document_for(surgery.id))
    with pytest.raises(ConflictError, match="index surgery of 1 consult"):
        clinic.patients.remove_surgery(surgery.id, surgery.row_version)
    assert len(clinic.patients.open(patient.id).surgeries) == 1


def test_outcome_trend_measures_change_from_the_first_visit_against_the_mcid(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    first = document_for(surgery.id, consult_date="2026-05-01")
    later = document_for(surgery.id, consult_date="2026-11-01")
    later["history"].update(back_nrs_now=3, leg_nrs_now=4)
    later["questionnaires"]["odi"]["answers"] = [2, 1, 2, 1, 2, 1, 1, 1, 1, 1]  # 13/50 = 26%
    for document in (first, later):
        clinic.consults.save(patient.id, document)
    trend = clinic.patients.open(patient.id).trend
    assert [p.day.isoformat() for p in trend.points] == ["2026-05-01", "2026-11-01"]
    assert trend.change(Measure.LEG_NRS) == -3 and trend.reached_mcid(Measure.LEG_NRS)
    assert trend.change(Measure.BACK_NRS) == -1 and trend.reached_mcid(Measure.BACK_NRS) is False
    assert trend.target(Measure.ODI) == 36.0 and trend.reached_mcid(Measure.ODI)
    clinic.settings.save_one("outcomes.mcid_nrs", 4)
    assert clinic.patients.open(patient.id).trend.reached_mcid(Measure.LEG_NRS) is False


def test_every_demo_consult_is_a_valid_record_with_its_surgery_linked(clinic):
    clinic.demo.load(12, seed=11)
    checked = 0
    for row in clinic.patients.search("").page.rows:
        record = clinic.patients.open(row.id)
        for summary in record.consults:
            draft = clinic.consults.open(summary.id)
            parsed = clinic.consults.check(row.id, draft.document)
            assert parsed.history.index_surgery_id in {s.id for s in record.surgeries}
            assert summary.back_nrs == parsed.history.back_nrs_now
            assert summary.odi_percent == parsed.score_of("odi")
            checked += 1
    assert checked >= 12


def test_the_editors_reading_is_saved_as_read_and_refused_if_its_surgery_went_meanwhile(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft = clinic.consults.new(patient.id)
    reading = clinic.consults.read(draft.basis, document_for(surgery.id))
    saved, _ = clinic.consults.save_reading(patient.id, reading)
    assert clinic.consults.check(patient.id, clinic.consults.open(saved.consult_id).document) == reading.record

    wrong = clinic.consults.read(draft.basis, {**document_for(surgery.id), "reason": "x" * 5000})
    with pytest.raises(ValidationError) as refused:
        clinic.consults.save_reading(patient.id, wrong)
    assert "reason" in refused.value.errors

    other, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2025-01-10", procedure="DISCECTOMY", levels="L5-S1")
    )
    document = document_for(other.id)
    document["history"]["spine_operations"] = 2
    linked = clinic.consults.read(clinic.consults.new(patient.id).basis, document).checked()
    clinic.patients.remove_surgery(other.id, other.row_version)  # on another workstation, while the editor was open
    with pytest.raises(ConflictError, match="surgery"):
        clinic.consults.save_reading(patient.id, linked)
    assert len(clinic.patients.open(patient.id).consults) == 1


def test_amending_a_signed_consult_keeps_the_signed_version_with_who_when_and_why(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    document = document_for(surgery.id)
    document["history"]["back_nrs_now"] = 5
    document["status"] = "signed"
    signed, _ = clinic.consults.save(patient.id, document)
    amended = dict(signed.document)
    amended["history"] = {**amended["history"], "back_nrs_now": 0}
    reading = clinic.consults.read(signed.basis or clinic.consults.open(signed.consult_id).basis, amended)
    clinic.consults.save_reading(
        patient.id,
        reading,
        consult_id=signed.consult_id,
        row_version=signed.row_version,
        amend_reason="Pain score entered in the wrong box",
    )
    assert clinic.consults.open(signed.consult_id).document["history"]["back_nrs_now"] == 0
    (kept,) = clinic.consults.signed_versions(signed.consult_id)
    assert kept.version == 1 and kept.document["history"]["back_nrs_now"] == 5 and kept.document["status"] == "signed"
    assert kept.reason == "Pain score entered in the wrong box" and kept.signed_at is not None
    resaved = clinic.consults.open(signed.consult_id)
    clinic.consults.save(patient.id, resaved.document, consult_id=signed.consult_id, row_version=resaved.row_version)
    assert len(clinic.consults.signed_versions(signed.consult_id)) == 1  # saving it unchanged is no amendment
