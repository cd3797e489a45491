"""Once a clinic has users, a signature is the signed-in user's, with their password typed again, and an
acknowledgement's reason must say something (issue 14)."""

from __future__ import annotations

import pytest

from fbss_desktop.core.clinicians import ClinicianInput
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.users import UserInput
from tests.services.test_planning import SCS, ack, consult_with_plan, patient_with_surgery

__all__ = ["patient_with_surgery"]

PASSWORD = "quiet river stone"


@pytest.fixture
def signed_in(clinic):
    doctor, _ = clinic.setup.save_clinician(ClinicianInput(full_name="Amara Osei", credentials="MD"))
    clinic.accounts.add_first_administrator(
        UserInput(
            username="amara",
            display_name="Dr Amara Osei",
            roles={"administrator", "specialist"},
            clinician_id=doctor.id,
            password=PASSWORD,
        )
    )
    clinic.accounts.sign_in("amara", PASSWORD, "room-2")
    return clinic, doctor


def test_finalizing_needs_the_password_again_and_records_who_signed_in(signed_in, patient_with_surgery):
    clinic, doctor = signed_in
    patient, surgery = patient_with_surgery
    draft, _ = clinic.consults.save(patient.id, consult_with_plan(surgery.id, SCS))
    assert clinic.consults.open(draft.consult_id).document["clinician_id"] == doctor.id  # a specialist's own consult
    versions = {
        "consult_id": draft.consult_id,
        "row_version": draft.row_version,
        "plan_id": draft.plan_id,
        "plan_row_version": draft.plan_row_version,
    }
    lazy = consult_with_plan(surgery.id, SCS, acknowledgements=[ack("R32", "i2", "ok"), ack("R16", "i2", "fine")])
    with pytest.raises(ValidationError) as refused:
        clinic.consults.save(patient.id, lazy, finalize_by="Dr Reyes", signature=PASSWORD, **versions)
    assert "not just 'ok'" in refused.value.errors["plan.acknowledgements"]

    reasoned = consult_with_plan(
        surgery.id,
        SCS,
        acknowledgements=[
            ack("R32", "i2", "Psychology evaluation done at the referring centre, report requested"),
            ack("R16", "i2", "Apixaban hold agreed with cardiology by phone"),
        ],
    )
    for signature in ("", "not my password"):
        with pytest.raises(ValidationError) as unsigned:
            clinic.consults.save(patient.id, reasoned, finalize_by="Dr Reyes", signature=signature, **versions)
        assert "not your password" in unsigned.value.errors["signature"]
    final, _ = clinic.consults.save(patient.id, reasoned, finalize_by="Dr Reyes", signature=PASSWORD, **versions)
    plan = final.document["plan"]
    assert plan["status"] == "finalized" and plan["finalized_by"] == "Amara Osei, MD"  # her clinician, as printed
    assert {a["clinician"] for a in plan["acknowledgements"]} == {"Amara Osei, MD"}


def test_only_the_consults_clinician_signs_it(signed_in, patient_with_surgery):
    clinic, _doctor = signed_in
    patient, surgery = patient_with_surgery
    other, _ = clinic.setup.save_clinician(ClinicianInput(full_name="Ben Reyes", credentials="MD"))
    document = consult_with_plan(surgery.id)
    document["clinician_id"] = other.id
    document["status"] = "signed"
    with pytest.raises(ValidationError) as refused:
        clinic.consults.save(patient.id, document, signature=PASSWORD)
    assert "Only the consult's clinician signs it" in refused.value.errors["clinician_id"]
