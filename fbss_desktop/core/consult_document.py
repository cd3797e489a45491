"""The consult document (a JSON-shaped dict) <-> the typed ConsultRecord, with validation at every field.

The document is what the editor produces, what autosave keeps, what the database stores and what a case
file carries. `parse_consult` checks every value and raises one ValidationError whose keys are document
paths ("history.back_nrs_now", "studies[1].performed", "exam.motor.L4.left"), so the editor can show each
message at its field. `dump_consult` writes the normalized document back, with computed totals included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fbss_desktop.core import consult_schema as schema
from fbss_desktop.core import fields
from fbss_desktop.core import list_schema as rows
from fbss_desktop.core.consult_reader import ConsultContext as ConsultContext  # re-exported: callers import it here
from fbss_desktop.core.consult_reader import ConsultReader
from fbss_desktop.core.consult_record import (
    Allergy,
    Assessment,
    ConsultRecord,
    Examination,
    Finding,
    History,
    LabValue,
    PriorProcedure,
    ScoredResponse,
    Study,
)
from fbss_desktop.core.consult_schema import read_fields
from fbss_desktop.core.consults import ConsultStatus
from fbss_desktop.core.dates import parse_date
from fbss_desktop.core.document_reader import tracked
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.fields import FieldSpec, by_key, computed_keys, read_field
from fbss_desktop.core.medications import PATCH_UNIT, Medication, MedicationList
from fbss_desktop.core.questionnaires import Response, ResponseError, score
from fbss_desktop.core.sacroiliac import sij_cluster
from fbss_desktop.core.spine import normalize_segment
from fbss_desktop.core.text import sentence
from fbss_desktop.core.vocabulary import ChoiceList

DOCUMENT_VERSION = schema.DOCUMENT_VERSION
NOTE_MAX = fields.NOTE_MAX
SHORT_MAX = fields.SHORT_MAX
UNITS = rows.UNITS
_MEDICATION = by_key(rows.MEDICATION)
_STUDY = by_key(rows.STUDY)
_FINDING = by_key(rows.FINDING)
_LAB = by_key(rows.LAB)


def parse_consult(document: Mapping[str, Any], *, patient_id: int, context: ConsultContext) -> ConsultRecord:
    """Validate a consult document; raise ValidationError keyed by document path, or return the record."""
    record, errors = read_consult(document, patient_id=patient_id, context=context)
    if errors:
        raise ValidationError(errors)
    return record


def read_consult(
    document: Mapping[str, Any], *, patient_id: int, context: ConsultContext
) -> tuple[ConsultRecord, dict[str, str]]:
    """The consult as far as it can be read, and the problems found.

    A value that is wrong is left out of the record (as if not recorded), so live decision support can run
    on a consult still being typed; saving uses `parse_consult`, which refuses any problem.
    """
    reader = ConsultReader(context)
    document = tracked(document)
    reader.computed(document, "plan")  # the editor's document carries its plan, which plan_document reads
    reader.written_with(document, "written_with")
    version = document.get("document_version", DOCUMENT_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > DOCUMENT_VERSION:
        reader.fail("document_version", "This consult was written by a newer FBSS Desktop; update to open it.")
    consult_date = _consult_date(reader, document)
    history = _history(reader, reader.section(document, "history", "history"), consult_date)
    exam = _exam(reader, reader.section(document, "exam", "exam"))
    studies = tuple(
        study
        for i, raw in enumerate(reader.items(document, "studies", "studies"))
        if (study := _study(reader, raw, f"studies[{i}]")) is not None
    )
    questionnaires = _questionnaires(reader, reader.section(document, "questionnaires", "questionnaires"))
    assessment = _assessment(reader, reader.section(document, "assessment", "assessment"))
    status_text = document.get("status") or "draft"
    if status_text not in ("draft", "signed"):
        reader.fail("status", "A consult is a draft or signed.")
        status_text = "draft"
    status = ConsultStatus(status_text)
    carried = document.get("carried_forward_from")
    confirmed = bool(document.get("carry_forward_confirmed"))
    if status is ConsultStatus.SIGNED and carried is not None and not confirmed:
        reader.fail(
            "carry_forward_confirmed", "Confirm the history carried forward from the last consult before signing."
        )
    reason = read_field(reader, document, schema.spec("document.reason"), context.vocabulary, "reason")
    record = ConsultRecord(
        patient_id=patient_id,
        consult_date=consult_date or context.today,
        clinician_id=document.get("clinician_id"),
        reason=reason,
        status=status,
        history=history,
        exam=exam,
        studies=studies,
        questionnaires=questionnaires,
        assessment=assessment,
        carried_forward_from=carried if isinstance(carried, int) else None,
        carry_forward_confirmed=confirmed,
    )
    reader.refuse_unread(document)
    return record, reader.errors


def _consult_date(reader: ConsultReader, document: Mapping[str, Any]) -> dt.date | None:
    text = document.get("consult_date") or ""
    try:
        day = parse_date(str(text), reader.context.slash_order)
    except ValueError as exc:
        reader.fail("consult_date", sentence(str(exc)))
        return None
    if day > reader.context.today:
        reader.fail("consult_date", "The consult date is in the future.")
    elif day < reader.context.date_of_birth:
        reader.fail("consult_date", "The consult date is before the patient's date of birth.")
    return day


def _history(reader: ConsultReader, data: Mapping[str, Any], consult_date: dt.date | None) -> History:
    v = reader.context.vocabulary
    p = "history."
    index = reader.surgery(data, "index_surgery_id", p + "index_surgery_id")
    if index is not None and consult_date is not None and reader.context.surgeries[index].earliest > consult_date:
        reader.fail(p + "index_surgery_id", "The index surgery is after the consult date.")
    operations = _declared_number(reader, data, schema.spec("history.spine_operations"))
    recorded = len(reader.context.surgeries)
    if operations is not None and operations < recorded:
        reader.fail(p + "spine_operations", f"The patient's history already lists {recorded} spine operations.")
    course = reader.choice(data, "course", p + "course", v["course"], "course")
    weeks = _declared_number(reader, data, schema.spec("history.recurrence_weeks"))
    if weeks is not None and course != "improved_then_recurred":
        reader.fail(p + "recurrence_weeks", "Weeks until the pain came back apply only when it improved first.")
    medications = tuple(
        med
        for i, raw in enumerate(reader.items(data, "medications", p + "medications"))
        if (med := _medication(reader, raw, f"{p}medications[{i}]")) is not None
    )
    allergies = tuple(
        allergy
        for i, raw in enumerate(reader.items(data, "allergies", p + "allergies"))
        if (allergy := _allergy(reader, raw, f"{p}allergies[{i}]")) is not None
    )
    no_known = bool(data.get("no_known_allergies"))
    if no_known and allergies:
        reader.fail(p + "no_known_allergies", "Allergies are listed, so 'no known allergies' cannot be ticked.")
    procedures = tuple(
        proc
        for i, raw in enumerate(reader.items(data, "prior_procedures", p + "prior_procedures"))
        if (proc := _prior_procedure(reader, raw, f"{p}prior_procedures[{i}]")) is not None
    )
    return History(
        index_surgery_id=index,
        spine_operations=operations,
        course=course,
        recurrence_weeks=weeks,
        medications=medications,
        no_known_allergies=no_known,
        allergies=allergies,
        prior_procedures=procedures,
        **read_fields(reader, data, v, schema.HISTORY),
    )


def _declared_number(reader: ConsultReader, data: Mapping[str, Any], s: FieldSpec) -> Any:
    """A number declared "custom" in consult_schema (read here for its cross-checks), with its declared range."""
    assert s.low is not None and s.high is not None, s.path
    return reader.number(data, s.key, s.path, s.low, s.high, s.what or s.label, integer=True)


def _field(reader: ConsultReader, raw: Mapping[str, Any], path: str, s: FieldSpec) -> Any:
    """A declared field of the list row at `path`."""
    return read_field(reader, raw, s, reader.context.vocabulary, f"{path}.{s.key}")


def _medication(reader: ConsultReader, raw: Any, path: str) -> Medication | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a medication here.")
        return None
    reader.computed(raw, *computed_keys(rows.MEDICATION))
    drugs: MedicationList = reader.context.medications
    f = _MEDICATION
    name = _field(reader, raw, path, f["name"])
    drug_code = str(raw.get("drug") or "")
    drug = drugs.drug(drug_code) if drug_code else drugs.find(name)
    if drug_code and drug is None:
        reader.fail(path + ".name", f"'{drug_code}' is not in the medication list.")
    classes = _field(reader, raw, path, f["classes"])
    if drug is not None:
        classes = tuple(dict.fromkeys(drug.classes + classes))
    unit = str(raw.get("unit") or (drug.unit if drug else "mg"))
    if unit not in UNITS:
        reader.fail(path + ".unit", f"Use one of these units: {', '.join(UNITS)}.")
    dose = _field(reader, raw, path, f["dose"])
    per_day = _field(reader, raw, path, f["per_day"])
    if unit == PATCH_UNIT and per_day is not None:
        reader.fail(path + ".per_day", f"A patch's dose is per hour ({PATCH_UNIT}); leave 'Times a day' empty.")
        per_day = None
    medication = Medication(
        name=name,
        drug=drug.code if drug else "",
        classes=classes,
        dose=dose,
        unit=unit,
        per_day=per_day,
        as_needed=_field(reader, raw, path, f["as_needed"]),
        note=_field(reader, raw, path, f["note"]),
    )
    mme = drugs.mme_per_day(medication, reader.context.mme_table)
    return Medication(**{**medication.__dict__, "mme_per_day": mme})


def _allergy(reader: ConsultReader, raw: Any, path: str) -> Allergy | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected an allergy here.")
        return None
    values = read_fields(reader, raw, reader.context.vocabulary, rows.ALLERGY, path)
    if not values["substance"]:
        return None
    return Allergy(values["substance"], values["kind"] or "allergy", values["reaction"])


def _prior_procedure(reader: ConsultReader, raw: Any, path: str) -> PriorProcedure | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a procedure here.")
        return None
    values = read_fields(reader, raw, reader.context.vocabulary, rows.PRIOR_PROCEDURE, path)
    if not values["procedure"] or values["performed"] is None:
        return None
    return PriorProcedure(**values)


def _exam(reader: ConsultReader, data: Mapping[str, Any]) -> Examination:
    """Every field as declared in consult_schema.EXAM; the sacroiliac cluster computed from the tests (a retired
    code, "gaenslen", one answer for both sides, is still known, so stored consults read as written)."""
    values = read_fields(reader, data, reader.context.vocabulary, schema.EXAM)
    return Examination(**values, sij_cluster=sij_cluster(values["sij_tests"], reader.context.vocabulary["sij_test"]))


def _study(reader: ConsultReader, raw: Any, path: str) -> Study | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a study here.")
        return None
    v = reader.context.vocabulary
    kind = _field(reader, raw, path, _STUDY["kind"])
    performed = _field(reader, raw, path, _STUDY["performed"])
    follows = _field(reader, raw, path, _STUDY["follows_surgery_id"])
    if performed is not None and follows is not None:
        surgery = reader.context.surgeries[follows]
        if performed.latest < surgery.earliest:
            reader.fail(path + ".performed", f"The study date is before the surgery it follows ({surgery}).")
    levels = _field(reader, raw, path, _STUDY["levels"])
    findings = []
    for j, item in enumerate(reader.items(raw, "findings", path + ".findings")):
        where = f"{path}.findings[{j}]"
        if not isinstance(item, Mapping):
            reader.fail(where, "Expected a finding here.")
            continue
        finding = read_field(reader, item, _FINDING["finding"], v, where)  # a wrong one is named at the row
        level = str(item.get("level") or "")
        if level:
            try:
                level = normalize_segment(level)
            except ValueError as exc:
                reader.fail(where, sentence(str(exc)))
                continue
            if level not in levels:
                reader.fail(where, f"{level} is not one of this study's levels; add the level first.")
        if finding:
            findings.append(Finding(level, finding))
    labs = []
    for j, item in enumerate(reader.items(raw, "labs", path + ".labs")):
        where = f"{path}.labs[{j}]"
        lab = _lab(reader, item, where, v["lab_test"])
        if lab is not None:
            labs.append(lab)
    report = _field(reader, raw, path, _STUDY["report"])
    if not (kind and performed):
        return None
    return Study(kind, performed, follows, levels, tuple(dict.fromkeys(findings)), tuple(labs), report)


def _lab(reader: ConsultReader, item: Any, where: str, tests: ChoiceList) -> LabValue | None:
    if not isinstance(item, Mapping):
        reader.fail(where, "Expected a lab value here.")
        return None
    test = read_field(reader, item, _LAB["test"], {_LAB["test"].choices: tests}, where + ".test")
    if not test:
        return None
    definition = tests.get(test)
    assert definition is not None
    unit = str(item.get("unit") or definition.extra.get("unit", ""))
    if unit != definition.extra.get("unit", ""):
        reader.fail(where + ".unit", f"{definition.label} is recorded in {definition.extra.get('unit')}.")
    value = reader.number(
        item, "value", where + ".value", definition.extra["min"], definition.extra["max"], definition.label
    )
    if value is None:
        if item.get("value") in (None, ""):
            reader.fail(where + ".value", f"Enter the {definition.label} value.")
        return None
    return LabValue(test, value, unit)


def _questionnaires(reader: ConsultReader, data: Mapping[str, Any]) -> dict[str, ScoredResponse]:
    result = {}
    for code, raw in data.items():
        path = f"questionnaires.{code}"
        instrument = reader.context.instruments.get(code)
        if instrument is None:
            reader.fail(path, f"'{code}' is not a known questionnaire.")
            continue
        if not isinstance(raw, Mapping):
            reader.fail(path, "Expected a questionnaire response here.")
            continue
        reader.computed(raw, *computed_keys(rows.RESPONSE))
        answers = raw.get("answers") or []
        if not isinstance(answers, list) or not all(a is None or isinstance(a, int) for a in answers):
            reader.fail(path, "Answers must be a list of option values.")
            continue
        scored_as = raw.get("scored_as")
        if instrument.sex_specific and scored_as is None and reader.context.sex in ("F", "M"):
            scored_as = reader.context.sex
        response = Response(code, str(raw.get("version") or instrument.version), tuple(answers), scored_as)
        if response.answered == 0:
            continue
        try:
            result[code] = ScoredResponse(response, score(instrument, response))
        except ResponseError as exc:
            reader.fail(f"{path}.{exc.item}" if exc.item else path, sentence(str(exc)))
    return result


def _assessment(reader: ConsultReader, data: Mapping[str, Any]) -> Assessment:
    return Assessment(**read_fields(reader, data, reader.context.vocabulary, schema.ASSESSMENT))
