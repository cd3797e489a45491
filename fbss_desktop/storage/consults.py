"""Consult repository: the list the patient panel shows, the stored documents, and saving with row-version checks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from peewee import JOIN

from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultStatus, ConsultSummary, ConsultVersion, StoredConsult
from fbss_desktop.core.errors import ConflictError, NotFoundError
from fbss_desktop.storage import plans
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Clinician as ClinicianRow
from fbss_desktop.storage.models import Consult as ConsultRow
from fbss_desktop.storage.models import ConsultVersion as ConsultVersionRow
from fbss_desktop.storage.models import Patient as PatientRow
from fbss_desktop.storage.models import Surgery as SurgeryRow
from fbss_desktop.storage.models import as_date, utcnow

_CHANGED = (
    "This consult was changed on another workstation since you opened it. Your version was kept in the "
    "editor and not saved; reopen the consult to see the other changes."
)
_SUMMARY_FIELDS = (
    ConsultRow.id,
    ConsultRow.patient,
    ConsultRow.consult_date,
    ConsultRow.status,
    ConsultRow.reason,
    ConsultRow.back_nrs,
    ConsultRow.leg_nrs,
    ConsultRow.odi_percent,
    ConsultRow.neck_nrs,
    ConsultRow.arm_nrs,
    ConsultRow.ndi_percent,
    ConsultRow.region,
)


def list_consults(patient_id: int) -> list[ConsultSummary]:
    """The patient's consults, newest first, without their documents (the panel does not need them)."""
    rows = (
        ConsultRow.select(*_SUMMARY_FIELDS, ClinicianRow)
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
                back_nrs=row.back_nrs,
                leg_nrs=row.leg_nrs,
                odi_percent=row.odi_percent,
                neck_nrs=row.neck_nrs,
                arm_nrs=row.arm_nrs,
                ndi_percent=row.ndi_percent,
                region=row.region or "",
            )
        )
    return result


def stored_consult(row: ConsultRow) -> StoredConsult:
    document = {} if row.document is None else row.document
    # The columns are authoritative for what they hold (older rows have an empty document).
    document.update(
        consult_date=as_date(row.consult_date).isoformat(),
        status=row.status,
        reason=row.reason,
        clinician_id=row.clinician_id,
    )
    history = document.setdefault("history", {})
    history["index_surgery_id"] = row.index_surgery_id
    return StoredConsult(row.id, row.patient_id, row.row_version, ConsultStatus(row.status), document, row.updated_at)


def get_consult(consult_id: int) -> StoredConsult:
    row = ConsultRow.get_or_none(ConsultRow.id == consult_id)
    if row is None:
        raise NotFoundError("This consult no longer exists.")
    return stored_consult(row)


def latest_consult(patient_id: int, *, exclude: int | None = None) -> StoredConsult | None:
    query = ConsultRow.select().where(ConsultRow.patient == patient_id)
    if exclude is not None:
        query = query.where(ConsultRow.id != exclude)
    row = query.order_by(ConsultRow.consult_date.desc(), ConsultRow.id.desc()).first()
    return stored_consult(row) if row else None


def consult_values(record: ConsultRecord, document: Mapping[str, Any]) -> dict[str, Any]:
    """The consult's columns as every insert and update writes them."""
    odi = record.score_of("odi")
    return {
        "patient": record.patient_id,
        "clinician": record.clinician_id,
        "consult_date": record.consult_date,
        "status": record.status.value,
        "reason": record.reason,
        "document": document,
        "document_version": int(document.get("document_version", 1)),
        "index_surgery": record.history.index_surgery_id,
        "back_nrs": record.history.back_nrs_now,
        "leg_nrs": record.history.leg_nrs_now,
        "odi_percent": odi,
        "region": record.history.region,
        "neck_nrs": record.history.neck_nrs_now,
        "arm_nrs": record.history.arm_nrs_now,
        "ndi_percent": record.score_of("ndi"),
    }


def save_consult(
    record: ConsultRecord,
    document: Mapping[str, Any],
    plan: plans.PlanWrite | None = None,
    *,
    amended_by: str = "",
    amend_reason: str = "",
) -> StoredConsult:
    """Insert or update (if nobody changed it since `record.row_version`), with its plan; one transaction.

    A signed consult whose record changes is an amendment: the signed version is kept first, as it was,
    with who replaced it, when and why."""
    values = consult_values(record, document)
    now = utcnow()
    with database.atomic():
        if not PatientRow.select().where(PatientRow.id == record.patient_id).exists():
            raise NotFoundError("The patient of this consult no longer exists.")
        surgery = record.history.index_surgery_id
        if surgery is not None and not SurgeryRow.select().where(SurgeryRow.id == surgery).exists():
            raise ConflictError("The index surgery was removed on another workstation; choose it again.")
        if record.id is None:
            values["signed_at"] = now if record.status is ConsultStatus.SIGNED else None
            consult_id = ConsultRow.insert(**values, created_at=now, updated_at=now, row_version=1).execute()
        else:
            consult_id = record.id
            current = ConsultRow.get_or_none(ConsultRow.id == consult_id)
            if current is None or current.row_version != record.row_version:
                raise ConflictError(_CHANGED)
            if record.status is ConsultStatus.SIGNED and current.signed_at is None:
                values["signed_at"] = now
            if current.status == ConsultStatus.SIGNED.value and _content(current.document) != _content(document):
                _keep_signed_version(current, now, amended_by, amend_reason)
                values["signed_at"] = now if record.status is ConsultStatus.SIGNED else None
            updated = (
                ConsultRow.update(**values, updated_at=now, row_version=record.row_version + 1)
                .where((ConsultRow.id == consult_id) & (ConsultRow.row_version == record.row_version))
                .execute()
            )
            if updated != 1:
                raise ConflictError(_CHANGED)
        if plan is not None:
            plans.write_plan(record.patient_id, consult_id, plan)
    return get_consult(consult_id)


def _content(document: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in (document or {}).items() if k not in ("written_with",)}


def _keep_signed_version(current: Any, now: dt.datetime, amended_by: str, reason: str) -> None:
    number = ConsultVersionRow.select().where(ConsultVersionRow.consult == current.id).count() + 1
    ConsultVersionRow.insert(
        consult=current.id,
        version=number,
        document=current.document,
        status=current.status,
        signed_at=current.signed_at,
        replaced_at=now,
        replaced_by=amended_by[:120],
        reason=reason,
    ).execute()


def signed_versions(consult_id: int) -> list[ConsultVersion]:
    """The signed versions amendments replaced, oldest first."""
    query = (
        ConsultVersionRow.select().where(ConsultVersionRow.consult == consult_id).order_by(ConsultVersionRow.version)
    )
    return [ConsultVersion(r.version, r.document, r.signed_at, r.replaced_at, r.replaced_by, r.reason) for r in query]


def consults_citing_surgery(surgery_id: int) -> int:
    return int(ConsultRow.select().where(ConsultRow.index_surgery == surgery_id).count())
