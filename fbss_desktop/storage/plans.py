"""Plan repository: the plan of a consult, the patient's plans, and writing a plan with its consult."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.plans import PlanStatus, StoredPlan, TreatmentPlan
from fbss_desktop.storage.models import Consult as ConsultRow
from fbss_desktop.storage.models import Plan as PlanRow
from fbss_desktop.storage.models import as_date, utcnow

_CHANGED = (
    "This plan was changed on another workstation since you opened it. Your version was kept in the editor "
    "and not saved; reopen the consult to see the other changes."
)


@dataclass(frozen=True)
class PlanWrite:
    """A plan to save with its consult: the parsed plan, its normalized document, and the row it updates."""

    plan: TreatmentPlan
    document: Mapping[str, Any]
    plan_id: int | None = None
    row_version: int = 0


def stored_plan(row: PlanRow) -> StoredPlan:
    return StoredPlan(
        id=row.id,
        patient_id=row.patient_id,
        consult_id=row.consult_id,
        version=row.version,
        status=PlanStatus(row.status),
        row_version=row.row_version,
        document=json.loads(row.document or "{}"),
        finalized_at=row.finalized_at,
        finalized_by=row.finalized_by,
    )


def plan_for_consult(consult_id: int) -> StoredPlan | None:
    """The consult's current plan (its latest version), if it has one."""
    row = (
        PlanRow.select()
        .where(PlanRow.consult == consult_id)
        .order_by(PlanRow.version.desc(), PlanRow.id.desc())
        .first()
    )
    return stored_plan(row) if row else None


def plans_of_patient(patient_id: int) -> list[tuple[Any, StoredPlan]]:
    """Every plan of the patient with its consult's date, oldest first (for the rules' history)."""
    rows = (
        PlanRow.select(PlanRow, ConsultRow.consult_date)
        .join(ConsultRow)
        .where(PlanRow.patient == patient_id)
        .order_by(ConsultRow.consult_date, PlanRow.id)
    )
    result = []
    for row in rows:
        consult = row.consult
        assert consult is not None  # joined: every row here has its consult
        result.append((as_date(consult.consult_date), stored_plan(row)))
    return result


def write_plan(patient_id: int, consult_id: int, write: PlanWrite) -> int:
    """Insert or update the plan row; call inside the consult's transaction. Returns the plan's id."""
    plan = write.plan
    now = utcnow()
    values = {
        "patient": patient_id,
        "consult": consult_id,
        "status": plan.status.value,
        "document": json.dumps(write.document, ensure_ascii=False, separators=(",", ":")),
        "document_version": int(write.document.get("plan_version", 1)),
        "finalized_at": plan.finalized_at,
        "finalized_by": plan.finalized_by,
        "updated_at": now,
    }
    if write.plan_id is None:
        version = PlanRow.select().where(PlanRow.consult == consult_id).count() + 1
        return int(PlanRow.insert(**values, version=version, created_at=now, row_version=1).execute())
    updated = (
        PlanRow.update(**values, row_version=write.row_version + 1)
        .where((PlanRow.id == write.plan_id) & (PlanRow.row_version == write.row_version))
        .execute()
    )
    if updated != 1:
        raise ConflictError(_CHANGED)
    return write.plan_id
