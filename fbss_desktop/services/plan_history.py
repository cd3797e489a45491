"""The history of a patient's plans: every version, newest first, with what changed since the one before
(read as stored; a problem in a stored plan is logged by path, never dropped)."""

from __future__ import annotations

from fbss_desktop.core.plans import PlanVersion
from fbss_desktop.services import catalogues, planning
from fbss_desktop.services.stored import stored_plan
from fbss_desktop.storage import plans


def plan_versions(patient_id: int) -> list[PlanVersion]:
    """Every version of the patient's plans, newest first, each with what changed since the one before."""
    from fbss_desktop.core.plan_diff import plan_changes

    catalogue = catalogues.treatment_catalogue()
    rows = plans.plan_versions(patient_id)
    parsed = {p.id: stored_plan(p.document, planning.plan_context(), strict=False) for _day, p in rows}
    result = []
    for day, stored in rows:
        plan = parsed[stored.id]
        previous = parsed.get(stored.supersedes_id) if stored.supersedes_id else None
        changes = plan_changes(previous, plan, catalogue) if previous is not None else ()
        result.append(
            PlanVersion(
                plan_id=stored.id,
                consult_id=stored.consult_id or 0,
                consult_date=day,
                version=stored.version,
                status=stored.status,
                finalized_at=stored.finalized_at,
                finalized_by=stored.finalized_by,
                last_printed=stored.last_printed,
                treatments=len(plan.items),
                changes=changes,
            )
        )
    return result
