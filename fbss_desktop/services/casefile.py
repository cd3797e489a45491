"""Case files: one patient's record as a versioned JSON document, exported and imported whole.

Import checks the file against resources/schemas/case.schema.json first (shape and types), then validates
every record as the app does on entry (dates, ranges, codes). The first problem is reported with the file,
the path inside the document and what was expected, and nothing is written. A valid case goes into the
database in one transaction. Surgery and consult references inside a case are its own refs ("s1", "c2"),
never database ids, so a case moves between databases. The format is documented in docs/case-format.md.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from fbss_desktop import __version__
from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consults import map_surgery_refs
from fbss_desktop.core.errors import DomainError, ValidationError
from fbss_desktop.core.patients import Patient, PatientInput, parse_patient
from fbss_desktop.core.plan_document import dump_plan, read_plan
from fbss_desktop.core.plans import PlanStatus, PrintRecord
from fbss_desktop.core.procedure_reader import procedure_document, read_procedure
from fbss_desktop.core.surgeries import SurgeryInput, parse_surgery
from fbss_desktop.services import catalogues, consulting, planning

# Reading and checking a file before import live in casefile_reading; re-exported for this module's callers.
from fbss_desktop.services.casefile_reading import FORMAT as FORMAT
from fbss_desktop.services.casefile_reading import FORMAT_VERSION as FORMAT_VERSION
from fbss_desktop.services.casefile_reading import CaseFileError as CaseFileError
from fbss_desktop.services.casefile_reading import case_schema as case_schema
from fbss_desktop.services.casefile_reading import check_shape as check_shape
from fbss_desktop.services.casefile_reading import read_case_file as read_case_file
from fbss_desktop.services.printing import freeze_plan
from fbss_desktop.storage import bulk, patients, plans, surgeries
from fbss_desktop.storage import casefile as store
from fbss_desktop.storage import procedures as procedure_store
from fbss_desktop.storage.db import transaction
from fbss_desktop.storage.procedures import StoredProcedure

if TYPE_CHECKING:  # the facade imports this module; the type is for the checker only
    from fbss_desktop.services.clinic import Clinic


# --- export --------------------------------------------------------------------------------------------
def export_case(clinic: Clinic, mrn: str) -> dict[str, Any]:
    """The case file (a JSON-ready dict) of the patient with this MRN."""
    patient = patients.find_by_mrn(mrn)
    if patient is None:
        raise DomainError(f"No patient has MRN {mrn}.")
    assert patient.id is not None
    history = surgeries.list_surgeries(patient.id)
    surgery_refs = {s.id: f"s{i}" for i, s in enumerate(history, start=1)}
    documents = store.consult_documents(patient.id)
    consult_refs = {stored.id: f"c{i}" for i, (stored, _) in enumerate(documents, start=1)}
    consults = []
    plan_refs: dict[int, dict[str, Any]] = {}  # plan id -> where a procedure record's plan item is in the file
    for stored, clinician in documents:
        for plan in plans.plans_of_consult(stored.id):
            plan_refs[plan.id] = {"consult": consult_refs[stored.id], "version": plan.version}
        document = map_surgery_refs(stored.document, lambda ref: surgery_refs.get(ref))
        document.pop("clinician_id", None)
        carried = document.get("carried_forward_from")
        document["carried_forward_from"] = consult_refs.get(carried) if carried is not None else None
        who = (
            {"full_name": clinician.full_name, "credentials": clinician.credentials, "specialty": clinician.specialty}
            if clinician
            else None
        )
        consults.append(
            {
                "ref": consult_refs[stored.id],
                "clinician": who,
                "document": document,
                "plan_versions": [
                    {
                        "version": plan.version,
                        "document": _exported_plan(plan.document),
                        "snapshot": copy.deepcopy(plan.snapshot) if plan.snapshot is not None else None,
                        "prints": [
                            {
                                "printed_at": p.printed_at.isoformat(timespec="seconds"),
                                "kind": p.kind,
                                "detail": p.detail,
                                "copies": p.copies,
                            }
                            for p in plans.prints_of(plan.id)
                        ],
                    }
                    for plan in plans.plans_of_consult(stored.id)
                ],
            }
        )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": dt.datetime.now().isoformat(timespec="seconds"),
        "exported_by": f"FBSS Desktop {__version__}",
        "patient": {
            "mrn": patient.mrn,
            "family_name": patient.family_name,
            "given_names": patient.given_names,
            "date_of_birth": patient.date_of_birth.isoformat(),
            "sex": patient.sex.value,
            "phone": patient.phone,
            "preferred_language": patient.preferred_language,
        },
        "surgeries": [
            {
                "ref": surgery_refs[s.id],
                "performed": str(s.performed),
                "procedure": s.procedure,
                "levels": list(s.levels),
                "fusion": s.fusion,
                "instrumented": s.instrumented,
                "approach": s.approach,
                "surgeon": s.surgeon,
                "outcome_notes": s.outcome_notes,
            }
            for s in history
        ],
        "consults": consults,
        "procedures": [_exported_procedure(p, plan_refs) for p in procedure_store.procedures_of_patient(patient.id)],
    }


def _exported_procedure(stored: StoredProcedure, plan_refs: Mapping[int, Mapping[str, Any]]) -> dict[str, Any]:
    """A procedure record as stored, its plan item named by consult, version and key instead of ids."""
    document = copy.deepcopy(dict(stored.document))
    plan_id, item = document.pop("plan_id", None), document.pop("plan_item", "")
    where = plan_refs.get(plan_id) if plan_id is not None else None
    return {
        "status": stored.status,
        "signed_by": stored.signed_by,
        "signed_at": stored.signed_at.isoformat(timespec="seconds") if stored.signed_at else None,
        "created_by": stored.created_by,
        "plan": {**where, "item": item} if where is not None and item else None,
        "document": document,
    }


def _imported_procedure(raw: Mapping[str, Any], index: int, name: str) -> tuple[Mapping[str, Any], Any]:
    """A procedure record of the file, read as strictly as one typed here (CaseFileError at its place)."""
    where = f"procedures[{index}].document"
    try:
        procedure = read_procedure(raw["document"], catalogues.procedure_catalogue(), patient_id=0)
    except ValidationError as exc:
        path, message = next(iter(exc.errors.items()))
        raise CaseFileError(name, f"{where}.{path}", message) from None
    return raw, procedure


def _procedure_row(
    imported: tuple[Mapping[str, Any], Any], patient_id: int, placed: Mapping[Any, int]
) -> dict[str, Any]:
    raw, procedure = imported
    link = raw.get("plan") or {}
    plan_id = placed.get((link.get("consult"), link.get("version"))) if link else None
    document = procedure_document(
        replace(procedure, plan_id=plan_id, plan_item=str(link.get("item") or "") if plan_id else "")
    )
    signed_at = dt.datetime.fromisoformat(raw["signed_at"]) if raw.get("signed_at") else None
    return {
        "patient": patient_id,
        "kind": procedure.kind,
        "performed_on": procedure.performed_on,
        "status": raw["status"],
        "plan": plan_id,
        "plan_item": document["plan_item"],
        "document": document,
        "created_by": raw.get("created_by", ""),
        "created_at": signed_at or dt.datetime.now(),
        "signed_at": signed_at,
        "signed_by": raw.get("signed_by", ""),
        "row_version": 1,
    }


def _exported_plan(document: Mapping[str, Any]) -> dict[str, Any]:
    """The stored plan as stored (never re-read through today's catalogue, which could drop an item), without
    database ids (acknowledgements keep the clinician's name)."""
    plan = copy.deepcopy(dict(document))
    for ack in plan.get("acknowledgements") or []:
        ack.pop("clinician_id", None)
    return plan


# --- import ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportedCase:
    """A case file brought in: the new patient, and what the person importing it must know (a plan that
    arrived as a draft, and why)."""

    patient: Patient
    notes: tuple[str, ...] = ()


def import_case(clinic: Clinic, data: Mapping[str, Any], *, name: str = "case file") -> ImportedCase:
    """Validate the whole case, then insert it in one transaction; raises CaseFileError and writes nothing.

    Every plan says which file it came in by. A plan finalized in the file whose blocking findings were never
    acknowledged arrives as a draft, for a clinician here to review, and the notes say so. A finalized plan
    from a file without its frozen print gets one made now, so a reprint is always the same plan."""
    check_shape(data, name)
    source = f"{name}, exported {str(data.get('exported_at', ''))[:10]}".strip(", ")
    today = clinic.today()
    settings = clinic.settings.values()
    raw = data["patient"]
    try:
        patient = parse_patient(
            PatientInput(
                mrn=raw["mrn"],
                family_name=raw["family_name"],
                given_names=raw["given_names"],
                date_of_birth=raw["date_of_birth"],
                sex=raw["sex"],
                phone=raw.get("phone", ""),
                preferred_language=raw.get("preferred_language", ""),
            ),
            today=today,
        )
    except ValidationError as exc:
        field, message = next(iter(exc.errors.items()))
        raise CaseFileError(name, f"patient.{field}", message) from None
    if patients.find_by_mrn(patient.mrn) is not None:
        raise CaseFileError(name, "patient.mrn", f"a patient with MRN {patient.mrn} is already in this database")

    positions = {s["ref"]: i for i, s in enumerate(data["surgeries"])}
    case_surgeries = []
    for i, item in enumerate(data["surgeries"]):
        form = SurgeryInput(
            patient_id=0,
            performed=item["performed"],
            procedure=item["procedure"],
            levels=", ".join(item["levels"]),
            fusion=item["fusion"],
            instrumented=item["instrumented"],
            approach=item["approach"],
            surgeon=item.get("surgeon", ""),
            outcome_notes=item.get("outcome_notes", ""),
        )
        try:
            surgery = parse_surgery(
                form, catalogue=clinic.patients.surgery_catalogue(), date_of_birth=patient.date_of_birth, today=today
            )
        except ValidationError as exc:
            field, message = next(iter(exc.errors.items()))
            raise CaseFileError(name, f"surgeries[{i}].{field}", message) from None
        case_surgeries.append(replace(surgery, id=i))

    context = consulting.context_for(
        patient,
        case_surgeries,
        today=today,
        slash_order=clinic.settings.slash_order(),
        mme_table=settings["medications.mme_table"],
    )
    consult_positions = {c["ref"]: i for i, c in enumerate(data["consults"])}
    case_consults = []
    for i, item in enumerate(data["consults"]):
        where = f"consults[{i}].document"

        def position(ref: Any, where: str = where) -> int:
            if ref not in positions:
                raise CaseFileError(name, where, f"refers to surgery {ref!r}, which is not in this case")
            return positions[ref]

        document = map_surgery_refs(item["document"], position)
        carried = document.get("carried_forward_from")
        if carried is not None and carried not in consult_positions:
            raise CaseFileError(name, f"{where}.carried_forward_from", f"no consult {carried!r} in this case")
        try:
            record, normalized = consulting.parse_and_dump(document, patient_id=0, context=context)
        except ValidationError as exc:
            path, message = next(iter(exc.errors.items()))
            raise CaseFileError(name, f"{where}.{path}", message) from None
        normalized["carried_forward_from"] = consult_positions[carried] if carried is not None else None
        who = item.get("clinician")
        clinician = Clinician(who["full_name"], who.get("credentials", ""), who.get("specialty", "")) if who else None
        case_consults.append(store.CaseConsult(record, normalized, clinician, _imported_plans(item, i, name, source)))

    case_consults, notes = _unacknowledged_as_drafts(patient, case_surgeries, context, settings, case_consults)
    procedures = [_imported_procedure(raw, i, name) for i, raw in enumerate(data.get("procedures") or ())]
    with transaction():
        patient_id, plan_ids = store.insert_case(patient, case_surgeries, case_consults)
        placed = {  # (consult ref, plan version) -> the plan's new id, for the records' plan items
            (item["ref"], version.get("version")): plan_id
            for item, ids in zip(data["consults"], plan_ids, strict=True)
            for version, plan_id in zip(item.get("plan_versions") or (), ids, strict=False)
        }
        bulk.insert_procedures([_procedure_row(p, patient_id, placed) for p in procedures])
        saved = replace(patient, id=patient_id, row_version=1)
        for case, ids in zip(case_consults, plan_ids, strict=True):
            for write, plan_id in zip(case.plan_versions, ids, strict=True):
                if write.plan.status is PlanStatus.FINALIZED and write.snapshot is None:
                    freeze_plan(clinic, plan_id, settings)  # as finalizing here would have
    return ImportedCase(saved, tuple(notes))


def _unacknowledged_as_drafts(
    patient: Patient,
    case_surgeries: list[Any],
    context: Any,
    settings: Mapping[str, Any],
    case_consults: list[store.CaseConsult],
) -> tuple[list[store.CaseConsult], list[str]]:
    """Each finalized plan checked by today's rules against the case's own history: one with a blocking
    finding that has no written acknowledgement arrives as a draft (its frozen print dropped)."""
    latest = [
        planning.OtherConsult(i, case.record, case.plan_versions[-1].plan if case.plan_versions else None)
        for i, case in enumerate(case_consults)
    ]
    notes: list[str] = []
    checked = []
    for i, case in enumerate(case_consults):
        others = tuple(o for o in latest if o.consult_id != i)
        basis = planning.RulesBasis(patient, tuple(case_surgeries), context, dict(settings), others, i)
        versions = []
        for n, write in enumerate(case.plan_versions, start=1):
            waiting = (
                planning.blocks_waiting(basis, case.record, write.plan)
                if write.plan.status is PlanStatus.FINALIZED
                else ()
            )
            if waiting:
                plan = replace(write.plan, status=PlanStatus.DRAFT, finalized_at=None, finalized_by="")
                document = dump_plan(plan, planning.plan_context().written_with)
                write = replace(write, plan=plan, document=document, snapshot=None)
                rules = ", ".join(f"{f.rule} {f.title}" for f in waiting)
                notes.append(
                    f"The plan (version {n}) of the consult of {case.record.consult_date.isoformat()} was finalized "
                    f"in the file, but {len(waiting)} blocking finding{'s were' if len(waiting) > 1 else ' was'} "
                    f"never acknowledged ({rules}). It arrives as a draft: review it, acknowledge or change, "
                    "and finalize it here."
                )
            versions.append(write)
        checked.append(replace(case, plan_versions=tuple(versions)))
    return checked, notes


def _print(raw: Mapping[str, Any], where: str, name: str) -> PrintRecord:
    try:
        when = dt.datetime.fromisoformat(str(raw["printed_at"]))
    except ValueError:
        raise CaseFileError(name, f"{where}.printed_at", "expected a date and time (YYYY-MM-DDTHH:MM:SS)") from None
    return PrintRecord(when.replace(tzinfo=None), raw["kind"], raw.get("detail", ""), int(raw.get("copies", 1)))


def _imported_plans(item: Mapping[str, Any], index: int, name: str, source: str) -> tuple[plans.PlanWrite, ...]:
    """Every version of the consult's plan, oldest first: `plan_versions` (format 3), or the one `plan` of a
    version 2 file. A finalized version keeps the printed content frozen when it was finalized."""
    if "plan_versions" in item:
        versions = [(f"consults[{index}].plan_versions[{n}]", v) for n, v in enumerate(item["plan_versions"])]
    elif item.get("plan") is not None:
        versions = [(f"consults[{index}]", {"document": item["plan"], "snapshot": None})]
    else:
        versions = []
    writes = []
    for where, version in versions:
        document = version["document"]
        finalized = document.get("status") == "finalized"
        plan, problems = read_plan(document, planning.plan_context(), finalizing=finalized)
        if problems:
            path, message = next(iter(problems.items()))
            if "plan_versions" in item:  # the reader's "plan.…" is the version's "document.…" in this file
                path = "document" + path.removeprefix("plan")
            raise CaseFileError(name, f"{where}.{path}", message)
        if version.get("snapshot") is not None and not finalized:
            raise CaseFileError(name, f"{where}.snapshot", "only a finalized plan has a frozen print")
        written = dump_plan(plan, planning.plan_context().written_with)
        prints = tuple(_print(p, f"{where}.prints[{n}]", name) for n, p in enumerate(version.get("prints") or []))
        writes.append(
            plans.PlanWrite(plan, written, snapshot=version.get("snapshot"), prints=prints, imported_from=source)
        )
    return tuple(writes)
