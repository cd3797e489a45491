"""Composing a letter's sections from a consult, its plan and the patient's history (pure: no database).

`compose_letter` writes a consult letter to the referring surgeon (reason and history, examination findings,
imaging, scores, the assessment with its ICD-10 codes, the finalized plan and the clinician's questions) or,
through letter_necessity.py, a medical-necessity letter. Every code is written as the vocabulary and the
catalogues name it; the clinician edits the text afterwards, section by section.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fbss_desktop.core.conservative_care import ConservativeCare
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consult_schema import spec
from fbss_desktop.core.contacts import Contact
from fbss_desktop.core.letters import Criterion, LetterDocument, LetterKind, LetterSection
from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_print import long_date
from fbss_desktop.core.plans import PlanItem, PlanStatus, TreatmentPlan
from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.core.summary_consult import (
    Line,
    SummarySection,
    assessment_section,
    exam_section,
    history_section,
    questionnaires_section,
    studies_section,
)
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.core.vocabulary import Vocabulary

NOT_FINALIZED = "The consult's plan is not finalized yet: the letter gives it as it stands."
NO_PLAN = "The consult has no plan yet."


@dataclass(frozen=True)
class LetterWords:
    """The catalogues that name the record's codes."""

    vocabulary: Vocabulary
    catalogue: TreatmentCatalogue
    surgeries: SurgeryCatalogue
    instruments: Mapping[str, Instrument]
    drugs: MedicationList


@dataclass(frozen=True)
class LetterSources:
    """What a letter is written from."""

    kind: LetterKind
    patient: Patient
    record: ConsultRecord
    plan: TreatmentPlan | None
    surgeries: tuple[Surgery, ...]
    care: ConservativeCare
    clinician: str
    today: dt.date
    recipient: Contact | None = None
    earlier: tuple[ConsultRecord, ...] = ()  # the patient's other consults, for imaging done before this one
    criteria: tuple[Criterion, ...] = ()
    request: str = ""  # what a medical-necessity letter asks for, in words
    requested: PlanItem | None = None  # the plan's item of that procedure


def lines_text(lines: Sequence[Line]) -> str:
    """Labelled lines, one a line: "Gait: antalgic"."""
    return "\n".join(f"{label}: {text}" if label else text for label, text in lines if text)


def section_text(section: SummarySection) -> str:
    """A clinician-summary section as letter text: its lines, then its long notes as paragraphs."""
    notes = "\n".join(f"{label}: {text}" for label, text in section.notes)
    return "\n".join(part for part in (lines_text(section.lines), notes) if part)


def _recorded(section: SummarySection) -> str:
    """A section's text, or "" when it only says nothing was recorded."""
    return "" if section.lines == (("", "Not recorded"),) and not section.notes else section_text(section)


def patient_words(patient: Patient) -> str:
    return f"{patient.spoken_name} (born {long_date(patient.date_of_birth)}, MRN {patient.mrn})"


def salutation(recipient: Contact | None, fallback: str) -> str:
    return f"Dear {recipient.name}," if recipient is not None else fallback


def detail_words(item: PlanItem, words: LetterWords) -> str:
    """A plan item's details in words, each labelled as the catalogue declares it."""
    treatment = words.catalogue.get(item.treatment)
    parts = []
    for key, value in item.details.items():
        field = treatment.detail(key) if treatment else None
        if value in (None, "", [], ()) or field is None or field.kind == "text" or field.choices == "yes_no":
            continue  # free text and the clinician's yes/no checks stay in the chart
        if field.kind == "choice" and field.choices in words.catalogue.choices:
            shown = words.catalogue.choices[field.choices].label(str(value))
        elif field.kind == "drug":
            drug = words.drugs.drug(str(value))
            shown = drug.label if drug else str(value)
        elif field.kind == "steroid":
            steroid = words.catalogue.steroid(str(value))
            shown = steroid.label if steroid else str(value)
        elif isinstance(value, list | tuple):
            shown = ", ".join(str(v) for v in value)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            said = field.unit in ("x/day", "/week") or field.unit.lower() in field.label.lower()  # "weeks 8"
            shown = f"{value:g}" if said else f"{value:g} {field.unit}".strip()
        else:
            shown = str(value)
        parts.append(f"{field.label.lower()} {shown}")
    return ", ".join(parts)


def item_words(item: PlanItem, words: LetterWords) -> str:
    treatment = words.catalogue.get(item.treatment)
    name = treatment.label if treatment else item.treatment.replace("_", " ").capitalize()
    details = detail_words(item, words)
    return f"{name} ({details})" if details else name


