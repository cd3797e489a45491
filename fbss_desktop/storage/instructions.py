"""Patients' instruction sheets before a procedure, kept as letters to the patient (the letter table of schema
10, kind "procedure_instructions", no contact): the settled instructions as a document, and when last printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.procedure_instructions import KIND, ProcedureInstructions
from fbss_desktop.storage.models import Letter, utcnow

_CHANGED = (
    "These instructions were changed on another workstation since you opened them. Nothing was saved; open "
    "them again to see the other changes."
)


def _instructions(row: Letter) -> ProcedureInstructions:
    printed = row.printed_at
    if printed is not None and not isinstance(printed, dt.datetime):
        printed = dt.datetime.fromisoformat(str(printed))
    return ProcedureInstructions.from_document(row.document, id=row.id, row_version=row.row_version, printed_at=printed)


def save_instructions(
    patient_id: int,
    consult_id: int | None,
    document: Mapping[str, Any],
    *,
    sheet_id: int | None,
    row_version: int,
    by: str,
) -> int:
    """Insert a sheet, or update one checked against its row version; its id."""
    now = utcnow()
    if sheet_id is None:
        return int(
            Letter.insert(
                patient=patient_id,
                consult=consult_id,
                kind=KIND,
                document=dict(document),
                status="draft",
                created_by=by[:120],
                created_at=now,
                updated_at=now,
                row_version=1,
            ).execute()
        )
    updated = (
        Letter.update(document=dict(document), updated_at=now, row_version=row_version + 1)
        .where((Letter.id == sheet_id) & (Letter.kind == KIND) & (Letter.row_version == row_version))
        .execute()
    )
    if updated != 1:
        raise ConflictError(_CHANGED)
    return sheet_id


def get_instructions(sheet_id: int) -> tuple[int, ProcedureInstructions] | None:
    """The sheet and its patient's id."""
    row = Letter.get_or_none((Letter.id == sheet_id) & (Letter.kind == KIND))
    return (row.patient_id, _instructions(row)) if row is not None else None


def instructions_of_patient(patient_id: int) -> list[ProcedureInstructions]:
    """Every instruction sheet of the patient, the newest procedure first."""
    rows = Letter.select().where((Letter.patient == patient_id) & (Letter.kind == KIND))
    sheets = [_instructions(row) for row in rows]
    return sorted(sheets, key=lambda s: (s.procedure_at, s.id or 0), reverse=True)


def mark_printed(sheet_id: int) -> None:
    Letter.update(printed_at=utcnow(), status="printed").where(
        (Letter.id == sheet_id) & (Letter.kind == KIND)
    ).execute()
