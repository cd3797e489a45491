"""Planning use cases: live decision support on the editor's document, and saving or finalizing a plan.

The rules need the patient's other consults and plans besides the consult being edited; they are loaded
once, when the editor opens (RulesBasis), so that evaluating after each keystroke is pure computation on
the UI thread. Finalizing re-evaluates on the saved state and refuses while a blocking finding has no
written acknowledgement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.consult_document import ConsultContext, read_consult
from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.consult_record import ConsultRecord, PriorProcedure
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.findings import Finding
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_document import PlanContext, dump_plan, empty_plan, read_plan
from fbss_desktop.core.plans import Acknowledgement, PlanStatus, StoredPlan, TreatmentPlan
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.services import catalogues
from fbss_desktop.services.stored import stored_consult, stored_plan

if TYPE_CHECKING:  # the rules load with the first consult, not at start-up
    from fbss_desktop.rules.case import Case


def plan_context() -> PlanContext:
    return PlanContext(catalogues.treatment_catalogue(), catalogues.medication_list())


@dataclass(frozen=True)
class OtherConsult:
    consult_id: int
    record: ConsultRecord
    plan: TreatmentPlan | None = None


@dataclass(frozen=True)
class RulesBasis:
    """The patient's history the rules read besides the consult being edited."""

    patient: Patient
    surgeries: tuple[Surgery, ...]
    context: ConsultContext
    settings: Mapping[str, Any]
    others: tuple[OtherConsult, ...] = ()
    consult_id: int | None = None
    procedures: tuple[PriorProcedure, ...] = ()  # the patient's procedure records, as earlier procedures


@dataclass(frozen=True)
class Evaluation:
    findings: tuple[Finding, ...]
    plan: TreatmentPlan
    unread: Mapping[str, str] = field(default_factory=dict)  # problems left out of the check

    def acknowledgement(self, finding: Finding) -> Acknowledgement | None:
        return self.plan.acknowledgement(finding.key)

    @property
    def unacknowledged_blocks(self) -> tuple[Finding, ...]:
        return tuple(
            f for f in self.findings if f.needs_acknowledgement and not _has_reason(self.plan.acknowledgement(f.key))
        )


def _has_reason(ack: Acknowledgement | None) -> bool:
    return ack is not None and bool(ack.reason.strip())


def other_consults(
    stored: Sequence[tuple[int, Mapping[str, Any]]],
    plans: Mapping[int, StoredPlan],
    *,
    patient_id: int,
    context: ConsultContext,
    exclude: int | None,
) -> tuple[OtherConsult, ...]:
    """The patient's other consults and their plans, read for the rules (stored documents are valid)."""
    result = []
    plan_ctx = plan_context()
    for consult_id, document in stored:
        if consult_id == exclude:
            continue
        record = stored_consult(document, patient_id=patient_id, context=context, strict=False)
        plan = plans.get(consult_id)
        result.append(
            OtherConsult(
                consult_id, record, stored_plan(plan.document, plan_ctx, strict=False) if plan is not None else None
            )
        )
    return tuple(result)


def case_of(basis: RulesBasis, record: ConsultRecord, plan: TreatmentPlan) -> Case:
    from fbss_desktop.rules.case import Case, EarlierPlan

    earlier = sorted(
        (o for o in basis.others if o.record.consult_date <= record.consult_date),
        key=lambda o: (o.record.consult_date, o.consult_id),
        reverse=True,
    )
    return Case(
        patient=basis.patient,
        consult=record,
        plan=plan,
        surgeries=basis.surgeries,
        earlier_consults=tuple(o.record for o in earlier),
        earlier_plans=tuple(EarlierPlan(o.record.consult_date, o.plan) for o in earlier if o.plan is not None),
        settings=basis.settings,
        procedures=basis.procedures,
    )


def read(basis: RulesBasis, document: Mapping[str, Any], *, finalizing: bool = False) -> ConsultReading:
    """The editor's document (consult and plan) read once into typed records, typing mistakes and all: the
    problems are returned, never raised. Live decision support, the running totals and the save use it."""
    record, problems = read_consult(document, patient_id=basis.patient.id or 0, context=basis.context)
    plan_document = document.get("plan")
    plan = None
    if plan_document is not None:
        plan, plan_problems = read_plan(plan_document, plan_context(), finalizing=finalizing)
        problems = {**problems, **plan_problems}
    return ConsultReading(record, plan, problems, finalizing)


