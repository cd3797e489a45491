"""The medical-necessity letter for a stimulator or radiofrequency ablation, assembled from the documented
conservative care (core/conservative_care.py): weeks of physical therapy, medicines tried and stopped,
injections and the relief they gave, imaging, the psychological evaluation, baseline pain and function and
how long the pain has lasted, then the payer criteria (rules/necessity.py) each as met, not met or not
documented. A criterion not met or not documented is a gap the clinician sees before printing.
"""

from __future__ import annotations

from fbss_desktop.core.conservative_care import PSYCHOLOGY, THERAPY, CareStep, MedicineTried
from fbss_desktop.core.letter_writing import (
    LetterSources,
    LetterWords,
    assessment_text,
    imaging_text,
    patient_words,
    salutation,
    section_text,
)
from fbss_desktop.core.letters import Criterion, LetterDocument, LetterSection
from fbss_desktop.core.plan_print import long_date
from fbss_desktop.core.summary_consult import questionnaires_section

NO_ITEM = "No plan of this consult names the procedure asked for: add it to the plan, or say what is asked in the text."
CRITERIA_NOTE = (
    "Each criterion as this patient's record documents it, with its source. "
    "A criterion not documented here may be documented elsewhere: attach that record."
)


def _where(step: CareStep, words: LetterWords) -> str:
    v = words.vocabulary
    parts = [
        v["region"].label(step.region) if step.region else "",
        ", ".join(step.levels),
        v["side"].label(step.side).lower() if step.side else "",
    ]
    return " ".join(p for p in parts if p)


def _label(step: CareStep, words: LetterWords) -> str:
    treatment = words.catalogue.get(step.treatment)
    if treatment is not None:
        return treatment.label
    listed = words.vocabulary["prior_procedure"].get(step.treatment)
    return listed.label if listed else step.treatment.replace("_", " ").capitalize()


def _relief(step: CareStep) -> str:
    if step.relief_percent is None:
        return "relief not recorded"
    words = f"{step.relief_percent}% relief"
    if step.relief_ongoing:
        return words + ", still ongoing"
    return words + (f" lasting {step.relief_weeks} weeks" if step.relief_weeks is not None else "")


def step_line(step: CareStep, words: LetterWords, *, relief: bool) -> str:
    parts = [_label(step, words)]
    where = _where(step, words)
    if where:
        parts.append(where)
    if step.weeks is not None:
        parts.append(f"{step.weeks} weeks")
    if step.sessions_per_week is not None:
        parts.append(f"{step.sessions_per_week} sessions a week")
    if step.status:
        parts.append("completed" if step.status == "done" else "stopped before the end")
    if relief and not step.status:
        parts.append(_relief(step))
    if step.note:
        parts.append(step.note)
    return f"{step.when_text}: " + ", ".join(parts) + "."


def _therapy(sources: LetterSources, words: LetterWords) -> str:
    steps = sources.care.of_group(THERAPY)
    if not steps:
        return "No course of physical therapy is recorded."
    lines = [step_line(s, words, relief=False) for s in steps]
    weeks = sources.care.therapy_weeks
    if weeks is not None:
        lines.insert(0, f"{weeks} weeks of physical therapy in all, without lasting relief.")
    return "\n".join(lines)


def _medicine_line(medicine: MedicineTried, words: LetterWords) -> str:
    classes = ", ".join(words.vocabulary["medication_class"].label(c).lower() for c in medicine.classes)
    since = medicine.first_recorded.isoformat()
    until = "still taken" if medicine.current else f"stopped (last recorded {medicine.last_recorded.isoformat()})"
    return f"{medicine.name}" + (f" ({classes})" if classes else "") + f": recorded from {since}, {until}."


def _medicines(sources: LetterSources, words: LetterWords) -> str:
    if not sources.care.medicines:
        return "No medicine is recorded."
    return "\n".join(_medicine_line(m, words) for m in sources.care.medicines)


def _injections(sources: LetterSources, words: LetterWords) -> str:
    steps = [s for s in sources.care.steps if s.group not in (THERAPY, PSYCHOLOGY)]
    if not steps:
        return "No injection or procedure is recorded."
    return "\n".join(step_line(s, words, relief=True) for s in steps)


