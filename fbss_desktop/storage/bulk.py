"""Bulk insertion of demo and benchmark data: batched multi-row inserts, one transaction per batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from peewee import fn

from fbss_desktop.core.consults import ConsultStatus, NewConsult, map_surgery_refs
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.storage.db import database
from fbss_desktop.storage.migrations.m0002_name_parts import secondary_words
from fbss_desktop.storage.models import Consult, PatientNamePart, Plan, PrintEvent, utcnow
from fbss_desktop.storage.models import Patient as PatientRow
from fbss_desktop.storage.models import Surgery as SurgeryRow
from fbss_desktop.storage.patients import patient_values
from fbss_desktop.storage.surgeries import surgery_values

Case = tuple[Patient, Sequence[Surgery], Sequence[NewConsult]]


def next_demo_number() -> int:
    """The number after the highest demo MRN (D000123) already used."""
    # The longest first, then the greatest: as text "D999999" sorts after "D1000000" (a million demo patients).
    row = (
        PatientRow.select(PatientRow.mrn)
        .where(PatientRow.mrn.startswith("D"))
        .order_by(fn.LENGTH(PatientRow.mrn).desc(), PatientRow.mrn.desc())
        .first()
    )
    highest = row.mrn if row is not None else ""
    if highest and highest[1:].isdigit():
        return int(highest[1:]) + 1
    return 1


def last_patient_id() -> int:
    """The highest patient id so far (0 for none): the patients inserted next have higher ones."""
    return int(PatientRow.select(fn.MAX(PatientRow.id)).scalar() or 0)


def unfrozen_finalized_plans(first_patient_id: int) -> list[int]:
    """The finalized plans without a frozen print of the patients from `first_patient_id` on, oldest first."""
    query: Any = (
        Plan.select(Plan.id)
        .where((Plan.patient >= first_patient_id) & (Plan.status == "finalized") & Plan.snapshot.is_null())
        .order_by(Plan.id)
    )
    return [int(plan_id) for (plan_id,) in query.tuples()]


def insert_cases(cases: Iterable[Case], batch_size: int = 500) -> int:
    """Insert patients with their surgeries and consults; returns how many patients were added."""
    total = 0
    batch: list[Case] = []
    for case in cases:
        batch.append(case)
        if len(batch) >= batch_size:
            total += _insert_batch(batch)
            batch = []
    if batch:
        total += _insert_batch(batch)
    return total


def _insert_batch(batch: list[Case]) -> int:
    now = utcnow()
    with database.atomic():
        ids: list[int] = []
        for patient, _, _ in batch:
            # One row at a time keeps the new id portable (RETURNING on PostgreSQL, lastrowid on SQLite);
            # inside one transaction this is still fast.
            ids.append(
                PatientRow.insert(**patient_values(patient), created_at=now, updated_at=now, row_version=1).execute()
            )
        parts: list[dict[str, Any]] = []
        surgeries: list[dict[str, Any]] = []
        for patient_id, (patient, patient_surgeries, _) in zip(ids, batch, strict=True):
            parts.extend(
                {"patient": patient_id, "part": p} for p in secondary_words(patient.family_name, patient.given_names)
            )
            surgeries.extend(
                {**surgery_values(s), "patient": patient_id, "created_at": now, "updated_at": now, "row_version": 1}
                for s in patient_surgeries
            )
        for model, rows in ((PatientNamePart, parts), (SurgeryRow, surgeries)):
            _insert_many(model, rows)
        # Consult documents name surgeries by position in the case; rows went in in that order.
        surgery_ids: dict[int, list[int]] = {}
        query = SurgeryRow.select(SurgeryRow.id, SurgeryRow.patient).where(SurgeryRow.patient.in_(ids))
        found: Any = query.order_by(SurgeryRow.patient, SurgeryRow.id).tuples()
        for found_id, found_patient in found:
            surgery_ids.setdefault(int(found_patient), []).append(int(found_id))
        consults = [
            _consult_row(patient_id, c, surgery_ids.get(patient_id, []), now)
            for patient_id, (_, _, patient_consults) in zip(ids, batch, strict=True)
            for c in patient_consults
        ]
        _insert_many(Consult, consults)
        _insert_plans(ids, batch, now)
    return len(batch)


def _insert_plans(patient_ids: list[int], batch: list[Case], now: Any) -> None:
    """The consults' plans; consults of a patient went in in order, so their ids come back in that order."""
    if not any(c.plan for _, _, consults in batch for c in consults):
        return
    consult_ids: dict[int, list[int]] = {}
    query: Any = Consult.select(Consult.id, Consult.patient).where(Consult.patient.in_(patient_ids))
    for found_id, found_patient in query.order_by(Consult.patient, Consult.id).tuples():
        consult_ids.setdefault(int(found_patient), []).append(int(found_id))
    rows = []
    printed: dict[int, dt.datetime] = {}  # consult id -> when its plan was printed
    for patient_id, (_, _, patient_consults) in zip(patient_ids, batch, strict=True):
        for consult_id, consult in zip(consult_ids.get(patient_id, []), patient_consults, strict=True):
            if consult.plan and consult.plan_printed is not None:
                printed[consult_id] = consult.plan_printed
            if consult.plan:
                rows.append(
                    {
                        "patient": patient_id,
                        "consult": consult_id,
                        "version": 1,
                        "status": consult.plan.get("status", "draft"),
                        "document": consult.plan,
                        "document_version": 1,
                        "finalized_at": _when(consult.plan.get("finalized_at")),
                        "finalized_by": consult.plan.get("finalized_by") or "",
                        "created_at": now,
                        "updated_at": now,
                        "row_version": 1,
                    }
                )
    _insert_many(Plan, rows)
    if printed:
        plans: Any = Plan.select(Plan.id, Plan.consult).where(Plan.consult.in_(list(printed))).tuples()
        events = [
            {"plan": plan_id, "printed_at": printed[consult_id], "kind": "plan", "detail": "", "copies": 1}
            for plan_id, consult_id in plans
        ]
        _insert_many(PrintEvent, events)


