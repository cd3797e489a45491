"""Printing use cases: the patient's plan assembled from the database and rendered to PDF.

The PDF is laid out by `documents` from a PlanPrint alone, so the same stored plan prints the same.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultSummary, ConsultVersion
from fbss_desktop.core.errors import DomainError, NotFoundError
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_print import (
    Letterhead,
    PlanPrint,
    TrendMarker,
    TrendPoint,
    build_plan_print,
    long_date,
)
from fbss_desktop.core.plan_snapshot import from_snapshot
from fbss_desktop.core.plans import DeskPlan, ItemStatus, StoredPlan, TreatmentPlan
from fbss_desktop.core.procedure_allergens import AllergenTable
from fbss_desktop.core.summary_print import SummaryPrint, build_summary
from fbss_desktop.core.timeline import Marker
from fbss_desktop.paths import resource
from fbss_desktop.services import catalogues, planning, timeline
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.stored import stored_consult, stored_plan
from fbss_desktop.storage import clinicians as clinician_store
from fbss_desktop.storage import consults as consult_store
from fbss_desktop.storage import plans as plan_store

if TYPE_CHECKING:  # the facade imports this module; the type is for the checker only
    from fbss_desktop.services.clinic import Clinic


def _resource(*parts: str) -> Any:
    with resource(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def suggestion_reasons() -> dict[str, str]:
    """Each decision-support rule's patient wording for the treatment it suggests (`patient_reason`), by rule
    id: a plan item added from a suggestion prints this, never the rule's title or id."""
    rules = _resource("rules", "decision_rules.json")["rules"]
    return {rule["id"]: rule["patient_reason"] for rule in rules if rule.get("patient_reason")}


@cache
def procedure_allergens() -> AllergenTable:
    """What each treatment may use that a patient can be allergic to, and how the patient's copy says it."""
    return AllergenTable.from_dict(_resource("clinical", "procedure_allergens.json"))


def letterhead(settings: Mapping[str, Any]) -> Letterhead:
    return Letterhead(
        settings["clinic.name"],
        settings["clinic.address"],
        settings["clinic.phone"],
        settings["clinic.logo"],
        settings["clinic.after_hours"],
    )


def trend_until(summaries: Sequence[ConsultSummary], day: Any) -> tuple[TrendPoint, ...]:
    """The visits up to the plan's date that recorded a score, oldest first."""
    points = [
        TrendPoint(s.consult_date, s.back_nrs, s.leg_nrs, s.odi_percent, s.neck_nrs, s.arm_nrs, s.ndi_percent)
        for s in summaries
        if s.consult_date <= day
    ]
    return tuple(sorted((p for p in points if p.scored), key=lambda p: p.day))


def printed_markers(markers: Sequence[Marker], trend: Sequence[TrendPoint], day: Any) -> tuple[TrendMarker, ...]:
    """The treatment markers that fall on the printed trend (from its first visit to the plan's day), in the
    patient's words."""
    if not trend:
        return ()
    return tuple(TrendMarker(m.day, m.patient_text) for m in markers if trend[0].day <= m.day <= day)


def compose(
    *,
    patient: Patient,
    record: ConsultRecord,
    plan: TreatmentPlan,
    settings: Mapping[str, Any],
    clinician: str,
    summaries: Sequence[ConsultSummary],
    version: int = 1,
    markers: Sequence[Marker] = (),
) -> PlanPrint:
    """The patient's copy from the consult, its plan, the patient's visits and the treatment markers of their
    trend (pure: no database)."""
    trend = trend_until(summaries, record.consult_date)
    return build_plan_print(
        patient=patient,
        record=record,
        plan=plan,
        catalogue=catalogues.treatment_catalogue(),
        drugs=catalogues.medication_list(),
        handouts=catalogues.handouts(),
        cautions=catalogues.drug_cautions(),
        explanations=catalogues.diagnosis_explanations(),
        letterhead=letterhead(settings),
        clinician=plan.finalized_by or clinician or "Your clinician",
        trend=trend,
        markers=printed_markers(markers, trend, record.consult_date),
        version=version,
        reasons=suggestion_reasons(),
        allergens=procedure_allergens(),
    )