def _psychology(sources: LetterSources, words: LetterWords) -> str:
    steps = sources.care.of_group(PSYCHOLOGY)
    if not steps:
        return "No psychological evaluation or care is recorded."
    return "\n".join(step_line(s, words, relief=False) for s in steps)


def _baseline(sources: LetterSources) -> str:
    h = sources.record.history
    lines = []
    if h.pain_duration_months is not None:
        lines.append(f"Pain for {h.pain_duration_months} months.")
    for label, value in (
        ("Back pain now", h.back_nrs_now),
        ("Back pain on average", h.back_nrs_average),
        ("Leg pain now", h.leg_nrs_now),
        ("Leg pain on average", h.leg_nrs_average),
    ):
        if value is not None:
            lines.append(f"{label}: {value}/10 (NRS).")
    return "\n".join(lines)


def _criteria(criteria: tuple[Criterion, ...]) -> str:
    words = {True: "Met", False: "Not met", None: "Not documented"}
    lines = [CRITERIA_NOTE]
    for c in criteria:
        evidence = f" ({c.evidence})" if c.evidence and c.met is not None else ""
        lines.append(f"{words[c.met]}: {c.text}{evidence}. Source: {c.source}")
    return "\n".join(lines)


def _asked(sources: LetterSources, words: LetterWords) -> str:
    """What is asked for: the planned procedure and where ("a spinal cord stimulator trial, thoracic")."""
    item = sources.requested
    treatment = words.catalogue.get(item.treatment) if item is not None else None
    if item is None or treatment is None:
        return sources.request
    levels = item.detail("levels")
    where = CareStep(
        treatment=item.treatment,
        when=sources.today,
        when_text="",
        group="",
        region=str(item.detail("region") or ""),
        levels=tuple(str(level) for level in levels) if isinstance(levels, list | tuple) else (),
        side=str(item.detail("side") or ""),
    )
    place = _where(where, words)
    name = treatment.label[:1].lower() + treatment.label[1:]
    return f"a {name}" + (f" ({place.lower()})" if place else "")


def compose_necessity_letter(sources: LetterSources, words: LetterWords) -> LetterDocument:
    record, patient = sources.record, sources.patient
    asked = _asked(sources, words)
    opening = (
        f"I am writing to ask you to authorize {asked} for {patient_words(patient)}, who has persistent spinal "
        f"pain after spine surgery. I last saw the patient on {long_date(record.consult_date)}. The care tried "
        "so far, as our record documents it, follows."
    )
    scores = section_text(questionnaires_section(record, words.instruments))
    baseline = "\n".join(p for p in (_baseline(sources), scores if "Not recorded" not in scores else "") if p)
    sections = (
        LetterSection("opening", "", opening),
        LetterSection("diagnosis", "Diagnosis", assessment_text(record, words)),
        LetterSection("baseline", "Duration of pain, and pain and function at baseline", baseline),
        LetterSection("therapy", "Physical therapy", _therapy(sources, words)),
        LetterSection("medicines", "Medicines tried", _medicines(sources, words)),
        LetterSection("injections", "Injections and procedures, and the relief they gave", _injections(sources, words)),
        LetterSection("imaging", "Imaging and tests", imaging_text(sources, words)),
        LetterSection("psychology", "Psychological evaluation", _psychology(sources, words)),
        LetterSection("criteria", "Coverage criteria", _criteria(sources.criteria)),
        LetterSection(
            "request",
            "",
            f"Conservative care has not controlled this patient's pain. I ask you to authorize {sources.request}, "
            "and will gladly send any record you need.",
        ),
    )
    gaps = tuple(c.gap for c in sources.criteria if c.gap)
    if sources.requested is None:
        gaps = (NO_ITEM, *gaps)
    return LetterDocument(
        kind=sources.kind,
        date=sources.today,
        recipient=sources.recipient.address_block() if sources.recipient is not None else (),
        salutation=salutation(sources.recipient, "To the medical reviewer,"),
        subject=f"Re: {patient_words(patient)}: request for {sources.request}",
        sections=sections,
        closing="Yours sincerely,",
        signer=sources.clinician,
        gaps=gaps,
        criteria=sources.criteria,
    )
