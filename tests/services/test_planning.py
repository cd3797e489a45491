"""Plans saved with their consult, live decision support, and finalizing behind acknowledged blocks."""

from __future__ import annotations

import pytest

from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.core.findings import Outcome
from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from tests.core.consult_fixtures import full_document
from tests.scenarios import ESI

SCS = {"key": "i2", "treatment": "SCS_TRIAL", "phase": 2, "details": {"conventional_care_failed": "yes"}}


@pytest.fixture
def patient_with_surgery(clinic):
    patient, _ = clinic.patients.save(
        PatientInput(mrn="P-1", family_name="Ortega", given_names="Lucía", date_of_birth="1968-03-14", sex="F")
    )
    surgery, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    return patient, surgery


def consult_with_plan(surgery_id, *items, acknowledgements=(), follow_up=6):
    document = full_document()  # on apixaban, oxycodone and gabapentin
    document["history"]["index_surgery_id"] = surgery_id
    document["studies"][0]["follows_surgery_id"] = surgery_id
    document["plan"] = {
        "phases": ["Conservative care", "Interventional", "Surgical"],
        "items": list(items),
        "goals": [
            {"kind": "pain", "text": "Leg pain 4/10 or less", "measure": "leg_nrs", "target": 4, "due_weeks": 12}
        ],
        "follow_up_weeks": follow_up,
        "acknowledgements": list(acknowledgements),
    }
    return document


def ack(rule, item, reason, severity="block"):
    return {
        "rule": rule,
        "item": item,
        "severity": severity,
        "reason": reason,
        "clinician": "Dr Reyes",
        "at": "2026-11-21T10:15:00",
    }


