"""Demo data: fictional patients with their surgeries, consults and plans, validated and checked by the
rules like any other record (every blocking finding of a finalized demo plan acknowledged with a plausible
reason), so a newcomer sees the whole product. Kept out of the facade's body: `clinic.demo.load`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consults import ConsultStatus, NewConsult
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.plan_document import dump_plan
from fbss_desktop.core.users import Permission
from fbss_desktop.services import catalogues, consulting, demo, demo_plans, demo_procedures, planning
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.services.planning import RulesBasis
from fbss_desktop.services.printing import freeze_plan
from fbss_desktop.storage import bulk, clinicians

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


def load_demo(clinic: Clinic, count: int, *, seed: int = 2026) -> ChangeSet:
    """Add `count` fictional patients (and the demo clinicians if missing)."""
    if count < 1:
        raise ValidationError({"count": "Ask for at least one demo patient."})
    people = demo.load_people()
    existing = {c.full_name: c for c in clinicians.list_clinicians(active_only=False)}
    clinician_ids = []
    clinician_names = []
    for entry in people["clinicians"]:
        known = existing.get(entry["full_name"]) or clinicians.add_clinician(Clinician(**entry))
        clinician_ids.append(known.id)
        clinician_names.append(known.display_name)
    # the demo clinic's letterhead first: the demo plans are frozen with it
    if not clinic.settings.values()["clinic.name"]:
        clinic.settings.save_one("clinic.name", "Riverside Spine & Pain Clinic (demo)")
        clinic.settings.save_one("clinic.address", "200 Harbor Way, Suite 4, Springfield")
        clinic.settings.save_one("clinic.phone", "(555) 010-2000")
    settings = clinic.settings.values()
    cases = (
        (case.patient, case.surgeries, _demo_consults(clinic, case, clinician_ids, clinician_names, settings))
        for case in demo.generate(count, seed=seed, today=clinic.today(), first_number=bulk.next_demo_number())
    )
    first_patient = bulk.last_patient_id() + 1
    bulk.insert_cases(cases)
    # the procedures those plans carried out, recorded and answered at the next visit (before the plans are
    # frozen: a later visit's plan prints the procedures done before it on its trend)
    demo_procedures.add_demo_procedures(first_patient, catalogues.procedure_catalogue(), clinician_names)
    for plan_id in bulk.unfrozen_finalized_plans(first_patient):
        # Frozen as finalizing would have, with the treatments since done or stopped as they were planned.
        freeze_plan(clinic, plan_id, settings, as_planned=True)
    return ChangeSet(patient_list=True, settings=True)


def _demo_consults(
    clinic: Clinic,
    case: demo.DemoCase,
    clinician_ids: list[int | None],
    clinician_names: list[str],
    settings: Mapping[str, Any],
) -> list[NewConsult]:
    """A demo case's consults and plans, validated like any other (surgery references are positions).

    Finalized demo plans are evaluated by the rules, and every blocking finding is acknowledged with a
    plausible reason, as a clinician would have to.
    """
    positions = tuple(replace(s, id=i) for i, s in enumerate(case.surgeries))
    context = clinic.consults.context(case.patient, positions, settings)
    basis = RulesBasis(case.patient, positions, context, dict(settings))
    result = []
    for number, consult in enumerate(case.consults):
        status = ConsultStatus.SIGNED if consult.signed else ConsultStatus.DRAFT
        who = clinician_ids[consult.clinician_index]
        if not consult.document:
            result.append(NewConsult(consult.consult_date, who, status, consult.reason))
            continue
        document = {**consult.document, "status": status.value, "reason": consult.reason}
        record, normalized = consulting.parse_and_dump(document, patient_id=0, context=context)
        plan_document = None
        plan = None
        if consult.plan is not None and consult.finalize_plan:
            when = dt.datetime.combine(consult.consult_date, dt.time(11, 30))
            plan, plan_document = planning.finalize_with_reasons(
                basis,
                record,
                consult.plan,
                by=clinician_names[consult.clinician_index],
                when=when,
                reasons=demo_plans.ACKNOWLEDGEMENT_REASONS,
                default_reason=demo_plans.DEFAULT_REASON,
            )
        elif consult.plan is not None:
            plan = planning.parse_plan_document(consult.plan)
            plan_document = dump_plan(plan, planning.plan_context().written_with)
        basis = replace(basis, others=(*basis.others, planning.OtherConsult(-1 - number, record, plan)))
        result.append(
            NewConsult(
                consult.consult_date,
                who,
                status,
                consult.reason,
                document=normalized,
                back_nrs=record.history.back_nrs_now,
                leg_nrs=record.history.leg_nrs_now,
                odi_percent=record.score_of("odi"),
                neck_nrs=record.history.neck_nrs_now,
                arm_nrs=record.history.arm_nrs_now,
                ndi_percent=record.score_of("ndi"),
                region=record.history.region,
                plan=plan_document,
                plan_printed=_demo_printed(consult, number == len(case.consults) - 1),
            )
        )
    return result


def _demo_printed(consult: demo.DemoConsult, last: bool) -> dt.datetime | None:
    """Demo print history: earlier visits' plans were printed; half of the latest finalized ones too."""
    if consult.plan is None or not consult.finalize_plan:
        return None
    if last and consult.consult_date.toordinal() % 2:
        return None  # waiting at the front desk
    return dt.datetime.combine(consult.consult_date, dt.time(11, 45))


@guard_methods()
class DemoManager:
    """Fictional patients for a newcomer or a benchmark: `clinic.demo`."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.CLINICAL)
    def load(self, count: int, *, seed: int = 2026) -> ChangeSet:
        """Add `count` fictional patients (and the demo clinicians if missing); in the audit trail."""
        changes = load_demo(self.clinic, count, seed=seed)
        self.clinic.audit.record(self.clinic.actor, AuditAction.DEMO_LOADED, detail=f"{count} demo patients")
        return changes
