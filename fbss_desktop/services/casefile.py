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
import json
import re
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fbss_desktop import __version__
from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consults import map_surgery_refs
from fbss_desktop.core.errors import DomainError, ValidationError
from fbss_desktop.core.patients import Patient, PatientInput, parse_patient
from fbss_desktop.core.plan_document import dump_plan, read_plan
from fbss_desktop.core.plans import PrintRecord
from fbss_desktop.core.surgeries import SurgeryInput, parse_surgery
from fbss_desktop.paths import resource
from fbss_desktop.services import consulting, planning
from fbss_desktop.storage import casefile as store
from fbss_desktop.storage import patients, plans, surgeries

if TYPE_CHECKING:  # jsonschema loads when a case file is checked, not at start-up; the facade imports this module
    import jsonschema

    from fbss_desktop.services.clinic import Clinic

FORMAT = "fbss-desktop/case"
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)  # version 1 files have no plans; version 2 only the latest version of each


class CaseFileError(DomainError):
    """A case file that cannot be imported: where (file and path in the document) and what was expected."""

    def __init__(self, file: str, path: str, message: str) -> None:
        self.file, self.path, self.message = file, path, message
        where = f" at {path}" if path else ""
        super().__init__(f"{file}{where}: {message}")


@cache
def case_schema() -> dict[str, Any]:
    with resource("schemas", "case.schema.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def _json_path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


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
    for stored, clinician in documents:
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
    }


def _exported_plan(document: Mapping[str, Any]) -> dict[str, Any]:
    """The stored plan as stored (never re-read through today's catalogue, which could drop an item), without
    database ids (acknowledgements keep the clinician's name)."""
    plan = copy.deepcopy(dict(document))
    for ack in plan.get("acknowledgements") or []:
        ack.pop("clinician_id", None)
    return plan


# --- import ----------------------------------------------------------------------------------------------
# Far beyond any real case (an exported case is a few hundred KB and 8 levels deep), and low enough that
# reading a hostile file cannot exhaust memory or the interpreter's stack (json and jsonschema recurse).
MAX_CASE_BYTES = 64 * 1024 * 1024
MAX_CASE_DEPTH = 32
MAX_INT_DIGITS = 15
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL (PostgreSQL refuses it) and lone surrogates


class _NotJson(ValueError):
    """A number Python's json module reads but a case file never holds: NaN, Infinity, or one too large."""


def _refuse_constant(token: str) -> Any:
    raise _NotJson(f"{token} is not a JSON number")


def _small_int(token: str) -> int:
    # Every integer in a case is small; past 2**53 JSON readers disagree, and databases overflow.
    if len(token.lstrip("-")) > MAX_INT_DIGITS:
        raise _NotJson(f"a number of {len(token.lstrip('-'))} digits is too large for a case file")
    return int(token)


def _finite_float(token: str) -> float:
    value = float(token)
    if value in (float("inf"), float("-inf")):
        raise _NotJson("a number is too large for a case file")
    return value


def read_case_file(path: Path) -> dict[str, Any]:
    """Parse the file as JSON, or raise CaseFileError saying where it breaks (truncated files included).

    Only what JSON (RFC 8259) allows is read, and only what a database can store: a file nested deeper than
    any case, a number too large for any field, NaN, or text holding a lone surrogate ("\\ud800") or a NUL
    is refused here, before it reaches the schema check, the rules or the database.
    """
    name = path.name
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CASE_BYTES + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the path
        raise CaseFileError(name, "", f"cannot read the file ({getattr(exc, 'strerror', None) or exc})") from None
    if len(raw) > MAX_CASE_BYTES:
        raise CaseFileError(name, "", f"the file is over {MAX_CASE_BYTES // 2**20} MB, far larger than a case file")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (some Windows editors write one) is allowed
    except UnicodeDecodeError:
        raise CaseFileError(name, "", "the file is not UTF-8 text; expected a JSON case file") from None
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float, parse_int=_small_int)
    except json.JSONDecodeError as exc:
        raise CaseFileError(
            name, "", f"not valid JSON at line {exc.lineno}, column {exc.colno} ({exc.msg}); is it truncated?"
        ) from None
    except _NotJson as exc:
        raise CaseFileError(name, "", f"not valid JSON: {exc}") from None
    except RecursionError:
        raise CaseFileError(name, "", f"nested more than {MAX_CASE_DEPTH} levels deep; not a case file") from None
    except ValueError:  # what else json raises (it reads a number of over 4,300 digits only through `parse_int`)
        raise CaseFileError(name, "", "not valid JSON; expected a case file") from None
    if not isinstance(data, dict):
        raise CaseFileError(name, "", "expected a JSON object with the case")
    _check_values(data, name)
    return data


