"""The issue's done-when situations as real patients with a consult and a draft plan, for service, CLI and GUI tests."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from tests.core.consult_fixtures import full_document

ESI = {
    "key": "i1",
    "treatment": "ESI",
    "phase": 2,
    "details": {"approach": "transforaminal", "region": "lumbar", "levels": ["L4-L5"], "side": "left"},
    "reason": "Recurrent left L5 radicular pain",
}


def _document(surgery_id: int, items: list[dict[str, Any]]) -> dict[str, Any]:
    document = full_document()  # a woman of 58 after an L4-L5 discectomy, on apixaban, oxycodone, gabapentin
    document["history"]["index_surgery_id"] = surgery_id
    document["studies"][0]["follows_surgery_id"] = surgery_id
    document["plan"] = {"items": items, "follow_up_weeks": 6}
    return document


def _without(document: dict[str, Any], drug: str) -> None:
    document["history"]["medications"] = [m for m in document["history"]["medications"] if m["name"] != drug]


def cauda_equina(surgery_id: int) -> dict[str, Any]:
    document = _document(surgery_id, [{"key": "i1", "treatment": "PHYSICAL_THERAPY", "phase": 1}])
    document["history"]["red_flags"].update(saddle_numbness=True, bladder_change=True)
    return document


def apixaban_esi(surgery_id: int) -> dict[str, Any]:
    return _document(surgery_id, [ESI])


def ckd4_nsaid(surgery_id: int) -> dict[str, Any]:
    document = _document(
        surgery_id,
        [{"key": "i1", "treatment": "NSAID", "phase": 1, "details": {"drug": "naproxen", "dose": 500, "per_day": 2}}],
    )
    _without(document, "Apixaban")
    document["history"]["comorbidities"]["ckd"] = True
    document["history"]["egfr"] = 22
    return document


def scs_without_psychology(surgery_id: int) -> dict[str, Any]:
    document = _document(
        surgery_id,
        [{"key": "i1", "treatment": "SCS_TRIAL", "phase": 2, "details": {"conventional_care_failed": "yes"}}],
    )
    _without(document, "Apixaban")
    return document


SCENARIOS = {
    "cauda_equina": cauda_equina,
    "apixaban_esi": apixaban_esi,
    "ckd4_nsaid": ckd4_nsaid,
    "scs_without_psychology": scs_without_psychology,
}
# scenario -> (rule, severity, category, treatment) that must be among its findings
EXPECTED = {
    "cauda_equina": ("R01", "block", "red_flag", None),
    "apixaban_esi": ("R16B", "warn", "interaction", "ESI"),
    "ckd4_nsaid": ("R37", "warn", "contraindication", "NSAID"),
    "scs_without_psychology": ("R32", "block", "prerequisite", "SCS_TRIAL"),
}


def save_scenario(clinic: Any, name: str, mrn: str = "DW-1") -> tuple[Any, Any]:
    """The patient and the saved draft of the scenario's consult (with its plan)."""
    patient, _ = clinic.patients.save(
        PatientInput(mrn=mrn, family_name="Ortega", given_names="Lucía", date_of_birth="1968-03-14", sex="F")
    )
    surgery, _ = clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    draft, _ = clinic.consults.save(patient.id, SCENARIOS[name](surgery.id))
    return patient, draft


def finalized_scenario(clinic: Any, name: str, mrn: str, by: str = "Dr. Helena Marsh, MD") -> tuple[Any, Any]:
    """The patient and the finalized draft of the scenario's consult, held by the clinic's first clinician."""
    patient, draft = save_scenario(clinic, name, mrn=mrn)
    document = dict(draft.document)
    document["clinician_id"] = clinic.setup.clinicians()[0].id
    final, _ = clinic.consults.save(
        patient.id,
        document,
        consult_id=draft.consult_id,
        row_version=draft.row_version,
        plan_id=draft.plan_id,
        plan_row_version=draft.plan_row_version,
        finalize_by=by,
    )
    return patient, final
