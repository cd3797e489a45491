"""Printing use cases: the patient's plan assembled from the database and rendered to PDF.

The PDF is laid out by `documents` from a PlanPrint alone, so the same stored plan prints the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fbss_desktop.core.consult_document import read_consult
from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.errors import NotFoundError
from fbss_desktop.core.plan_document import read_plan
from fbss_desktop.core.plan_print import Letterhead, PlanPrint, TrendPoint, build_plan_print
from fbss_desktop.services import catalogues, planning


def letterhead(settings: Mapping[str, Any]) -> Letterhead:
    return Letterhead(settings["clinic.name"], settings["clinic.address"], settings["clinic.phone"])


def trend_until(summaries: Sequence[ConsultSummary], day: Any) -> tuple[TrendPoint, ...]:
    """The visits up to the plan's date that recorded a score, oldest first."""
    points = [
        TrendPoint(s.consult_date, s.back_nrs, s.leg_nrs, s.odi_percent)
        for s in summaries
        if s.consult_date <= day and (s.back_nrs is not None or s.leg_nrs is not None or s.odi_percent is not None)
    ]
    return tuple(sorted(points, key=lambda p: p.day))


def plan_print(clinic: Any, consult_id: int) -> PlanPrint:
    """The patient's copy of the plan of this consult."""
    draft = clinic.open_consult(consult_id)
    if draft.plan_id is None:
        raise NotFoundError("This consult has no plan to print yet.")
    settings = clinic.settings()
    context = clinic.consult_context(draft.patient, draft.surgeries, settings)
    record = read_consult(draft.document, patient_id=draft.patient.id or 0, context=context)[0]
    plan = read_plan(draft.document["plan"], planning.plan_context())[0]
    summaries = clinic.open_patient(draft.patient.id).consults
    clinician = next((c.display_name for c in clinic.clinicians() if c.id == record.clinician_id), "")
    return build_plan_print(
        patient=draft.patient,
        record=record,
        plan=plan,
        catalogue=catalogues.treatment_catalogue(),
        drugs=catalogues.medication_list(),
        handouts=catalogues.handouts(),
        explanations=catalogues.diagnosis_explanations(),
        letterhead=letterhead(settings),
        clinician=plan.finalized_by or clinician or "Your clinician",
        trend=trend_until(summaries, record.consult_date),
    )


def render_plan_pdf(clinic: Any, consult_id: int, *, invariant: bool = False) -> bytes:
    from fbss_desktop.documents.plan_pdf import render_plan_pdf as render

    return render(plan_print(clinic, consult_id), paper=clinic.settings()["print.paper_size"], invariant=invariant)