def with_visit(summaries: Sequence[ConsultSummary], record: ConsultRecord, consult_id: int | None) -> list[Any]:
    """The patient's visits with this consult's scores as they are being saved."""
    others = [s for s in summaries if s.id != consult_id]
    this = ConsultSummary(
        id=consult_id or 0,
        patient_id=record.patient_id,
        consult_date=record.consult_date,
        clinician_name="",
        status=record.status,
        back_nrs=record.history.back_nrs_now,
        leg_nrs=record.history.leg_nrs_now,
        odi_percent=record.score_of("odi"),
        neck_nrs=record.history.neck_nrs_now,
        arm_nrs=record.history.arm_nrs_now,
        ndi_percent=record.score_of("ndi"),
        region=record.history.region,
    )
    return [*others, this]


def _refuse_unacknowledged_blocks(
    clinic: Clinic, draft: ConsultDraft, plan_document: Mapping[str, Any], settings: Mapping[str, Any]
) -> None:
    """A draft plan that decision support stops is not printed for the patient, from any screen or command:
    it would be followed as if it were safe."""
    basis = clinic.consults.rules_basis(draft.patient, draft.surgeries, draft.consult_id, settings)
    evaluation = planning.evaluate(basis, planning.read(basis, {**draft.document, "plan": dict(plan_document)}))
    waiting = evaluation.unacknowledged_blocks
    if waiting:
        count = f"{len(waiting)} blocking finding{'s' if len(waiting) > 1 else ''}"
        raise DomainError(
            f"This draft plan has {count} not yet resolved or acknowledged with a reason. Open the consult, "
            "resolve or acknowledge them under Plan, and print again."
        )


def plan_print(clinic: Clinic, consult_id: int, plan_id: int | None = None) -> PlanPrint:
    """The patient's copy of the consult's plan (its latest version, or `plan_id`). A finalized plan gives
    the content frozen when it was finalized."""
    stored = clinic.plans.stored(plan_id) if plan_id else None
    if stored is not None and stored.snapshot is not None:
        return from_snapshot(stored.snapshot, suggestion_reasons())  # frozen: nothing else needs reading
    draft = clinic.consults.open(consult_id, with_basis=False)  # the rules' view is loaded only for a draft
    stored = stored or (clinic.plans.stored(draft.plan_id) if draft.plan_id else None)
    if stored is None:
        raise NotFoundError("This consult has no plan to print yet.")
    if stored.snapshot is not None:
        return from_snapshot(stored.snapshot, suggestion_reasons())
    settings = clinic.settings.values()
    _refuse_unacknowledged_blocks(clinic, draft, stored.document, settings)
    context = clinic.consults.context(draft.patient, draft.surgeries, settings)
    record = stored_consult(draft.document, patient_id=draft.patient.id or 0, context=context, strict=True)
    plan = stored_plan(stored.document, planning.plan_context(), strict=True)
    clinician = _clinician_name(clinic, record.clinician_id)
    summaries = consult_store.list_consults(draft.patient.id or 0)  # the visits, for the trend
    markers = timeline.patient_markers(
        clinic, draft.patient, draft.surgeries, settings=settings, end=record.consult_date
    )
    return compose(
        patient=draft.patient,
        record=record,
        plan=plan,
        settings=settings,
        clinician=clinician,
        summaries=summaries,
        version=stored.version,
        markers=markers,
    )


def render_plan_pdf(clinic: Clinic, consult_id: int, *, plan_id: int | None = None, invariant: bool = False) -> bytes:
    from fbss_desktop.documents.plan_pdf import render_plan_pdf as render

    printed = plan_print(clinic, consult_id, plan_id)
    return render(printed, paper=clinic.settings.values()["print.paper_size"], invariant=invariant)


