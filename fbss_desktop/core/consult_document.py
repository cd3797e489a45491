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
from fbss_desktop.core.medications import PATCH_UNIT, Medication, MedicationList
from fbss_desktop.core.questionnaires import Response, ResponseError, score
from fbss_desktop.core.sacroiliac import sij_cluster
from fbss_desktop.core.spine import normalize_segment
from fbss_desktop.core.text import sentence
from fbss_desktop.core.vocabulary import ChoiceList

DOCUMENT_VERSION = 1
NOTE_MAX = schema.NOTE_MAX
SHORT_MAX = 200
UNITS = ("mg", "mcg", "g", "mL", PATCH_UNIT, "units", "puffs", "drops")


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
    reason = reader.text(document, "reason", "reason", SHORT_MAX, "The reason for the visit")
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
    reader.computed(data, "total_mme_per_day")
    index = reader.surgery(data, "index_surgery_id", p + "index_surgery_id")
    if index is not None and consult_date is not None and reader.context.surgeries[index].earliest > consult_date:
        reader.fail(p + "index_surgery_id", "The index surgery is after the consult date.")
    operations = reader.number(data, "spine_operations", p + "spine_operations", 0, 30, "The count", integer=True)
    recorded = len(reader.context.surgeries)
    if operations is not None and operations < recorded:
        reader.fail(p + "spine_operations", f"The patient's history already lists {recorded} spine operations.")
    course = reader.choice(data, "course", p + "course", v["course"], "course")
    weeks = reader.number(data, "recurrence_weeks", p + "recurrence_weeks", 0, 2600, "Weeks", integer=True)
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


def _medication(reader: ConsultReader, raw: Any, path: str) -> Medication | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a medication here.")
        return None
    reader.computed(raw, "mme_per_day")
    drugs: MedicationList = reader.context.medications
    name = reader.text(raw, "name", path + ".name", 120, "The medicine's name")
    if not name:
        reader.fail(path + ".name", "Name the medicine.")
    drug_code = str(raw.get("drug") or "")
    drug = drugs.drug(drug_code) if drug_code else drugs.find(name)
    if drug_code and drug is None:
        reader.fail(path + ".name", f"'{drug_code}' is not in the medication list.")
    classes = reader.codes(raw, "classes", path + ".classes", reader.context.vocabulary["medication_class"], "class")
    if drug is not None:
        classes = tuple(dict.fromkeys(drug.classes + classes))
    unit = str(raw.get("unit") or (drug.unit if drug else "mg"))
    if unit not in UNITS:
        reader.fail(path + ".unit", f"Use one of these units: {', '.join(UNITS)}.")
    dose = reader.number(raw, "dose", path + ".dose", 0.001, 100000, "The dose")
    per_day = reader.number(raw, "per_day", path + ".per_day", 0.1, 24, "Doses a day")
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
        as_needed=bool(raw.get("as_needed")),
        note=reader.text(raw, "note", path + ".note", SHORT_MAX, "The note"),
    )
    mme = drugs.mme_per_day(medication, reader.context.mme_table)
    return Medication(**{**medication.__dict__, "mme_per_day": mme})


def _allergy(reader: ConsultReader, raw: Any, path: str) -> Allergy | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected an allergy here.")
        return None
    v = reader.context.vocabulary
    substance = reader.required_choice(
        raw, "substance", path + ".substance", v["allergen"], "substance", "Choose what the patient reacts to."
    )
    kind = reader.choice(raw, "kind", path + ".kind", v["reaction_kind"], "kind of reaction") or "allergy"
    reaction = reader.text(raw, "reaction", path + ".reaction", SHORT_MAX, "The reaction")
    return Allergy(substance, kind, reaction) if substance else None


def _prior_procedure(reader: ConsultReader, raw: Any, path: str) -> PriorProcedure | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a procedure here.")
        return None
    v = reader.context.vocabulary
    procedure = reader.required_choice(
        raw, "procedure", path + ".procedure", v["prior_procedure"], "procedure", "Choose the procedure."
    )
    performed = reader.partial_date(raw, "performed", path + ".performed", "procedure date")
    region = reader.choice(raw, "region", path + ".region", v["region"], "region")
    levels = reader.levels(raw, "levels", path + ".levels")
    side = reader.choice(raw, "side", path + ".side", v["side"], "side")
    relief = reader.number(raw, "relief_percent", path + ".relief_percent", 0, 100, "Relief", integer=True)
    weeks = reader.number(raw, "relief_weeks", path + ".relief_weeks", 0, 520, "Weeks", integer=True)
    note = reader.text(raw, "note", path + ".note", SHORT_MAX, "The note")
    steroid = reader.number(raw, "steroid_mpe_mg", path + ".steroid_mpe_mg", 0, 1000, "The steroid dose")
    if not procedure or performed is None:
        return None
    return PriorProcedure(procedure, performed, region, levels, side, relief, weeks, note, steroid)


def _exam(reader: ConsultReader, data: Mapping[str, Any]) -> Examination:
    """Every field as declared in consult_schema.EXAM; the sacroiliac cluster computed from the tests (a retired
    code, "gaenslen", one answer for both sides, is still known, so stored consults read as written)."""
    reader.computed(data, "sij_positive", "sij_cluster_positive", "sij_cluster", "waddell_positive")
    values = read_fields(reader, data, reader.context.vocabulary, schema.EXAM)
    return Examination(**values, sij_cluster=sij_cluster(values["sij_tests"], reader.context.vocabulary["sij_test"]))


def _study(reader: ConsultReader, raw: Any, path: str) -> Study | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a study here.")
        return None
    v = reader.context.vocabulary
    kind = reader.required_choice(
        raw, "kind", path + ".kind", v["study_type"], "kind of study", "Choose the kind of study."
    )
    performed = reader.partial_date(raw, "performed", path + ".performed", "study date")
    follows = reader.surgery(raw, "follows_surgery_id", path + ".follows_surgery_id")
    if performed is not None and follows is not None:
        surgery = reader.context.surgeries[follows]
        if performed.latest < surgery.earliest:
            reader.fail(path + ".performed", f"The study date is before the surgery it follows ({surgery}).")
    levels = reader.levels(raw, "levels", path + ".levels")
    findings = []
    for j, item in enumerate(reader.items(raw, "findings", path + ".findings")):
        where = f"{path}.findings[{j}]"
        if not isinstance(item, Mapping):
            reader.fail(where, "Expected a finding here.")
            continue
        finding = reader.choice(item, "finding", where, v["finding"], "finding")
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
    report = reader.text(raw, "report", path + ".report", NOTE_MAX, "The report")
    if not (kind and performed):
        return None
    return Study(kind, performed, follows, levels, tuple(dict.fromkeys(findings)), tuple(labs), report)


def _lab(reader: ConsultReader, item: Any, where: str, tests: ChoiceList) -> LabValue | None:
    if not isinstance(item, Mapping):
        reader.fail(where, "Expected a lab value here.")
        return None
    test = reader.required_choice(item, "test", where + ".test", tests, "test", "Choose the test.")
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
        reader.computed(raw, "total", "band", "answered", "subscales")
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
