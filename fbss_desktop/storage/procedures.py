"""Procedure repository: a patient's procedure records (schema 10), newest first, with row-version checks.

The record's details travel as its document (core.procedures reads and writes it); the columns beside it are
what lists and links need (kind, day, status, the plan item it came from, who signed it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.errors import ConflictError, NotFoundError
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Patient as PatientRow
from fbss_desktop.storage.models import Procedure as ProcedureRow
from fbss_desktop.storage.models import as_date, utcnow

_CHANGED = (
    "This procedure record was changed on another workstation since you opened it. "
    "Close it and open it again to see the current record; your changes were not saved."
)


@dataclass(frozen=True)
class StoredProcedure:
    id: int
    patient_id: int
    kind: str
    performed_on: dt.date
    status: str
    document: Mapping[str, Any]
    created_by: str
    signed_by: str
    signed_at: dt.datetime | None
    row_version: int


def _to_stored(row: ProcedureRow) -> StoredProcedure:
    return StoredProcedure(
        id=row.id,
        patient_id=int(row.patient_id),
        kind=row.kind,
        performed_on=as_date(row.performed_on),
        status=row.status,
        document=dict(row.document or {}),
        created_by=row.created_by,
        signed_by=row.signed_by,
        signed_at=row.signed_at,
        row_version=row.row_version,
    )


def procedures_of_patient(patient_id: int) -> list[StoredProcedure]:
    rows = (
        ProcedureRow.select()
        .where(ProcedureRow.patient == patient_id)
        .order_by(ProcedureRow.performed_on.desc(), ProcedureRow.id.desc())
    )
    return [_to_stored(r) for r in rows]


def get_procedure(procedure_id: int) -> StoredProcedure:
    row = ProcedureRow.get_or_none(ProcedureRow.id == procedure_id)
    if row is None:
        raise NotFoundError("This procedure record no longer exists.")
    return _to_stored(row)


def save_procedure(
    *,
    procedure_id: int | None,
    patient_id: int,
    kind: str,
    performed_on: dt.date,
    document: Mapping[str, Any],
    plan_id: int | None,
    plan_item: str,
    row_version: int,
    created_by: str,
    sign_as: str | None = None,
) -> StoredProcedure:
    """Insert (procedure_id None) or update the record if nobody changed it since it was read; `sign_as`
    signs it in the same write."""
    values: dict[str, Any] = {
        "kind": kind,
        "performed_on": performed_on,
        "document": dict(document),
        "plan": plan_id,
        "plan_item": plan_item,
    }
    if sign_as is not None:
        values.update(status="signed", signed_by=sign_as, signed_at=utcnow())
    with database.atomic():
        if not PatientRow.select().where(PatientRow.id == patient_id).exists():
            raise NotFoundError("The patient of this procedure no longer exists.")
        if procedure_id is None:
            new_id = ProcedureRow.insert(
                patient=patient_id, created_by=created_by, created_at=utcnow(), row_version=1, **values
            ).execute()
            return get_procedure(int(new_id))
        updated = (
            ProcedureRow.update(**values, updated_at=utcnow(), row_version=row_version + 1)
            .where((ProcedureRow.id == procedure_id) & (ProcedureRow.row_version == row_version))
            .execute()
        )
        if updated != 1:
            raise ConflictError(_CHANGED)
        return get_procedure(procedure_id)


def procedure_for_item(plan_id: int, item_key: str) -> StoredProcedure | None:
    """The record started from this plan item, if there is one."""
    row = (
        ProcedureRow.select()
        .where((ProcedureRow.plan == plan_id) & (ProcedureRow.plan_item == item_key))
        .order_by(ProcedureRow.id.desc())
        .first()
    )
    return _to_stored(row) if row is not None else None
