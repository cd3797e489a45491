"""Consult repository: for now the list the patient panel shows; the consult record comes next."""

from __future__ import annotations

from peewee import JOIN

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consults import ConsultStatus, ConsultSummary
from fbss_desktop.storage.models import Clinician as ClinicianRow
from fbss_desktop.storage.models import Consult as ConsultRow
from fbss_desktop.storage.models import as_date


def list_consults(patient_id: int) -> list[ConsultSummary]:
    rows = (
        ConsultRow.select(ConsultRow, ClinicianRow)
        .join(ClinicianRow, JOIN.LEFT_OUTER)
        .where(ConsultRow.patient == patient_id)
        .order_by(ConsultRow.consult_date.desc(), ConsultRow.id.desc())
    )
    result = []
    for row in rows:
        clinician = row.clinician
        name = Clinician(clinician.full_name, clinician.credentials).display_name if clinician else ""
        result.append(
            ConsultSummary(
                id=row.id,
                patient_id=row.patient_id,
                consult_date=as_date(row.consult_date),
                clinician_name=name,
                status=ConsultStatus(row.status),
                reason=row.reason,
            )
        )
    return result