def evaluate(basis: RulesBasis, reading: ConsultReading) -> Evaluation:
    """Decision support on a consult as it reads now (a plan not yet started is an empty one). Never raises."""
    plan = reading.plan
    if plan is None:
        plan = read_plan(empty_plan(catalogues.treatment_catalogue()), plan_context())[0]
    return Evaluation(_findings(basis, reading.record, plan), plan, reading.problems)


def blocks_waiting(basis: RulesBasis, record: ConsultRecord, plan: TreatmentPlan) -> tuple[Finding, ...]:
    """The blocking findings of `plan` that have no acknowledgement with a written reason."""
    return Evaluation(_findings(basis, record, plan), plan).unacknowledged_blocks


def _findings(basis: RulesBasis, record: ConsultRecord, plan: TreatmentPlan) -> tuple[Finding, ...]:
    from fbss_desktop.rules.engine import evaluate_case

    return evaluate_case(catalogues.decision_rules(), case_of(basis, record, plan), catalogues.reference_tables())


def parse_plan_document(document: Mapping[str, Any]) -> TreatmentPlan:
    """A plan document validated as a draft (raises ValidationError by "plan.…" path)."""
    plan, problems = read_plan(document, plan_context())
    if problems:
        raise ValidationError(problems)
    return plan


def is_empty(plan: TreatmentPlan) -> bool:
    return not (plan.items or plan.goals or plan.follow_up_weeks or plan.acknowledgements or plan.note)


def prepare_plan(
    basis: RulesBasis | None,
    record: ConsultRecord,
    plan: TreatmentPlan | None,
    stored: StoredPlan | None,
    *,
    finalize_by: str = "",
    now: dt.datetime | None = None,
) -> tuple[TreatmentPlan, dict[str, Any]] | None:
    """The plan to save with the consult (already read, without problems), and its document to store; None
    when there is nothing to write.

    Raises ValidationError (paths "plan.…") for a finalized plan that was changed, or, when finalizing,
    blocking findings without a written reason.
    """
    if plan is None:
        return None
    normalized = dump_plan(plan, plan_context().written_with)
    if stored is not None and stored.status is PlanStatus.FINALIZED:
        if _content(normalized) != _content(dump_plan(stored_plan(stored.document, plan_context(), strict=False))):
            raise ValidationError(
                {"plan": "This plan is finalized and can no longer be changed. Start a new plan at the next consult."}
            )
        return None
    if stored is None and is_empty(plan) and not finalize_by:
        return None
    if finalize_by:
        assert basis is not None, "finalizing checks the blocks against the patient's history"
        evaluation = Evaluation(_findings(basis, record, plan), plan)
        waiting = evaluation.unacknowledged_blocks
        if waiting:
            names = "; ".join(f"{f.rule} {f.title}" for f in waiting)
            raise ValidationError(
                {
                    "plan.acknowledgements": f"Acknowledge {len(waiting)} blocking finding"
                    f"{'s' if len(waiting) > 1 else ''} with a written reason before finalizing: {names}."
                }
            )
        when = (now or dt.datetime.now()).replace(microsecond=0)
        plan = replace(plan, status=PlanStatus.FINALIZED, finalized_at=when, finalized_by=finalize_by)
        normalized = dump_plan(plan, plan_context().written_with)
    return plan, normalized


def _content(document: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in ("status", "finalized_at", "finalized_by", "written_with")}


def finalize_with_reasons(
    basis: RulesBasis,
    record: ConsultRecord,
    document: Mapping[str, Any],
    *,
    by: str,
    when: dt.datetime,
    reasons: Mapping[str, str],
    default_reason: str,
) -> tuple[TreatmentPlan, dict[str, Any]]:
    """A plan finalized with every blocking finding acknowledged (demo data): the reasons come by rule."""
    plan, problems = read_plan(document, plan_context(), finalizing=True)
    if problems:
        raise ValidationError(problems)
    found = _findings(basis, record, plan)
    acknowledgements = tuple(
        Acknowledgement(
            rule=f.rule,
            item=f.item or "",
            severity=f.severity.value,
            reason=reasons.get(f.rule, default_reason),
            clinician=by,
            at=when,
            rule_version=f.version,
        )
        for f in found
        if f.needs_acknowledgement
    )
    plan = replace(
        plan, acknowledgements=acknowledgements, status=PlanStatus.FINALIZED, finalized_at=when, finalized_by=by
    )
    return plan, dump_plan(plan, plan_context().written_with)
