"""The consult's own sections of the clinician summary, in words: history, examination, studies,
questionnaires and assessment.

Every field is labelled as the consult schema declares it (`consult_schema.py`, `list_schema.py`) and every
code is written as the vocabulary names it, so a field added to the schema reaches the summary without an
edit here; an empty field is left out. Long free text (a note, a report) is kept apart from the short lines,
for the PDF to set as paragraphs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.consult_record import ConsultRecord, Examination, History, Study
from fbss_desktop.core.consult_schema import ASSESSMENT, EXAM, HISTORY, spec
from fbss_desktop.core.fields import KINDS, FieldSpec
from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.core.vocabulary import Vocabulary

Line = tuple[str, str]
SIDE_WORDS = {"left": "left", "right": "right"}
# fields written by hand below (lists of records), or shown through what they add up to
_BY_HAND = frozenset(
    {"index_surgery_id", "medications", "no_known_allergies", "allergies", "prior_procedures", "total_mme_per_day"}
)
_SUMMED = frozenset({"sij_tests", "sij_positive", "sij_cluster_positive", "waddell", "waddell_positive"})


@dataclass(frozen=True)
class SummarySection:
    heading: str
    lines: tuple[Line, ...]
    notes: tuple[Line, ...] = ()  # long free text, a label and its text, set as paragraphs under the lines


def number(value: float | int, unit: str = "") -> str:
    """2 -> "2", 7.5 -> "7.5", with a unit after it ("%" and "°" close up)."""
    text = f"{value:g}"
    return f"{text}{unit}" if unit in ("%", "°") else f"{text} {unit}".strip()


def _kind(field: FieldSpec) -> str:
    """The kind a value is written by; a custom field with a plain shape is written as that shape."""
    if field.kind != "custom":
        return field.kind
    if field.choices:
        return "choice"
    return "integer" if field.json == KINDS["integer"] else ""


def _sided(values: Mapping[str, Any], word: Any) -> str:
    text = ", ".join(f"{SIDE_WORDS[side]} {word(values[side])}" for side in SIDE_WORDS if side in values)
    return text[:1].upper() + text[1:]


def value_text(field: FieldSpec, value: Any, vocabulary: Vocabulary) -> str:
    """A recorded value in words ("" when nothing was recorded)."""
    kind = _kind(field)
    labels = vocabulary[field.choices] if field.choices else None
    if value is None or value == "" or value == () or value == {}:
        return ""
    if kind in ("integer", "number"):
        return number(value, field.unit)
    if kind in ("yes_no", "check"):
        return "Yes" if value else "No"
    if kind == "choice" and labels is not None:
        return labels.label(str(value))
    if kind == "codes" and labels is not None:
        return "; ".join(labels.label(code) for code in value)
    if kind == "answers" and labels is not None:
        chosen = [labels.label(code) for code, on in value.items() if on]
        return "; ".join(chosen) or ("Not present" if any(on is False for on in value.values()) else "")
    if kind == "sided_yes_no":
        return _sided(value, lambda on: "positive" if on else "negative")
    if kind == "sided_integer":
        return _sided(value, lambda v: number(v, field.unit))
    if kind in ("per_code_integer", "per_code_choice") and labels is not None:
        grades = vocabulary[field.values] if field.values else None
        word = (lambda v: grades.label(str(v))) if grades else (lambda v: f"{v}/5")
        return "; ".join(
            f"{labels.label(code)}: {_sided(sides, word).lower()}" for code, sides in value.items() if sides
        )
    return str(value)


def _declared(
    section: Sequence[FieldSpec], values: Any, vocabulary: Vocabulary, skip: frozenset[str] = frozenset()
) -> tuple[list[Line], list[Line]]:
    """The short lines and the long texts of a record's declared fields, in the schema's order."""
    lines: list[Line] = []
    notes: list[Line] = []
    for field in section:
        if field.key in skip or field.kind == "computed" or not hasattr(values, field.key):
            continue
        text = value_text(field, getattr(values, field.key), vocabulary)
        if text and field.kind == "text" and field.limit > 200:
            notes.append((field.label, text))
        elif text:
            lines.append((field.label, text))
    return lines, notes


def _medicines(history: History) -> list[Line]:
    def words(m: Any) -> str:
        parts = [m.name]
        if m.dose is not None:
            parts.append(number(m.dose, m.unit))
        if m.per_day is not None:
            parts.append(f"{m.per_day:g} times a day")
        if m.as_needed:
            parts.append("as needed")
        if m.mme_per_day is not None:
            parts.append(f"{m.mme_per_day:g} mg morphine equivalents a day")
        return ", ".join(parts) + (f" ({m.note})" if m.note else "")

    lines: list[Line] = [(spec("history.medications").label, "; ".join(words(m) for m in history.medications))]
    if history.total_mme_per_day is not None:
        lines.append((spec("history.total_mme_per_day").caption, f"{history.total_mme_per_day:g} in all"))
    return lines if history.medications else []


def _allergies(history: History, v: Vocabulary) -> Line:
    label = spec("history.allergies").label
    if not history.allergies:
        return (label, "No known allergies" if history.no_known_allergies else "Not recorded")
    words = [
        f"{v['allergen'].label(a.substance)}: {v['reaction_kind'].label(a.kind).lower()}"
        + (f", {a.reaction}" if a.reaction else "")
        for a in history.allergies
    ]
    return (label, "; ".join(words))


def _procedures(history: History, v: Vocabulary) -> list[Line]:
    lines = []
    for p in history.prior_procedures:
        where = [v["region"].label(p.region) if p.region else "", ", ".join(p.levels)]
        where.append(v["side"].label(p.side).lower() if p.side else "")
        relief = f"{p.relief_percent}% relief" if p.relief_percent is not None else ""
        if relief and p.relief_weeks is not None:
            relief += f" for {p.relief_weeks} weeks"
        steroid = f"steroid {p.steroid_mpe_mg:g} mg methylprednisolone-equivalent" if p.steroid_mpe_mg else ""
        parts = [", ".join(w for w in where if w), relief, steroid, p.note]
        lines.append((f"{v['prior_procedure'].label(p.procedure)}, {p.performed}", "; ".join(w for w in parts if w)))
    return lines


def _surgery(surgery: Surgery, catalogue: SurgeryCatalogue) -> str:
    words = f"{catalogue.procedure_label(surgery.procedure)} {', '.join(surgery.levels)}".strip()
    return f"{words}, {surgery.performed}" + (" (fusion)" if surgery.fusion else "")


def history_section(
    record: ConsultRecord, surgeries: Sequence[Surgery], catalogue: SurgeryCatalogue, v: Vocabulary
) -> SummarySection:
    h = record.history
    lines: list[Line] = [(spec("document.reason").label, record.reason)] if record.reason else []
    index = next((s for s in surgeries if s.id is not None and s.id == h.index_surgery_id), None)
    if index is not None:
        lines.append((spec("history.index_surgery_id").label, _surgery(index, catalogue)))
    declared, notes = _declared(HISTORY, h, v, _BY_HAND)
    lines += declared + _medicines(h) + [_allergies(h, v)] + _procedures(h, v)
    return SummarySection("History", tuple(lines), tuple(notes))


def exam_section(exam: Examination, v: Vocabulary) -> SummarySection:
    lines, notes = _declared(EXAM, exam, v, _SUMMED)
    if exam.sij_cluster is not None:
        lines.append((spec("exam.sij_tests").label, exam.sij_cluster.details()))
    if exam.waddell:
        positive = "; ".join(v["waddell"].label(c) for c, on in exam.waddell.items() if on)
        words = f"{exam.waddell_positive} of {len(v['waddell'].current)}" + (f": {positive}" if positive else "")
        lines.append((spec("exam.waddell").label, words))
    weak = ", ".join(f"{v['myotome'].label(m)} {s} {exam.motor[m][s]}/5" for m, s in exam.weak_myotomes())
    if exam.motor:
        lines.insert(0, ("Weakness (MRC under 5)", weak or "No weakness"))
    return SummarySection("Examination", tuple(lines) or (("", "Not recorded"),), tuple(notes))


def _study(study: Study, surgeries: Sequence[Surgery], catalogue: SurgeryCatalogue, v: Vocabulary) -> Line:
    parts = []
    if study.levels:
        parts.append(f"{spec('study.levels').label}: {', '.join(study.levels)}")
    if study.findings:
        found = "; ".join(f"{f.level} {v['finding'].label(f.finding)}".strip() for f in study.findings)
        parts.append(f"{spec('study.findings').label}: {found}")
    if study.labs:
        values = "; ".join(f"{v['lab_test'].label(lab.test)} {number(lab.value, lab.unit)}" for lab in study.labs)
        parts.append(f"{spec('study.labs').label}: {values}")
    follows = next((s for s in surgeries if s.id is not None and s.id == study.follows_surgery_id), None)
    if follows is not None:
        parts.append(f"{spec('study.follows_surgery_id').label}: {_surgery(follows, catalogue)}")
    if not parts:
        parts.append("Report only" if study.report else "No finding recorded")
    return (f"{v['study_type'].label(study.kind)}, {study.performed}", ". ".join(parts))


def studies_section(
    record: ConsultRecord, surgeries: Sequence[Surgery], catalogue: SurgeryCatalogue, v: Vocabulary
) -> SummarySection:
    lines = tuple(_study(s, surgeries, catalogue, v) for s in record.studies)
    notes = tuple(
        (f"{spec('study.report').label}, {v['study_type'].label(s.kind)} of {s.performed}", s.report)
        for s in record.studies
        if s.report
    )
    return SummarySection("Imaging and tests", lines or (("", "Not recorded"),), notes)


def questionnaires_section(record: ConsultRecord, instruments: Mapping[str, Instrument]) -> SummarySection:
    lines = []
    for code, scored in record.questionnaires.items():
        instrument = instruments.get(code)
        name = f"{instrument.name}: {instrument.title}" if instrument else code.upper()
        score = scored.score
        if score.total is None:
            asked = (
                [a for item, a in zip(instrument.items, scored.response.answers, strict=False) if not item.derived]
                if instrument is not None
                else list(scored.response.answers)
            )
            if any(a is not None for a in asked):
                lines.append((name, f"Not scored: {score.problem}" if score.problem else "Not scored"))
            continue  # only the items that fill themselves in (the ORT's age band): the questionnaire was not given
        unit = "%" if instrument is not None and instrument.method == "percent_of_answered" else ""
        words = f"{number(round(score.total, 1), unit)}, {score.band.lower()}" if score.band else number(score.total)
        if score.of and score.answered < score.of:
            words += f" ({score.answered} of {score.of} items answered)"
        words += "".join(f". {alert.message}" for alert in score.alerts)
        lines.append((name, words))
    return SummarySection("Questionnaires", tuple(lines) or (("", "Not recorded"),))


def assessment_section(record: ConsultRecord, v: Vocabulary) -> SummarySection:
    a = record.assessment
    lines, notes = _declared(ASSESSMENT, a, v, frozenset({"icd10"}))
    if a.icd10:
        lines.append((spec("assessment.icd10").label, "; ".join(f"{c} {v['icd10'].label(c)}" for c in a.icd10)))
    return SummarySection("Assessment", tuple(lines) or (("", "Not recorded"),), tuple(notes))
