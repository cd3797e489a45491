"""Clinician repository."""

from __future__ import annotations

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.storage.models import Clinician as ClinicianRow


def list_clinicians(active_only: bool = True) -> list[Clinician]:
    query = ClinicianRow.select().order_by(ClinicianRow.full_name)
    if active_only:
        query = query.where(ClinicianRow.active == True)  # noqa: E712 (peewee expression)
    return [
        Clinician(id=r.id, full_name=r.full_name, credentials=r.credentials, specialty=r.specialty, active=r.active)
        for r in query
    ]


def add_clinician(clinician: Clinician) -> Clinician:
    new_id = ClinicianRow.insert(
        full_name=clinician.full_name,
        credentials=clinician.credentials,
        specialty=clinician.specialty,
        active=clinician.active,
    ).execute()
    return Clinician(**{**clinician.__dict__, "id": new_id})