def test_a_plan_is_saved_with_its_consult_and_reopened(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft, _ = clinic.consults.save(patient.id, consult_with_plan(surgery.id, ESI))
    assert draft.plan_id is not None and draft.plan_row_version == 1
    reopened = clinic.consults.open(draft.consult_id)
    plan = reopened.document["plan"]
    assert [i["treatment"] for i in plan["items"]] == ["ESI"]
    assert plan["items"][0]["details"]["region"] == "lumbar" and plan["follow_up_weeks"] == 6
    assert plan["goals"][0]["target"] == 4


def test_an_empty_plan_is_not_written(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    document = consult_with_plan(surgery.id, follow_up=None)
    document["plan"]["goals"] = []
    draft, _ = clinic.consults.save(patient.id, document)
    assert draft.plan_id is None


def test_a_wrong_plan_saves_nothing_and_names_the_field(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    wrong = {**ESI, "details": {**ESI["details"], "region": "pelvic"}}
    with pytest.raises(ValidationError) as caught:
        clinic.consults.save(patient.id, consult_with_plan(surgery.id, wrong))
    assert "plan.items[0].details.region" in caught.value.errors
    assert clinic.patients.open(patient.id).consults == []


def test_live_findings_for_apixaban_and_an_esi(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft = clinic.consults.new(patient.id)
    evaluation = clinic.consults.evaluate_document(draft.basis, consult_with_plan(surgery.id, ESI))
    fired = {f.rule: f for f in evaluation.findings if f.outcome is Outcome.FIRED}
    assert "apixaban" in fired["R16B"].message.lower() and "3 days" in fired["R16B"].message
    assert fired["R16B"].item == "i1"


def test_live_evaluation_survives_half_typed_values(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft = clinic.consults.new(patient.id)
    document = consult_with_plan(surgery.id, ESI)
    document["history"]["leg_nrs_now"] = "7x"
    document["plan"]["follow_up_weeks"] = "six"
    evaluation = clinic.consults.evaluate_document(draft.basis, document)
    assert "history.leg_nrs_now" in evaluation.unread and "plan.follow_up_weeks" in evaluation.unread
    assert "R16B" in {f.rule for f in evaluation.findings}


def test_finalizing_waits_for_a_written_reason_on_every_block(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft, _ = clinic.consults.save(patient.id, consult_with_plan(surgery.id, SCS))
    kwargs = {
        "consult_id": draft.consult_id,
        "row_version": draft.row_version,
        "plan_id": draft.plan_id,
        "plan_row_version": draft.plan_row_version,
    }
    with pytest.raises(ValidationError) as caught:
        clinic.consults.save(patient.id, consult_with_plan(surgery.id, SCS), finalize_by="Dr Reyes", **kwargs)
    message = caught.value.errors["plan.acknowledgements"]
    assert "R32" in message and "R16" in message
    assert clinic.consults.open(draft.consult_id).document["plan"]["status"] == "draft"

    acknowledged = consult_with_plan(
        surgery.id,
        SCS,
        acknowledgements=[
            ack("R32", "i2", "Psychology evaluation done at the referring centre, report requested"),
            ack("R16", "i2", "Apixaban hold agreed with cardiology by phone"),
        ],
    )
    final, _ = clinic.consults.save(patient.id, acknowledged, finalize_by="Dr Reyes", **kwargs)
    plan = final.document["plan"]
    assert plan["status"] == "finalized" and plan["finalized_by"] == "Dr Reyes" and plan["finalized_at"]
    assert {a["rule"] for a in plan["acknowledgements"]} == {"R32", "R16"}


def test_a_block_acknowledged_without_a_reason_is_refused(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    with pytest.raises(ValidationError) as caught:
        clinic.consults.save(patient.id, consult_with_plan(surgery.id, SCS, acknowledgements=[ack("R32", "i2", " ")]))
    assert caught.value.errors["plan.acknowledgements[0].reason"] == "A blocking finding needs a written reason."


def test_a_finalized_plan_cannot_be_changed(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft, _ = clinic.consults.save(patient.id, consult_with_plan(surgery.id, ESI), finalize_by="Dr Reyes")
    changed = consult_with_plan(surgery.id, {**ESI, "phase": 1})
    kwargs = {
        "consult_id": draft.consult_id,
        "row_version": draft.row_version,
        "plan_id": draft.plan_id,
        "plan_row_version": draft.plan_row_version,
    }
    with pytest.raises(ValidationError, match="finalized"):
        clinic.consults.save(patient.id, changed, **kwargs)
    unchanged = clinic.consults.open(draft.consult_id).document
    unchanged["reason"] = "Follow-up notes added"
    again, _ = clinic.consults.save(patient.id, unchanged, **kwargs)  # the consult can still be amended
    assert again.document["plan"]["status"] == "finalized"


def test_a_plan_changed_elsewhere_is_refused(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    draft, _ = clinic.consults.save(patient.id, consult_with_plan(surgery.id, ESI))
    kwargs = {"plan_id": draft.plan_id, "plan_row_version": draft.plan_row_version}
    first, _ = clinic.consults.save(
        patient.id,
        consult_with_plan(surgery.id, ESI, follow_up=8),
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        **kwargs,
    )
    with pytest.raises(ConflictError):
        clinic.consults.save(
            patient.id,
            consult_with_plan(surgery.id, ESI, follow_up=4),
            consult_id=draft.consult_id,
            row_version=first.row_version,
            **kwargs,
        )


def test_earlier_consults_count_toward_the_esi_limit(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    for day in ("2026-02-10", "2026-05-10", "2026-08-10"):
        earlier = consult_with_plan(surgery.id)
        earlier["consult_date"] = day
        earlier["history"]["prior_procedures"] = [
            {"procedure": "ESI", "performed": day, "region": "lumbar", "relief_percent": 60}
        ]
        earlier["questionnaires"] = {}
        clinic.consults.save(patient.id, earlier)
    draft = clinic.consults.new(patient.id, carry_forward=False)
    document = consult_with_plan(surgery.id, ESI)
    document["history"]["prior_procedures"] = [
        {"procedure": "ESI", "performed": "2026-10-20", "region": "lumbar", "relief_percent": 60}
    ]
    fired = {
        f.rule: f
        for f in clinic.consults.evaluate_document(draft.basis, document).findings
        if f.outcome is Outcome.FIRED
    }
    assert "R24" in fired and fired["R24"].message.startswith("4 ESIs")


def test_an_evaluation_done_in_an_earlier_plan_counts_for_a_later_stimulator(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    earlier = consult_with_plan(surgery.id, {"key": "i1", "treatment": "PSYCH_EVALUATION", "status": "done"})
    earlier["consult_date"] = "2026-06-01"
    clinic.consults.save(patient.id, earlier)
    draft = clinic.consults.new(patient.id, carry_forward=False)
    fired = {
        f.rule for f in clinic.consults.evaluate_document(draft.basis, consult_with_plan(surgery.id, SCS)).findings
    }
    assert "R32" not in fired and "R32B" not in fired
    (version,) = clinic.plans.versions(patient.id)
    assert version.consult_id == clinic.patients.open(patient.id).consults[0].id


def test_a_new_medicine_is_not_finalized_without_its_dose_and_how_often(clinic, patient_with_surgery):
    patient, surgery = patient_with_surgery
    medicine = {"key": "i3", "treatment": "NEUROPATHIC_AGENT", "phase": 1, "details": {"drug": "duloxetine"}}
    draft, _ = clinic.consults.save(patient.id, consult_with_plan(surgery.id, medicine))
    versions = {
        "consult_id": draft.consult_id,
        "row_version": draft.row_version,
        "plan_id": draft.plan_id,
        "plan_row_version": draft.plan_row_version,
    }
    with pytest.raises(ValidationError) as refused:
        clinic.consults.save(patient.id, consult_with_plan(surgery.id, medicine), finalize_by="Dr Reyes", **versions)
    assert {"plan.items[0].details.dose", "plan.items[0].details.per_day"} <= set(refused.value.errors)
