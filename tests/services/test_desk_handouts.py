"""The front desk's "Print its handouts…" prints the finalized plan's own handouts: the cautions of the drug
chosen and the warning-signs page with its levels of urgency, never the class handouts without them."""

from __future__ import annotations

import io

from pypdf import PdfReader

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.services import printing
from tests.scenarios import _document


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_desk_prints_the_plans_handouts_with_the_drugs_cautions_and_the_warning_signs(clinic):
    clinic.demo.load(1)  # a clinician
    patient, _ = clinic.patients.save(
        PatientInput(mrn="HD-1", family_name="Desk", given_names="Handout", date_of_birth="1968-03-14", sex="F")
    )
    surgery, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    item = {
        "key": "i1",
        "treatment": "NEUROPATHIC_AGENT",
        "phase": 1,
        "details": {"drug": "duloxetine", "dose": 30, "per_day": 1},
    }
    document = _document(surgery.id, [item])
    document["clinician_id"] = clinic.setup.clinicians()[0].id
    clinic.consults.save(patient.id, document, finalize_by="Dr. Helena Marsh, MD")
    (desk_plan,) = clinic.plans.desk_plans(patient_id=patient.id)

    text = text_of(printing.render_plan_handouts_pdf(clinic, desk_plan))
    assert "Be careful with Duloxetine" in text
    assert "MAO inhibitor" in text and "serotonin syndrome" in text
    assert "Go to the emergency room now if" in text and "Call 911 now if" in text
    assert "Handout Desk" in text  # named for the patient, as the patient says the name


def test_an_earlier_visits_plan_carried_out_since_still_reprints_its_handouts(clinic):
    """The walk's clerk found "Print its handouts…" greyed for a finalized plan whose treatments had been done
    since: the plan as it was handed out had them, and its frozen copy prints them."""
    clinic.demo.load(3)
    for patient_id in (1, 2, 3):
        for desk in clinic.plans.desk_plans(patient_id=patient_id):
            stored = clinic.plans.stored(desk.plan_id)
            items = stored.document.get("items", []) if stored else []
            if items and all(i.get("status") in ("done", "stopped") for i in items):
                assert desk.treatments, desk.plan_id  # the desk offers them
                pdf = clinic.printing.plan_handouts_pdf(desk)
                assert "Call 911 now if" in text_of(pdf) and len(PdfReader(io.BytesIO(pdf)).pages) > 1
                return
    raise AssertionError("the demo has an earlier visit's plan carried out since")
