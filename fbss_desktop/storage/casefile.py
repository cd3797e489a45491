"""Case files in storage: one patient's whole record read for export, and written back in one transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from peewee import JOIN

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultStatus, StoredConsult, map_surgery_refs
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.storage import clinicians, consults, patients, plans, surgeries
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Clinician as ClinicianRow
from fbss_desktop.storage.models import Consult as ConsultRow
from fbss_desktop.storage.models import utcnow


@dataclass(frozen=True)
class CaseConsult:
    """A consult to import: its validated record, its normalized document (surgery references are positions
    in the case's surgeries, `carried_forward_from` a position in its consults) and its clinician."""

    record: ConsultRecord
    document: Mapping[str, Any]
    clinician: Clinician | None
    plan_versions: Sequence[plans.PlanWrite] = ()  # every version of its plan, oldest first


def consult_documents(patient_id: int) -> list[tuple[StoredConsult, Clinician | None]]:
    """Every consult of the patient with its clinician, oldest first."""
    rows = (
        ConsultRow.select(ConsultRow, ClinicianRow)
        .join(ClinicianRow, JOIN.LEFT_OUTER)
        .where(ConsultRow.patient == patient_id)
        .order_by(ConsultRow.consult_date, ConsultRow.id)
    )
    result = []
    for row in rows:
        stored = consults.stored_consult(row)
        clinician = row.clinician
        who = (
            Clinician(clinician.full_name, clinician.credentials, clinician.specialty, id=clinician.id)
            if clinician
            else None
        )
        result.append((stored, who))
    return result


def _clinician_id(wanted: Clinician | None, known: dict[str, int]) -> int | None:
    if wanted is None:
        return None
    if wanted.full_name not in known:
        added = clinicians.add_clinician(Clinician(wanted.full_name, wanted.credentials, wanted.specialty))
        assert added.id is not None
        known[wanted.full_name] = added.id
    return known[wanted.full_name]


def insert_case(
    patient: Patient, case_surgeries: Sequence[Surgery], case_consults: Sequence[CaseConsult]
) -> tuple[int, list[list[int]]]:
    """Insert the patient, surgeries and consults together; any failure leaves the database unchanged. Returns
    the patient's id and, for each consult, the ids of its plan versions in order."""
    with database.atomic():
        saved = patients.save_patient(patient)
        assert saved.id is not None
        surgery_ids = []
        for surgery in case_surgeries:
            stored = surgeries.save_surgery(replace(surgery, patient_id=saved.id, id=None))
            surgery_ids.append(stored.id)
        known = {c.full_name: c.id for c in clinicians.list_clinicians(active_only=False) if c.id is not None}
        consult_ids: list[int] = []
        plan_ids: list[list[int]] = []
        documents = []
        now = utcnow()
        for case in case_consults:
            document = map_surgery_refs(case.document, lambda position: surgery_ids[position])
            document["carried_forward_from"] = None  # set below, once every consult has its id
            history = replace(case.record.history, index_surgery_id=document["history"].get("index_surgery_id"))
            clinician_id = _clinician_id(case.clinician, known)
            record = replace(case.record, patient_id=saved.id, clinician_id=clinician_id, history=history)
            signed = now if record.status is ConsultStatus.SIGNED else None
            values = consults.consult_values(record, document)
            consult_id = ConsultRow.insert(
                **values, signed_at=signed, created_at=now, updated_at=now, row_version=1
            ).execute()
            plan_ids.append(plans.write_versions(saved.id, consult_id, case.plan_versions))
            consult_ids.append(consult_id)
            documents.append(document)
        for consult_id, case, document in zip(consult_ids, case_consults, documents, strict=True):
            carried = case.document.get("carried_forward_from")
            if carried is not None:
                document["carried_forward_from"] = consult_ids[carried]
                ConsultRow.update(document=document).where(ConsultRow.id == consult_id).execute()
    return saved.id, plan_ids
