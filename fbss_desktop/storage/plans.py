"""Plan repository: the plan of a consult, the patient's plans, and writing a plan with its consult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError, fn

from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.plans import DeskPlan, PlanStatus, PrintRecord, StoredPlan, TreatmentPlan
from fbss_desktop.storage.db import database
from fbss_desktop.storage.models import Consult as ConsultRow
from fbss_desktop.storage.models import Plan as PlanRow
from fbss_desktop.storage.models import PrintEvent, as_date, utcnow

_CHANGED = (
    "This plan was changed on another workstation since you opened it. Your version was kept in the editor "
    "and not saved; reopen the consult to see the other changes."
)


@dataclass(frozen=True)
class PlanWrite:
    """A plan to save with its consult: the parsed plan, its normalized document, and the row it updates."""

    plan: TreatmentPlan
    document: Mapping[str, Any]
    plan_id: int | None = None
    row_version: int = 0
    snapshot: Mapping[str, Any] | None = None  # the printed content, when the plan is being finalized
    prints: Sequence[PrintRecord] = ()  # earlier prints of this version (a case file's import)
    imported_from: str = ""  # the case file it came in by


def stored_plan(row: PlanRow, last_printed: dt.datetime | None = None) -> StoredPlan:
    return StoredPlan(
        id=row.id,
        patient_id=row.patient_id,
        consult_id=row.consult_id,
        version=row.version,
        status=PlanStatus(row.status),
        row_version=row.row_version,
        document={} if row.document is None else row.document,
        finalized_at=row.finalized_at,
        finalized_by=row.finalized_by,
        snapshot=row.snapshot,
        supersedes_id=row.supersedes_id,
        last_printed=last_printed,
        imported_from=row.imported_from or "",
    )


def plan_for_consult(consult_id: int) -> StoredPlan | None:
    """The consult's current plan (its latest version), if it has one."""
    row = (
        PlanRow.select()
        .where(PlanRow.consult == consult_id)
        .order_by(PlanRow.version.desc(), PlanRow.id.desc())
        .first()
    )
    return stored_plan(row) if row else None


def plans_of_patient(patient_id: int) -> list[tuple[Any, StoredPlan]]:
    """Every plan of the patient with its consult's date, oldest first (for the rules' history)."""
    listed = [field for field in PlanRow._meta.sorted_fields if field is not PlanRow.snapshot]
    rows = (
        PlanRow.select(*listed, ConsultRow.id, ConsultRow.consult_date)
        .join(ConsultRow)
        .where(PlanRow.patient == patient_id)
        .order_by(ConsultRow.consult_date, PlanRow.id)
    )
    result = []
    for row in rows:
        consult = row.consult
        assert consult is not None  # joined: every row here has its consult
        result.append((as_date(consult.consult_date), stored_plan(row)))
    return result


def write_plan(patient_id: int, consult_id: int, write: PlanWrite) -> int:
    """Insert or update the plan row; call inside the consult's transaction. Returns the plan's id."""
    plan = write.plan
    now = utcnow()
    values = {
        "patient": patient_id,
        "consult": consult_id,
        "status": plan.status.value,
        "document": write.document,
        "document_version": int(write.document.get("plan_version", 1)),
        "finalized_at": plan.finalized_at,
        "finalized_by": plan.finalized_by,
        "updated_at": now,
    }
    if write.snapshot is not None:
        values["snapshot"] = write.snapshot
    if write.imported_from:
        values["imported_from"] = write.imported_from[:200]
    if write.plan_id is None:
        version = PlanRow.select().where(PlanRow.consult == consult_id).count() + 1
        return int(PlanRow.insert(**values, version=version, created_at=now, row_version=1).execute())
    updated = (
        PlanRow.update(**values, row_version=write.row_version + 1)
        .where((PlanRow.id == write.plan_id) & (PlanRow.row_version == write.row_version))
        .execute()
    )
    if updated != 1:
        raise ConflictError(_CHANGED)
    return write.plan_id


