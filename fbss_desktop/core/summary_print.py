"""The clinician summary: the consult note for the chart or the referring surgeon.

Unlike the patient's copy it carries the full examination, the codes, the decision-support findings and the
acknowledgements, each in words: labels from the consult schema, the vocabulary and the catalogues, never a
code's internal key. Built as plain labelled lines by a pure function, so the PDF only lays them out. The
consult's own sections are summary_consult.py's; the plan, its goals and the findings are here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultStatus
from fbss_desktop.core.findings import Finding, Outcome
from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_print import Letterhead
from fbss_desktop.core.plans import GOAL_KINDS, GOAL_MEASURES, PlanItem, PlanStatus, TreatmentPlan
from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.core.summary_consult import (
    Line,
    SummarySection,
    assessment_section,
    exam_section,
    history_section,
    number,
    questionnaires_section,
    studies_section,
)
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.core.treatments import DetailField, TreatmentCatalogue
from fbss_desktop.core.vocabulary import Vocabulary

__all__ = ["Line", "SummaryPrint", "SummarySection", "build_summary"]


@dataclass(frozen=True)
class SummaryPrint:
    letterhead: Letterhead
    title: str
    patient_line: str
    footer_name: str
    date_of_birth: str
    consult_date: str
    sections: tuple[SummarySection, ...]
    draft: bool = False  # the plan (or, without one, the consult) is not final: every page says DRAFT
    superseded: str = ""  # an earlier signed version an amendment replaced: who, when and why (every page says so)
    amended: str = ""  # the consult as amended: how often, the latest when, by whom and why


def _surgeries(surgeries: Sequence[Surgery], catalogue: SurgeryCatalogue) -> SummarySection:
    lines = tuple(
        (
            str(s.performed),
            f"{catalogue.procedure_label(s.procedure)} {', '.join(s.levels)}".strip()
            + (", fusion" if s.fusion else "")
            + (", instrumented" if s.instrumented else "")
            + (f". {s.outcome_notes}" if s.outcome_notes else ""),
        )
        for s in surgeries
    )
    return SummarySection("Surgical history", lines or (("", "Not recorded"),))


def _detail(field: DetailField, value: Any, context: _Words) -> str:
    """One plan-item detail in words: a choice's label, a drug's name, a number with its unit."""
    catalogue = context.catalogue
    if field.kind == "drug":
        return context.drug(str(value))
    if field.kind == "steroid":
        steroid = catalogue.steroid(str(value))
        return steroid.label if steroid else str(value)
    if field.kind == "choice" and field.choices in catalogue.choices:
        return catalogue.choices[field.choices].label(str(value))
    if field.kind == "codes" and field.choices in catalogue.choices:
        return ", ".join(catalogue.choices[field.choices].label(str(c)) for c in value)
    if field.kind == "levels":
        return ", ".join(str(level) for level in value)
    if field.kind == "number" and isinstance(value, int | float):
        said = field.unit in ("x/day", "/week") or field.unit.lower() in field.label.lower()  # "Weeks: 8"
        return number(value, "" if said else field.unit)
    return str(value)


@dataclass(frozen=True)
class _Words:
    catalogue: TreatmentCatalogue
    drugs: MedicationList | None
    taking: Mapping[str, str]  # drug code -> the name the patient's medicine list gives it

    def drug(self, code: str) -> str:
        drug = self.drugs.drug(code) if self.drugs is not None else None
        return drug.label if drug else self.taking.get(code) or code.replace("_", " ").capitalize()


def _item(item: PlanItem, plan: TreatmentPlan, words: _Words) -> Line:
    treatment = words.catalogue.get(item.treatment)
    name = treatment.label if treatment else item.treatment
    phase = plan.phases[item.phase - 1] if 0 < item.phase <= len(plan.phases) else str(item.phase)
    details = []
    for key, value in item.details.items():
        field = treatment.detail(key) if treatment else None
        if value in (None, "", [], ()):
            continue
        label = field.label if field else key.replace("_", " ").capitalize()
        details.append(f"{label}: {_detail(field, value, words) if field else value}")
    parts = [name, *([f"Why: {item.reason}"] if item.reason else []), *details]
    parts += [f"Note: {item.note}"] if item.note else []
    text = ". ".join(part.rstrip(". ") for part in parts)  # one full stop between parts, never two
    return (f"Step {item.phase}, {phase.lower()} ({item.status.label.lower()})", text)


def _goal(kind: str, text: str, measure: str, target: float | None, weeks: int | None) -> Line:
    words = [text] if text else []
    if measure and target is not None:
        label, _high = GOAL_MEASURES.get(measure, (measure, 0))
        words.append(f"target: {label} {target:g} or less")
    if weeks:
        words.append(f"within {weeks} weeks")
    return (GOAL_KINDS.get(kind, kind), ", ".join(words) or "No target set")


def _plan_sections(plan: TreatmentPlan, words: _Words) -> list[SummarySection]:
    status = "finalized" if plan.status is PlanStatus.FINALIZED else "draft"
    by = f" by {plan.finalized_by}" if plan.finalized_by else ""
    at = f" on {plan.finalized_at:%Y-%m-%d %H:%M}" if plan.finalized_at else ""
    in_steps = sorted(enumerate(plan.items), key=lambda pair: (pair[1].phase, pair[0]))  # by step, then as listed
    items = tuple(_item(item, plan, words) for _order, item in in_steps)
    notes = (("Note to the patient", plan.note),) if plan.note else ()
    sections = [SummarySection(f"Plan ({status}{by}{at})", items or (("", "No treatments"),), notes)]
    goals = tuple(_goal(g.kind, g.text, g.measure, g.target, g.due_weeks) for g in plan.goals)
    follow = (("Follow-up", f"In {plan.follow_up_weeks} weeks"),) if plan.follow_up_weeks else ()
    sections.append(SummarySection("Goals and follow-up", goals + follow or (("", "Not set"),)))
    return sections


def _findings(findings: Sequence[Finding], plan: TreatmentPlan | None, words: _Words) -> SummarySection:
    lines = []
    for f in findings:
        if f.outcome is not Outcome.FIRED:
            continue
        treatment = words.catalogue.get(f.treatment) if f.treatment else None
        about = f", about {treatment.label}" if treatment else ""
        ack = plan.acknowledgement(f.key) if plan is not None else None
        note = f" Acknowledged by {ack.clinician} on {ack.at:%Y-%m-%d %H:%M}: {ack.reason}" if ack else ""
        lines.append((f"{f.severity.label}, rule {f.rule}", f"{f.category.label}{about}. {f.title}. {f.message}{note}"))
    return SummarySection("Decision support", tuple(lines) or (("", "No findings"),))


def build_summary(
    *,
    patient: Patient,
    record: ConsultRecord,
    plan: TreatmentPlan | None,
    findings: Sequence[Finding],
    surgeries: Sequence[Surgery],
    surgery_catalogue: SurgeryCatalogue,
    catalogue: TreatmentCatalogue,
    vocabulary: Vocabulary,
    letterhead: Letterhead,
    clinician: str,
    instruments: Mapping[str, Instrument] | None = None,
    drugs: MedicationList | None = None,
    superseded: str = "",
    amended: str = "",
) -> SummaryPrint:
    """Every section the consult holds, then the plan, its goals and the decision support, in words.
    `instruments` name the questionnaires and `drugs` the plan's medicines (without them, their codes).
    `superseded` says who replaced this signed version by an amendment, when and why: the consult as it was
    signed then, without today's decision support."""
    v = vocabulary
    taking = {m.drug: m.name for m in record.history.medications if m.drug}
    words = _Words(catalogue, drugs, taking)
    sections = [
        _surgeries(surgeries, surgery_catalogue),
        history_section(record, surgeries, surgery_catalogue, v),
        exam_section(record.exam, v),
        studies_section(record, surgeries, surgery_catalogue, v),
        questionnaires_section(record, instruments or {}),
        assessment_section(record, v),
    ]
    if plan is not None:
        sections += _plan_sections(plan, words)
    if not superseded:
        sections.append(_findings(findings, plan, words))
    draft = plan.status is not PlanStatus.FINALIZED if plan is not None else record.status is ConsultStatus.DRAFT
    return SummaryPrint(
        letterhead=letterhead,
        title=f"Consult summary, {record.consult_date.isoformat()}"
        + (" (earlier signed version)" if superseded else ""),
        patient_line=f"{patient.display_name} · MRN {patient.mrn} · born {patient.date_of_birth.isoformat()} · "
        f"{patient.sex.label} · clinician {clinician or 'not named'}",
        footer_name=patient.display_name,
        date_of_birth=patient.date_of_birth.isoformat(),
        consult_date=record.consult_date.isoformat(),
        sections=tuple(sections),
        draft=draft and not superseded,
        superseded=superseded,
        amended=amended,
    )
