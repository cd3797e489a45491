"""Surgery repository: a patient's spine operations, in date order, with row-version checks."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.dates import PartialDate, Precision
from fbss_desktop.core.errors import ConflictError, NotFoundError
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Patient as PatientRow
from fbss_desktop.storage.models import Surgery as SurgeryRow
from fbss_desktop.storage.models import as_date, utcnow

_CHANGED = (
    "This surgery was changed or removed on another workstation since you opened it. "
    "Reopen the patient to see the current history; your changes were not saved."
)


def _to_core(row: SurgeryRow) -> Surgery:
    return Surgery(
        id=row.id,
        patient_id=row.patient_id,
        performed=PartialDate(as_date(row.performed_on), Precision(row.performed_precision)),
        procedure=row.procedure,
        levels=tuple(level for level in row.levels.split(",") if level),
        fusion=bool(row.fusion),
        instrumented=bool(row.instrumented),
        approach=row.approach,
        surgeon=row.surgeon,
        outcome_notes=row.outcome_notes,
        row_version=row.row_version,
    )


def list_surgeries(patient_id: int) -> list[Surgery]:
    rows = SurgeryRow.select().where(SurgeryRow.patient == patient_id).order_by(SurgeryRow.performed_on, SurgeryRow.id)
    return [_to_core(r) for r in rows]


def surgery_values(surgery: Surgery) -> dict[str, Any]:
    """The surgery's columns as every insert and update writes them."""
    return {
        "patient": surgery.patient_id,
        "performed_on": surgery.performed.earliest,
        "performed_precision": surgery.performed.precision.value,
        "procedure": surgery.procedure,
        "levels": ",".join(surgery.levels),
        "fusion": surgery.fusion,
        "instrumented": surgery.instrumented,
        "approach": surgery.approach,
        "surgeon": surgery.surgeon,
        "outcome_notes": surgery.outcome_notes,
    }


def save_surgery(surgery: Surgery) -> Surgery:
    values = surgery_values(surgery)
    with database.atomic():
        if not PatientRow.select().where(PatientRow.id == surgery.patient_id).exists():
            raise NotFoundError("The patient of this surgery no longer exists.")
        if surgery.id is None:
            surgery_id = SurgeryRow.insert(**values, row_version=1).execute()
            version = 1
        else:
            surgery_id, version = surgery.id, surgery.row_version + 1
            updated = (
                SurgeryRow.update(**values, updated_at=utcnow(), row_version=version)
                .where((SurgeryRow.id == surgery_id) & (SurgeryRow.row_version == surgery.row_version))
                .execute()
            )
            if updated != 1:
                raise ConflictError(_CHANGED)
    return Surgery(**{**surgery.__dict__, "id": surgery_id, "row_version": version})


def remove_surgery(surgery_id: int, row_version: int) -> int:
    """Delete the surgery if nobody changed it since; returns its patient's id."""
    with database.atomic():
        row = SurgeryRow.get_or_none(SurgeryRow.id == surgery_id)
        if row is None or row.row_version != row_version:
            raise ConflictError(_CHANGED)
        patient_id = int(row.patient_id)
        SurgeryRow.delete().where(SurgeryRow.id == surgery_id).execute()
    return patient_id