def plans_of_consult(consult_id: int) -> list[StoredPlan]:
    """Every version of the consult's plan, oldest first."""
    rows = PlanRow.select().where(PlanRow.consult == consult_id).order_by(PlanRow.version, PlanRow.id)
    return [stored_plan(row) for row in rows]


def write_versions(patient_id: int, consult_id: int, versions: Sequence[PlanWrite]) -> list[int]:
    """Insert a consult's plan versions in order, each superseding the one before, with their prints (a case
    file's import); their ids, in the same order."""
    ids: list[int] = []
    previous: int | None = None
    for write in versions:
        plan_id = write_plan(patient_id, consult_id, write)
        for p in write.prints:
            PrintEvent.insert(
                plan=plan_id, printed_at=p.printed_at, kind=p.kind, detail=p.detail, copies=p.copies
            ).execute()
        if previous is not None:
            PlanRow.update(supersedes_id=previous).where(PlanRow.id == plan_id).execute()
        previous = plan_id
        ids.append(plan_id)
    return ids


def freeze(plan_id: int, snapshot: Mapping[str, Any]) -> None:
    """Store the print frozen for a finalized plan that came without one (an older case file)."""
    PlanRow.update(snapshot=snapshot).where((PlanRow.id == plan_id) & (PlanRow.snapshot.is_null())).execute()


def new_version(plan_id: int, row_version: int) -> int:
    """A draft copy of a finalized plan as its consult's next version; the old version stays as it was."""
    with database.atomic():
        old = PlanRow.get_or_none(PlanRow.id == plan_id)
        if old is None or old.row_version != row_version:
            raise ConflictError(_CHANGED)
        latest = PlanRow.select().where(PlanRow.consult == old.consult_id).order_by(PlanRow.version.desc()).first()
        if latest is None or latest.id != old.id:
            raise ConflictError("This plan was already revised; open the consult again to see the newest version.")
        document = dict(old.document or {})
        document.update(status="draft", finalized_at=None, finalized_by="")
        now = utcnow()
        try:
            with database.atomic():  # a savepoint: the unique (consult, version) refuses a second revision
                return _insert_revision(old, document, now)
        except IntegrityError:
            raise ConflictError(
                "This plan was revised on another workstation at the same moment; open the consult again to see "
                "the newest version."
            ) from None


def _insert_revision(old: Any, document: dict[str, Any], now: dt.datetime) -> int:
    return int(
        PlanRow.insert(
            patient=old.patient_id,
            consult=old.consult_id,
            version=old.version + 1,
            status="draft",
            document=document,
            document_version=old.document_version,
            finalized_by="",
            supersedes_id=old.id,
            created_at=now,
            updated_at=now,
            row_version=1,
        ).execute()
    )


def plan_versions(patient_id: int) -> list[tuple[dt.date, StoredPlan]]:
    """Every version of every plan of the patient with its consult's date, newest first, with last print.
    Without their frozen prints (`snapshot` is None here): the list does not show them, and they are the
    largest thing a plan holds."""
    prints = PrintEvent.alias()
    last_print = prints.select(fn.MAX(prints.printed_at)).where(prints.plan == PlanRow.id)
    listed = [field for field in PlanRow._meta.sorted_fields if field is not PlanRow.snapshot]
    rows = (
        PlanRow.select(*listed, ConsultRow.id, ConsultRow.consult_date, last_print.alias("last"))
        .join(ConsultRow)
        .where(PlanRow.patient == patient_id)
        .order_by(ConsultRow.consult_date.desc(), PlanRow.version.desc())
    )
    result = []
    for row in rows:
        consult = row.consult
        assert consult is not None
        result.append((as_date(consult.consult_date), stored_plan(row, _datetime(row.last))))
    return result


def get_plan(plan_id: int) -> StoredPlan | None:
    row = PlanRow.get_or_none(PlanRow.id == plan_id)
    return stored_plan(row) if row else None