def _when(text: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


def _insert_many(model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), 500):
        model.insert_many(rows[start : start + 500]).execute()


def _consult_row(patient_id: int, consult: NewConsult, surgery_ids: list[int], now: Any) -> dict[str, Any]:
    document = map_surgery_refs(consult.document, lambda position: surgery_ids[position])
    return {
        "patient": patient_id,
        "clinician": consult.clinician_id,
        "consult_date": consult.consult_date,
        "status": consult.status.value,
        "reason": consult.reason,
        "document": document,
        "document_version": int(document.get("document_version", 1)),
        "index_surgery": (document.get("history") or {}).get("index_surgery_id"),
        "back_nrs": consult.back_nrs,
        "leg_nrs": consult.leg_nrs,
        "odi_percent": consult.odi_percent,
        "region": consult.region,
        "neck_nrs": consult.neck_nrs,
        "arm_nrs": consult.arm_nrs,
        "ndi_percent": consult.ndi_percent,
        "signed_at": now if consult.status is ConsultStatus.SIGNED else None,
        "created_at": now,
        "updated_at": now,
        "row_version": 1,
    }


def finalized_plans_from(first_patient_id: int) -> list[tuple[int, dt.date, int, Any]]:
    """(patient id, consult day, plan id, document) of the finalized plans of the patients from
    `first_patient_id` on, each patient's oldest first (the demo's procedure records are made from them)."""
    from fbss_desktop.storage.models import Consult, as_date

    query: Any = (
        Plan.select(Plan.patient, Consult.consult_date, Plan.id, Plan.document)
        .join(Consult)
        .where((Plan.patient >= first_patient_id) & (Plan.status == "finalized"))
        .order_by(Plan.patient, Consult.consult_date, Plan.id)
    )
    return [(int(p), as_date(day), int(i), doc) for p, day, i, doc in query.tuples()]


def insert_procedures(rows: list[dict[str, Any]]) -> None:
    """Procedure records made in bulk (the demo's), columns as storage.procedures writes them."""
    from fbss_desktop.storage.models import Procedure

    _insert_many(Procedure, rows)


def consult_documents_from(first_patient_id: int) -> dict[tuple[int, dt.date], Any]:
    """The consult documents of the patients from `first_patient_id` on, by (patient id, consult day)."""
    from fbss_desktop.storage.models import Consult, as_date

    query: Any = Consult.select(Consult.patient, Consult.consult_date, Consult.document).where(
        Consult.patient >= first_patient_id
    )
    return {(int(p), as_date(day)): doc for p, day, doc in query.tuples()}