def _check_values(data: dict[str, Any], name: str) -> None:
    """Refuse nesting deeper than a case and text no database stores; iterative, so depth cannot overflow."""
    pending: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while pending:
        value, where = pending.pop()
        if isinstance(value, str):
            _check_text(value, name, where)
        elif isinstance(value, dict | list):
            if len(where) >= MAX_CASE_DEPTH:
                raise CaseFileError(name, _json_path(where), f"nested more than {MAX_CASE_DEPTH} levels deep")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                if isinstance(key, str):
                    _check_text(key, name, where)
                pending.append((child, (*where, key)))


def _check_text(text: str, name: str, where: tuple[str | int, ...]) -> None:
    if found := _UNSTORABLE.search(text):
        # Said by code point, never by the text around it: it may be a patient's name.
        code = f"U+{ord(found[0]):04X}"
        raise CaseFileError(name, _json_path(where), f"the text holds {code}, which no record can store")


def check_shape(data: Mapping[str, Any], name: str) -> None:
    """Raise CaseFileError for the first place the document departs from the published schema."""
    if data.get("format") != FORMAT:
        raise CaseFileError(name, "format", f'expected "{FORMAT}"; this is not an FBSS Desktop case file')
    if data.get("format_version") not in READABLE_VERSIONS:
        raise CaseFileError(
            name,
            "format_version",
            f"this FBSS Desktop reads case format versions {', '.join(map(str, READABLE_VERSIONS[:-1]))} and "
            f"{READABLE_VERSIONS[-1]}, "
            f"the file has {data.get('format_version')!r}",
        )
    import jsonschema

    validator = jsonschema.Draft202012Validator(case_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if errors:
        first = errors[0]
        raise CaseFileError(name, _json_path(first.absolute_path), _expected(first))


def _expected(error: jsonschema.ValidationError) -> str:
    if error.validator == "additionalProperties":
        return f"unexpected field: {error.message}"
    if error.validator == "required":
        return str(error.message)
    return f"expected {_describe(error.validator, error.validator_value)}; found {json.dumps(error.instance)[:60]}"


def _describe(validator: Any, value: Any) -> str:
    if validator == "type":
        return " or ".join(value) if isinstance(value, list) else str(value)
    if validator == "pattern":
        return f"text matching {value}"
    if validator == "enum":
        return "one of " + ", ".join(json.dumps(v) for v in value)
    if validator == "const":
        return json.dumps(value)
    return f"{validator} {value}"


def import_case(clinic: Clinic, data: Mapping[str, Any], *, name: str = "case file") -> Patient:
    """Validate the whole case, then insert it in one transaction; raises CaseFileError and writes nothing."""
    check_shape(data, name)
    today = clinic.today()
    settings = clinic.settings()
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
                form, catalogue=clinic.surgery_catalogue, date_of_birth=patient.date_of_birth, today=today
            )
        except ValidationError as exc:
            field, message = next(iter(exc.errors.items()))
            raise CaseFileError(name, f"surgeries[{i}].{field}", message) from None
        case_surgeries.append(replace(surgery, id=i))

    context = consulting.context_for(
        patient,
        case_surgeries,
        today=today,
        slash_order=clinic.slash_order(),
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
        case_consults.append(store.CaseConsult(record, normalized, clinician, _imported_plans(item, i, name)))

    patient_id = store.insert_case(patient, case_surgeries, case_consults)
    return replace(patient, id=patient_id, row_version=1)


def _print(raw: Mapping[str, Any], where: str, name: str) -> PrintRecord:
    try:
        when = dt.datetime.fromisoformat(str(raw["printed_at"]))
    except ValueError:
        raise CaseFileError(name, f"{where}.printed_at", "expected a date and time (YYYY-MM-DDTHH:MM:SS)") from None
    return PrintRecord(when.replace(tzinfo=None), raw["kind"], raw.get("detail", ""), int(raw.get("copies", 1)))


def _imported_plans(item: Mapping[str, Any], index: int, name: str) -> tuple[plans.PlanWrite, ...]:
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
        writes.append(plans.PlanWrite(plan, written, snapshot=version.get("snapshot"), prints=prints))
    return tuple(writes)