def prints_of(plan_id: int) -> list[PrintRecord]:
    """Every print of the plan version, oldest first."""
    rows = PrintEvent.select().where(PrintEvent.plan == plan_id).order_by(PrintEvent.printed_at, PrintEvent.id)
    return [PrintRecord(_datetime(r.printed_at) or utcnow(), r.kind, r.detail, r.copies) for r in rows]


def record_print(plan_id: int, kind: str, detail: str = "", copies: int = 1) -> None:
    PrintEvent.insert(plan=plan_id, printed_at=utcnow(), kind=kind, detail=detail, copies=copies).execute()


def _datetime(value: Any) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def desk_plans(
    *,
    day: dt.date | None,
    unprinted: bool,
    patient_id: int | None = None,
    limit: int = 500,
    unprinted_since: dt.date | None = None,
) -> list[DeskPlan]:
    """Finalized plans for the front desk: finalized on `day`, never printed (finalized on or after
    `unprinted_since`, when given), or of one patient; newest first.

    A later version replaces an earlier one only once it is finalized itself, so every row is the newest
    finalized version of its consult's plan.
    """
    from fbss_desktop.core.plans import DeskPlan
    from fbss_desktop.storage.models import Patient as PatientRow

    # Each row's last print, looked up by its plan (the index on print_event.plan): never an aggregate over
    # every print the clinic has made, which a refresh of the list would pay for again and again.
    prints = PrintEvent.alias()
    last_print = prints.select(fn.MAX(prints.printed_at)).where((prints.plan == PlanRow.id) & (prints.kind == "plan"))
    newer = PlanRow.alias()
    query: Any = (
        PlanRow.select(
            PlanRow,
            ConsultRow.id,
            ConsultRow.consult_date,
            PatientRow.id,
            PatientRow.family_name,
            PatientRow.given_names,
            PatientRow.mrn,
            PatientRow.date_of_birth,
            last_print.alias("last"),
        )
        .join(ConsultRow, on=(PlanRow.consult == ConsultRow.id))
        .switch(PlanRow)
        .join(PatientRow, on=(PlanRow.patient == PatientRow.id))
        .where(
            (PlanRow.status == "finalized")
            & ~fn.EXISTS(
                newer.select(newer.id).where(
                    (newer.consult == PlanRow.consult)
                    & (newer.version > PlanRow.version)
                    & (newer.status == "finalized")
                )
            )
        )
    )
    if patient_id is not None:
        query = query.where(PlanRow.patient == patient_id)
    conditions = []
    if day is not None:
        start = dt.datetime.combine(day, dt.time())
        conditions.append((PlanRow.finalized_at >= start) & (PlanRow.finalized_at < start + dt.timedelta(days=1)))
    if unprinted:
        never = ~fn.EXISTS(prints.select(prints.id).where((prints.plan == PlanRow.id) & (prints.kind == "plan")))
        if unprinted_since is not None:
            never = never & (PlanRow.finalized_at >= dt.datetime.combine(unprinted_since, dt.time()))
        conditions.append(never)
    if conditions:
        either = conditions[0]
        for condition in conditions[1:]:
            either = either | condition
        query = query.where(either)
    query = query.order_by(PlanRow.finalized_at.desc(), PlanRow.id.desc()).limit(limit).objects()
    result = []
    for row in query:
        document = row.document or {}
        # A finalized plan as it was handed out: its treatments done or stopped since still were in it (their
        # handouts print from its frozen copy); the front desk reprints them.
        treatments = tuple(i.get("treatment", "") for i in document.get("items", []))
        result.append(
            DeskPlan(
                plan_id=row.id,
                consult_id=row.consult_id,
                patient_id=row.patient_id,
                patient_name=f"{row.family_name}, {row.given_names}",
                mrn=row.mrn,
                date_of_birth=as_date(row.date_of_birth),
                consult_date=as_date(row.consult_date),
                version=row.version,
                finalized_at=_datetime(row.finalized_at),
                finalized_by=row.finalized_by,
                last_printed=_datetime(row.last),
                treatments=treatments,
            )
        )
    return result