def plan_text(plan: TreatmentPlan | None, words: LetterWords) -> tuple[str, tuple[str, ...]]:
    """The plan's steps, in order, and what the clinician is told before printing about it."""
    if plan is None or not plan.items:
        return "", (NO_PLAN,)
    ordered = sorted(enumerate(plan.items), key=lambda pair: (pair[1].phase, pair[0]))
    lines = []
    for _order, item in ordered:
        phase = plan.phases[item.phase - 1] if 0 < item.phase <= len(plan.phases) else str(item.phase)
        reason = f". {item.reason.rstrip('.')}" if item.reason else ""
        status = "" if item.active else f" ({item.status.label.lower()})"
        lines.append(f"{item.phase}. {phase}: {item_words(item, words)}{status}{reason}.")
    if plan.follow_up_weeks:
        lines.append(f"Follow-up in {plan.follow_up_weeks} weeks.")
    gaps = () if plan.status is PlanStatus.FINALIZED else (NOT_FINALIZED,)
    return "\n".join(lines), gaps


def _scores(record: ConsultRecord, words: LetterWords) -> str:
    h = record.history
    pain = [
        f"{label} {value}/10"
        for label, value in (
            ("back pain now", h.back_nrs_now),
            ("back pain on average", h.back_nrs_average),
            ("leg pain now", h.leg_nrs_now),
            ("leg pain on average", h.leg_nrs_average),
        )
        if value is not None
    ]
    first = f"Pain (NRS): {', '.join(pain)}" if pain else ""
    return "\n".join(p for p in (first, _recorded(questionnaires_section(record, words.instruments))) if p)


NOTHING_FOUND = ("No", "None", "Not present")  # a line that only says nothing was found: the summary has it


def _history(sources: LetterSources, words: LetterWords) -> str:
    """The history as the clinician summary gives it, less the reason (the opening says it) and the answers
    that found nothing, which a letter would only pad."""
    section = history_section(sources.record, sources.surgeries, words.surgeries, words.vocabulary)
    reason = spec("document.reason").label
    lines = tuple((label, text) for label, text in section.lines if label != reason and text not in NOTHING_FOUND)
    return section_text(SummarySection(section.heading, lines, section.notes))


def compose_consult_letter(sources: LetterSources, words: LetterWords) -> LetterDocument:
    record, patient = sources.record, sources.patient
    about = f" about {record.reason[:1].lower()}{record.reason[1:]}" if record.reason else ""
    thanks = "Thank you for referring" if sources.recipient is not None else "I saw"
    seen = "whom I saw" if sources.recipient is not None else "in consultation"
    opening = (
        f"{thanks} {patient_words(patient)}, {seen} on {long_date(record.consult_date)}{about}. "
        "My findings, assessment and plan follow."
    )
    plan, gaps = plan_text(sources.plan, words)
    sections = (
        LetterSection("opening", "", opening),
        LetterSection("history", "History", _history(sources, words)),
        LetterSection("findings", "Examination findings", _recorded(exam_section(record.exam, words.vocabulary))),
        LetterSection("imaging", "Imaging and tests", imaging_text(sources, words)),
        LetterSection("scores", "Pain and function scores", _scores(record, words)),
        LetterSection("assessment", "Assessment", assessment_text(record, words)),
        LetterSection("plan", "Plan", plan),
        LetterSection("questions", "Questions for you", ""),
        LetterSection("close", "", "Please do not hesitate to contact me about this patient."),
    )
    return LetterDocument(
        kind=LetterKind.CONSULT,
        date=sources.today,
        recipient=sources.recipient.address_block() if sources.recipient is not None else (),
        salutation=salutation(sources.recipient, "Dear colleague,"),
        subject=f"Re: {patient_words(patient)}",
        sections=sections,
        closing="Yours sincerely,",
        signer=sources.clinician,
        gaps=gaps,
    )


def imaging_text(sources: LetterSources, words: LetterWords) -> str:
    """Every study on file, this consult's and the earlier ones', newest visit first, each once."""
    records = sorted((sources.record, *sources.earlier), key=lambda r: r.consult_date, reverse=True)
    lines: dict[str, None] = {}
    for record in records:
        section = studies_section(record, sources.surgeries, words.surgeries, words.vocabulary)
        for label, text in section.lines:
            if label:
                lines.setdefault(f"{label}: {text}", None)
    return "\n".join(lines) or "No imaging is recorded."


def assessment_text(record: ConsultRecord, words: LetterWords) -> str:
    """The likely pain generators, the pain type and the ICD-10-CM codes, each with its label, and the note."""
    return _recorded(assessment_section(record, words.vocabulary))


def compose_letter(sources: LetterSources, words: LetterWords) -> LetterDocument:
    """The letter of `sources.kind`, composed from the record: the clinician edits it before printing."""
    if sources.kind is LetterKind.CONSULT:
        return compose_consult_letter(sources, words)
    from fbss_desktop.core.letter_necessity import compose_necessity_letter

    return compose_necessity_letter(sources, words)