def summary_print(clinic: Clinic, consult_id: int, plan_id: int | None = None) -> SummaryPrint:
    """The clinician summary of a consult and its plan (the latest version, or `plan_id`)."""
    draft = clinic.consults.open(consult_id)
    settings = clinic.settings.values()
    context = clinic.consults.context(draft.patient, draft.surgeries, settings)
    record = stored_consult(draft.document, patient_id=draft.patient.id or 0, context=context, strict=True)
    wanted = plan_id or draft.plan_id
    stored = clinic.plans.stored(wanted) if wanted else None
    document = dict(draft.document)
    if stored is not None:
        document["plan"] = dict(stored.document)
    evaluation = clinic.consults.evaluate_document(draft.basis, document)
    clinician = _clinician_name(clinic, record.clinician_id)
    versions = clinic.consults.signed_versions(consult_id)
    amended = ""
    if versions:  # the chart copy says it was amended, and why, so nobody takes it for the first signed note
        last = versions[-1]
        times = "once" if len(versions) == 1 else f"{len(versions)} times"
        amended = (
            f"Amended {times} after it was signed; the latest {_replaced(last)}. "
            f"Why: {last.reason}. The earlier signed versions are kept (patient panel › Signed versions…)."
        )
    return _summary(
        draft,
        record,
        settings,
        clinician,
        plan=evaluation.plan if stored is not None else None,
        findings=evaluation.findings,
        amended=amended,
    )


def _summary(
    draft: ConsultDraft, record: ConsultRecord, settings: Mapping[str, Any], clinician: str, **what: Any
) -> SummaryPrint:
    """The clinician summary of `record` with the catalogues that name its codes; `what` is the plan and
    findings, or the amendment notes."""
    return build_summary(
        patient=draft.patient,
        record=record,
        surgeries=draft.surgeries,
        surgery_catalogue=catalogues.surgery_catalogue(),
        catalogue=catalogues.treatment_catalogue(),
        vocabulary=catalogues.vocabulary(),
        letterhead=letterhead(settings),
        clinician=clinician,
        instruments=catalogues.instruments(),
        drugs=catalogues.medication_list(),
        **what,
    )


def _clinician_name(clinic: Clinic, clinician_id: int | None) -> str:
    return next((c.display_name for c in clinic.setup.clinicians(active_only=False) if c.id == clinician_id), "")


def _replaced(version: ConsultVersion) -> str:
    """ "on 2026-11-30 16:41 UTC by Dr Osei": when an amendment replaced a signed version, and by whom."""
    by = f" by {version.replaced_by}" if version.replaced_by.strip() else ""
    return f"on {version.replaced_at:%Y-%m-%d %H:%M} UTC{by}"


def render_summary_pdf(
    clinic: Clinic, consult_id: int, *, plan_id: int | None = None, invariant: bool = False
) -> bytes:
    from fbss_desktop.documents.summary_pdf import render_summary_pdf as render

    summary = summary_print(clinic, consult_id, plan_id)
    return render(summary, paper=clinic.settings.values()["print.paper_size"], invariant=invariant)


def render_signed_version_pdf(clinic: Clinic, consult_id: int, version: int) -> bytes:
    from fbss_desktop.documents.summary_pdf import render_summary_pdf as render

    summary = signed_version_summary(clinic, consult_id, version)
    return render(summary, paper=clinic.settings.values()["print.paper_size"])


def render_handouts_pdf(clinic: Clinic, codes: Sequence[str]) -> bytes:
    """Handouts by code, as the catalogue has them, for no one patient (the front desk's handout list)."""
    from fbss_desktop.documents.handout_pdf import render_handouts_pdf as render

    library = catalogues.handouts()
    chosen = [h for code in dict.fromkeys(codes) if (h := library.get(code)) is not None]
    if not chosen:
        raise NotFoundError("There is no handout to print.")
    settings = clinic.settings.values()
    return render(chosen, letterhead(settings), paper=settings["print.paper_size"])


