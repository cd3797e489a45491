"""Clinician repository: add, edit and deactivate with an optimistic row-version check."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.errors import ConflictError
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Clinician as ClinicianRow
from fbss_desktop.storage.models import utcnow

_CHANGED = "This clinician was changed on another workstation since you opened it; open the list again."


def _clinician(row: Any) -> Clinician:
    return Clinician(
        id=row.id,
        full_name=row.full_name,
        credentials=row.credentials,
        specialty=row.specialty,
        active=bool(row.active),
        npi=row.npi or "",
        row_version=row.row_version,
    )


def list_clinicians(active_only: bool = True) -> list[Clinician]:
    query = ClinicianRow.select().order_by(ClinicianRow.full_name, ClinicianRow.id)
    if active_only:
        query = query.where(ClinicianRow.active == True)  # noqa: E712 (peewee expression)
    return [_clinician(r) for r in query]


def count_clinicians(active_only: bool = True) -> int:
    query = ClinicianRow.select()
    if active_only:
        query = query.where(ClinicianRow.active == True)  # noqa: E712 (peewee expression)
    return int(query.count())


def add_clinician(clinician: Clinician) -> Clinician:
    new_id = ClinicianRow.insert(
        full_name=clinician.full_name,
        credentials=clinician.credentials,
        specialty=clinician.specialty,
        active=clinician.active,
        npi=clinician.npi,
        row_version=1,
        updated_at=utcnow(),
    ).execute()
    return _clinician(ClinicianRow.get_by_id(new_id))


def save_clinician(clinician: Clinician) -> Clinician:
    """Insert a new clinician, or update one nobody changed since `clinician.row_version`."""
    if clinician.id is None:
        return add_clinician(clinician)
    with database.atomic():
        updated = (
            ClinicianRow.update(
                full_name=clinician.full_name,
                credentials=clinician.credentials,
                specialty=clinician.specialty,
                active=clinician.active,
                npi=clinician.npi,
                row_version=clinician.row_version + 1,
                updated_at=utcnow(),
            )
            .where((ClinicianRow.id == clinician.id) & (ClinicianRow.row_version == clinician.row_version))
            .execute()
        )
        if updated != 1:
            raise ConflictError(_CHANGED)
        return _clinician(ClinicianRow.get_by_id(clinician.id))
