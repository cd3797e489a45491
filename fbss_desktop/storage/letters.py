"""Letter repository: a patient's letters, their text as last edited, and the print that freezes them.

A draft is updated only while its row version matches and it is still a draft; a printed letter's document is
never written again (storage refuses it whatever the caller asks).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss_desktop.core.errors import ConflictError, NotFoundError
from fbss_desktop.core.letters import LetterDocument, LetterKind, LetterStatus, StoredLetter, dump_letter, read_letter
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Letter as LetterRow
from fbss_desktop.storage.models import Patient as PatientRow
from fbss_desktop.storage.models import utcnow

_CHANGED = (
    "This letter was changed or printed on another workstation since you opened it. "
    "Open the letters again to see it as it is now; your changes were not saved."
)
# The letter table also keeps other documents written for a patient (a procedure's instruction sheet, under its
# own kind): these are the letters.
KINDS = tuple(kind.value for kind in LetterKind)
PRINTED = "This letter was printed and is kept as it was printed. Make a new version to change it."


def _to_core(row: LetterRow) -> StoredLetter:
    return StoredLetter(
        id=row.id,
        patient_id=row.patient_id,
        consult_id=row.consult_id,
        contact_id=row.contact_id,
        kind=LetterKind(row.kind),
        status=LetterStatus.PRINTED if row.status == LetterStatus.PRINTED.value else LetterStatus.DRAFT,
        document=read_letter(row.document or {}, row.kind),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        printed_at=row.printed_at,
        row_version=row.row_version,
    )


def list_letters(patient_id: int) -> list[StoredLetter]:
    """The patient's letters, newest first."""
    rows = (
        LetterRow.select()
        .where((LetterRow.patient == patient_id) & LetterRow.kind.in_(KINDS))
        .order_by(LetterRow.created_at.desc(), LetterRow.id.desc())
    )
    return [_to_core(row) for row in rows]


def get_letter(letter_id: int) -> StoredLetter:
    row = LetterRow.get_or_none((LetterRow.id == letter_id) & LetterRow.kind.in_(KINDS))
    if row is None:
        raise NotFoundError("That letter no longer exists.")
    return _to_core(row)


def add_letter(
    patient_id: int,
    consult_id: int | None,
    contact_id: int | None,
    document: LetterDocument,
    created_by: str,
) -> StoredLetter:
    with database.atomic():
        if not PatientRow.select().where(PatientRow.id == patient_id).exists():
            raise NotFoundError("The patient of this letter no longer exists.")
        letter_id = LetterRow.insert(
            patient=patient_id,
            consult=consult_id,
            contact=contact_id,
            kind=document.kind.value,
            document=dump_letter(document),
            status=LetterStatus.DRAFT.value,
            created_by=created_by,
            created_at=utcnow(),
            row_version=1,
        ).execute()
    return get_letter(letter_id)


def _update(letter_id: int, row_version: int, values: dict[str, Any]) -> StoredLetter:
    with database.atomic():
        row = LetterRow.get_or_none((LetterRow.id == letter_id) & LetterRow.kind.in_(KINDS))
        if row is None:
            raise NotFoundError("That letter no longer exists.")
        if row.status == LetterStatus.PRINTED.value:
            raise ConflictError(PRINTED)
        updated = (
            LetterRow.update(**values, updated_at=utcnow(), row_version=row_version + 1)
            .where(
                (LetterRow.id == letter_id)
                & (LetterRow.row_version == row_version)
                & (LetterRow.status == LetterStatus.DRAFT.value)
            )
            .execute()
        )
        if updated != 1:
            raise ConflictError(_CHANGED)
    return get_letter(letter_id)


def save_draft(letter_id: int, row_version: int, document: LetterDocument, contact_id: int | None) -> StoredLetter:
    """The draft's text as edited; refused for a printed letter or one changed elsewhere."""
    return _update(letter_id, row_version, {"document": dump_letter(document), "contact": contact_id})


def mark_printed(letter_id: int, row_version: int, document: LetterDocument, at: dt.datetime) -> StoredLetter:
    """Freeze the draft as printed: its document (with the letterhead it printed under) is kept from now on."""
    return _update(
        letter_id,
        row_version,
        {"document": dump_letter(document), "status": LetterStatus.PRINTED.value, "printed_at": at},
    )