def render_plan_handouts_pdf(clinic: Clinic, desk_plan: DeskPlan) -> bytes:
    """A finalized plan's own handouts as it was finalized: each with the cautions of the drug chosen, and
    the warning-signs page, named for its patient; never the class handouts, which leave the drug's
    cautions out."""
    from fbss_desktop.documents.handout_pdf import render_handouts_pdf as render

    printed = plan_print(clinic, desk_plan.consult_id, desk_plan.plan_id)
    return render(
        (*printed.handouts, printed.warning_signs),
        printed.letterhead,
        patient_name=printed.patient_name,
        date_of_birth=long_date(printed.date_of_birth),
        paper=clinic.settings.values()["print.paper_size"],
    )


def freeze_plan(clinic: Clinic, plan_id: int, settings: Mapping[str, Any], *, as_planned: bool = False) -> None:
    """Freeze the print of a finalized plan stored without one (an imported plan, a demo plan), as finalizing
    it here would have. `as_planned` prints the treatments since done or stopped as they were planned: the
    demo's earlier plans, carried out since, were handed out before any of it was done."""
    stored = plan_store.get_plan(plan_id)
    assert stored is not None and stored.consult_id is not None
    draft = clinic.consults.open(stored.consult_id, with_basis=False)
    context = clinic.consults.context(draft.patient, draft.surgeries, settings)
    record = stored_consult(draft.document, patient_id=draft.patient.id or 0, context=context, strict=True)
    plan = stored_plan(stored.document, planning.plan_context(), strict=True)
    if as_planned:
        plan = replace(plan, items=tuple(replace(i, status=ItemStatus.PLANNED) for i in plan.items))
    markers = timeline.patient_markers(
        clinic, draft.patient, draft.surgeries, settings=settings, end=record.consult_date
    )
    frozen = frozen_print(draft.patient, record, plan, settings, stored.consult_id, stored, markers=markers)
    plan_store.freeze(plan_id, frozen)


def signed_version_summary(clinic: Clinic, consult_id: int, version: int) -> SummaryPrint:
    """The clinician summary of an earlier signed version of a consult, as it was signed (an amendment replaced
    it): every page says so, with who replaced it, when and why; no plan and no decision support of today."""
    draft = clinic.consults.open(consult_id, with_basis=False)
    kept = next((v for v in clinic.consults.signed_versions(consult_id) if v.version == version), None)
    if kept is None:
        raise NotFoundError("That signed version of this consult is not there; open the list again.")
    settings = clinic.settings.values()
    context = clinic.consults.context(draft.patient, draft.surgeries, settings)
    record = stored_consult(kept.document, patient_id=draft.patient.id or 0, context=context, strict=True)
    signed = f"signed {kept.signed_at:%Y-%m-%d %H:%M} UTC, " if kept.signed_at else ""
    return _summary(
        draft,
        record,
        settings,
        _clinician_name(clinic, record.clinician_id),
        plan=None,
        findings=(),
        superseded=f"Signed version {kept.version} ({signed}replaced {_replaced(kept)}). "
        f"Why it was amended: {kept.reason}",
    )


def frozen_print(
    patient: Patient,
    record: ConsultRecord,
    plan: TreatmentPlan,
    settings: Mapping[str, Any],
    consult_id: int | None,
    stored: StoredPlan | None,
    *,
    markers: Sequence[Marker] = (),
) -> dict[str, Any]:
    """What the patient's copy of a plan being finalized says, as the snapshot frozen with it: a reprint is
    the same plan whatever the catalogues or the letterhead say later. `markers`: the treatments on the
    patient's trend (services.timeline), frozen with it as printed."""
    from fbss_desktop.core.plan_snapshot import snapshot

    assert patient.id is not None
    summaries = with_visit(consult_store.list_consults(patient.id), record, consult_id)
    clinician = next(
        (c.display_name for c in clinician_store.list_clinicians(active_only=False) if c.id == record.clinician_id),
        "",
    )
    printed = compose(
        patient=patient,
        record=record,
        plan=plan,
        settings=settings,
        clinician=clinician,
        summaries=summaries,
        version=stored.version if stored is not None else 1,
        markers=markers,
    )
    return snapshot(printed)
