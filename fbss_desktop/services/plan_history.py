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
    # Only the versions a diff compares are read whole (a revision and the version it replaced); the others
    # show their count of treatments, read from the document as stored.
    compared = {p.id for _day, p in rows if p.supersedes_id} | {p.supersedes_id for _day, p in rows if p.supersedes_id}
    documents = {p.id: p.document for _day, p in rows}
    context = planning.plan_context() if compared else None
    parsed = {i: stored_plan(documents[i], context, strict=False) for i in compared if i in documents and context}
    result = []
    for day, stored in rows:
        previous = parsed.get(stored.supersedes_id) if stored.supersedes_id else None
        changes = plan_changes(previous, parsed[stored.id], catalogue) if previous is not None else ()
        items = stored.document.get("items") if isinstance(stored.document, dict) else None
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
                treatments=len(items) if isinstance(items, list) else 0,
                changes=changes,
            )
        )
    return result
