"""The clinical walkthrough's consult as a real patient with a draft plan: a woman of 58, two years after an
L4-S1 fusion, with right L5 nerve pain, on gabapentin and oxycodone, allergic to contrast; the plan adds
physical therapy, duloxetine, a right L3-L4 transforaminal epidural steroid injection and a stimulator trial."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from tests.core.consult_fixtures import full_document

ITEMS: list[dict[str, Any]] = [
    {
        "key": "i1",
        "treatment": "PHYSICAL_THERAPY",
        "phase": 1,
        "details": {"focus": "graded_exercise", "sessions_per_week": 2, "weeks": 8},
        "reason": "Depression or anxiety screen positive (R49)",  # as the editor used to store a suggestion's reason
    },
    {
        "key": "i2",
        "treatment": "NEUROPATHIC_AGENT",
        "phase": 1,
        "details": {"drug": "duloxetine", "dose": 60, "per_day": 1},
    },
    {
        "key": "i3",
        "treatment": "ESI",
        "phase": 2,
        "details": {"approach": "transforaminal", "region": "lumbar", "levels": ["L3-L4"], "side": "right"},
        "reason": "Right leg nerve pain",
    },
    {
        "key": "i4",
        "treatment": "SCS_TRIAL",
        "phase": 3,
        "details": {"conventional_care_failed": "yes", "days": 7, "region": "thoracic"},
    },
]


def walkthrough_document(surgery_id: int) -> dict[str, Any]:
    document = full_document()
    history = document["history"]
    history["index_surgery_id"] = surgery_id
    history["side"] = "right"
    history["medications"] = [
        {"name": "Gabapentin", "dose": 300, "unit": "mg", "per_day": 3},
        {"name": "Oxycodone", "dose": 10, "unit": "mg", "per_day": 2},
    ]
    history["allergies"] = [{"substance": "iodinated_contrast", "kind": "allergy", "reaction": "hives"}]
    document["studies"][0]["follows_surgery_id"] = surgery_id
    document["plan"] = {
        "items": ITEMS,
        "goals": [
            {
                "kind": "pain",
                "text": "leg pain down to 4 out of 10 or less",
                "measure": "leg_nrs",
                "target": 4,
                "due_weeks": 12,
            }
        ],
        "follow_up_weeks": 6,
    }
    return document


def save_walkthrough(clinic: Any, mrn: str = "WALK-1") -> Any:
    """The saved draft of the walkthrough's consult."""
    patient, _ = clinic.patients.save(
        PatientInput(mrn=mrn, family_name="Ortega", given_names="Lucía", date_of_birth="1968-03-14", sex="F")
    )
    surgery, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-11-12", procedure="TLIF", levels="L4-L5, L5-S1")
    )
    draft, _ = clinic.consults.save(patient.id, walkthrough_document(surgery.id))
    return draft
