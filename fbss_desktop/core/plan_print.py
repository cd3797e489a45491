"""What the patient's copy of a plan says, assembled from the consult, the plan and the catalogues.

A pure function: the same plan gives the same printed content (a finalized plan reprints identically).
Clinical codes and clinician-only findings never enter this object; the PDF is laid out from it alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.drug_cautions import CautionLibrary
from fbss_desktop.core.handouts import WARNING_SIGNS, Handout, HandoutLibrary
from fbss_desktop.core.medications import Medication, MedicationList
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_wording import class_name, detail_text, patient_reason, taken
from fbss_desktop.core.plans import GOAL_MEASURES, GOAL_WORDS, PlanItem, TreatmentPlan
from fbss_desktop.core.procedure_allergens import AllergenTable
from fbss_desktop.core.treatments import Treatment, TreatmentCatalogue

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: dt.date) -> str:
    """The one way the patient's copy writes a date: "November 20, 2026" (the clinic has no date display
    setting; this reads the same in every country that reads the plan, whatever the computer's locale)."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def short_date(day: dt.date, *, year: bool = True) -> str:
    """The same wording where room is short (a chart's axis): "Nov 20, 2026", or "Nov 20" when the year is
    printed nearby."""
    words = f"{MONTHS[day.month - 1][:3]} {day.day}"
    return f"{words}, {day.year}" if year else words


@dataclass(frozen=True)
class Letterhead:
    name: str
    address: str = ""
    phone: str = ""
    logo: str = ""  # path to an image file, if the clinic has one
    after_hours: str = ""  # what a patient does while the clinic is closed (clinic.after_hours)


@dataclass(frozen=True)
class Step:
    """One treatment of the plan, in the patient's words."""

    name: str
    what: str
    why: str
    details: str
    expect: str
    prepare: str
    risks: str
    allergies: str = ""  # a reminder when the patient reacts to something the treatment may use


@dataclass(frozen=True)
class Phase:
    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Medicine:
    name: str
    how: str
    what_for: str
    cautions: str
    change: str = ""  # against what the patient takes now: "New medicine.", "Changed: before, …", "No change."


@dataclass(frozen=True)
class TrendPoint:
    day: dt.date
    back: int | None
    leg: int | None
    odi: float | None
    neck: int | None = None  # a cervical consult's scores (a plan frozen before them has none)
    arm: int | None = None
    ndi: float | None = None

    @property
    def scored(self) -> bool:
        return any(v is not None for v in (self.back, self.leg, self.odi, self.neck, self.arm, self.ndi))


@dataclass(frozen=True)
class TrendMarker:
    """A treatment on the printed trend (core.timeline's marker): its day and, in the patient's words, what
    was done; the PDF numbers the markers under its chart and lists them below it."""

    day: dt.date
    text: str


@dataclass(frozen=True)
class PlanPrint:
    letterhead: Letterhead
    patient_name: str
    date_of_birth: dt.date
    plan_date: dt.date
    clinician: str
    diagnosis: tuple[str, ...]
    goals: tuple[str, ...]
    phases: tuple[Phase, ...]
    medicines: tuple[Medicine, ...]
    warning_signs: Handout
    follow_up: dt.date | None
    trend: tuple[TrendPoint, ...] = ()
    handouts: tuple[Handout, ...] = ()
    markers: tuple[TrendMarker, ...] = ()
    version: int = 1
    finalized: bool = False
    note: str = ""

    @property
    def title(self) -> str:
        return f"Your treatment plan, {long_date(self.plan_date)}"


class _SaidOnce:
    """The blood-thinner paragraph several procedures share is printed in full once; a later step refers back
    to it (the walkthrough's copy repeated it four times)."""

    def __init__(self, texts: Mapping[str, str]) -> None:
        self.full = texts.get("BLOOD_THINNERS", "")
        self.again = texts.get("BLOOD_THINNERS_AGAIN", "")
        self.seen = False

    def once(self, step: Step) -> Step:
        if not self.full or self.full not in step.prepare:
            return step
        if not self.seen:
            self.seen = True
            return step
        return replace(step, prepare=" ".join(step.prepare.replace(self.full, self.again).split()))


def _worded(step: Step, words: Callable[[str], str]) -> Step:
    """A step in the words of the consult's region (a neck patient reads "arm or leg pain", never "leg pain")."""
    return replace(step, what=words(step.what), expect=words(step.expect), risks=words(step.risks))


def _prepare(item: PlanItem, treatment: Treatment, catalogue: TreatmentCatalogue, thinners: tuple[str, ...]) -> str:
    """How to get ready; for a procedure, the blood-thinner plan only once the prescriber agreed to it.

    Until then the patient reads to keep taking their blood thinner: a hold printed before it is agreed
    would be followed (the prescriber's agreement is what makes it safe), and a patient on a blood thinner
    with no plan at all must not improvise one from another procedure's."""
    text = treatment.patient.prepare
    if treatment.detail("antithrombotic_hold") is None:
        return text
    hold = str(item.detail("antithrombotic_hold") or "").strip()
    texts = catalogue.patient_texts
    if hold and item.detail("prescriber_agreed") == "yes":
        return f"{text} {texts['HOLD_AGREED'].format(plan=hold if hold.endswith('.') else hold + '.')}"
    if thinners:  # only a patient whose list holds one reads about keeping it (a walk's patient on none did)
        return f"{text} {texts['HOLD_PENDING'].format(drugs=' and '.join(thinners))}"
    return text


def _step(
    item: PlanItem,
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
    thinners: tuple[str, ...],
    reasons: Mapping[str, str],
    allergy: str,
) -> Step:
    treatment = catalogue[item.treatment]
    return Step(
        name=treatment.patient.name,
        what=treatment.patient.what,
        why=patient_reason(item.reason, reasons),
        details=detail_text(item, catalogue, drugs),
        expect=treatment.patient.expect,
        prepare=_prepare(item, treatment, catalogue, thinners),
        risks=treatment.patient.risks,
        allergies=allergy,
    )


def _medicine(
    item: PlanItem,
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
    cautions: CautionLibrary | None,
    taking: Sequence[Medication] = (),
    reasons: Mapping[str, str] | None = None,
) -> Medicine:
    """One row of the medicines table; "be careful" is the chosen drug's own text (the class text only for
    a drug with none)."""
    treatment = catalogue[item.treatment]
    code = treatment.drug_of(item.details)
    drug = drugs.drug(code)
    name = drug.label if drug else treatment.patient.name
    how = detail_text(item, catalogue, drugs, skip=("drug",))
    own = cautions.get(code) if cautions is not None and code else None
    careful = own.be_careful if own is not None else treatment.patient.risks
    change = _change(item, code, taking, catalogue)
    if treatment.medicine_change:  # a taper lowers the dose whatever the item says about the dose
        before = taken(next((m for m in taking if code and m.drug == code), Medication(name)), catalogue)
        change = treatment.medicine_change + (f" Until now you took {before}." if before else "")
    why = patient_reason(item.reason, reasons or {})
    return Medicine(name, how, why or treatment.patient.name, careful, change)


def _change(item: PlanItem, code: str, taking: Sequence[Medication], catalogue: TreatmentCatalogue) -> str:
    """The plan's medicine against the patient's current list: new, changed (with what it was) or the same."""
    current = next((m for m in taking if code and m.drug == code), None)
    if current is None:
        return "New medicine."
    dose, per_day = item.detail("dose"), item.detail("per_day")
    same_dose = dose is None or current.dose is None or float(dose) == float(current.dose)
    same_times = per_day is None or current.per_day is None or float(per_day) == float(current.per_day)
    if same_dose and same_times:
        return "No change."
    before = taken(current, catalogue)
    return f"Changed: before, you took {before}." if before else "Changed."


def _kept(
    medication: Medication, drugs: MedicationList, cautions: CautionLibrary | None, catalogue: TreatmentCatalogue
) -> Medicine:
    """A medicine the patient takes that the plan does not name: kept as before, with its own cautions."""
    drug = drugs.drug(medication.drug) if medication.drug else None
    own = cautions.get(medication.drug) if cautions is not None and medication.drug else None
    classes = medication.classes or (drug.classes if drug else ())
    words = cautions.kept(classes) if cautions is not None else None  # a class's words, else the default
    return Medicine(
        drug.label if drug else medication.name,
        taken(medication, catalogue),
        class_name(medication, catalogue) or (words.what_for if words else ""),
        own.be_careful if own is not None else (words.be_careful if words else ""),
        "Keep taking it as before.",
    )


def _plan_handouts(
    active: Sequence[PlanItem],
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
    handouts: HandoutLibrary,
    cautions: CautionLibrary | None,
    region: str = "",
) -> tuple[Handout, ...]:
    """The handouts of the planned treatments; a medicine's handout keeps only its sections about the drug(s)
    chosen and gets their cautions and signs, so it never speaks of a drug the patient was not given. Each is
    worded for the consult's `region` (a neck patient reads about the arm, never the leg alone)."""
    chosen: dict[str, list[str]] = {}
    given: dict[str, set[str]] = {}
    for item in active:
        code = catalogue[item.treatment].drug_of(item.details)
        given.setdefault(item.treatment, set()).add(code)
        if code and cautions is not None and cautions.get(code) is not None:
            chosen.setdefault(item.treatment, [])
            if code not in chosen[item.treatment]:
                chosen[item.treatment].append(code)
    result = []
    for handout in handouts.for_treatments(i.treatment for i in active):
        handout = handouts.regional(handout.for_drugs(given.get(handout.code, set())), region)
        entries = [e for c in chosen.get(handout.code, ()) if (e := cautions.get(c) if cautions else None)]
        sections = []
        for entry in entries:
            drug = drugs.drug(entry.drug)
            sections.append(entry.section(drug.label if drug else entry.drug))
        signs = [s for e in entries for s in e.signs]
        sources = [s for e in entries for s in e.sources]
        result.append(handouts.composed(handout, sections, signs, sources))
    return tuple(result)


def _drug_signs(
    active: Sequence[PlanItem], catalogue: TreatmentCatalogue, cautions: CautionLibrary | None
) -> tuple[str, ...]:
    if cautions is None:
        return ()
    entries = (cautions.get(catalogue[i.treatment].drug_of(i.details)) for i in active)
    return tuple(dict.fromkeys(s for e in entries if e is not None for s in e.signs))


def _goal(kind: str, text: str, measure: str, target: float | None, weeks: int | None) -> str:
    """Each goal worded once: "Walk the dog again, with leg pain at 4 out of 10 or less, within 12 weeks";
    a goal whose own words already state the target ("leg pain down to 4 out of 10") is printed as written."""
    target_text = ""
    if measure and target is not None:
        _label, high = GOAL_MEASURES[measure]
        unit = "%" if measure in ("odi", "ndi") else (" out of 10" if high == 10 else " a day")
        target_text = f"{GOAL_WORDS[measure]} at {target:g}{unit} or less"
    text = text.strip().rstrip(".")
    folded = f" {text.lower()} "
    restated = bool(target_text) and (GOAL_WORDS[measure] in folded or f" {target:g} " in folded)
    if target_text and text and not restated:
        sentence = f"{text}, with {target_text}"
    elif text:
        sentence = text
    else:
        sentence = target_text or kind.replace("_", " ")
    sentence = sentence[:1].upper() + sentence[1:]
    return sentence + (f", within {weeks} weeks" if weeks else "")


def build_plan_print(
    *,
    patient: Patient,
    record: ConsultRecord,
    plan: TreatmentPlan,
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
    handouts: HandoutLibrary,
    explanations: Mapping[str, str],
    letterhead: Letterhead,
    clinician: str,
    trend: Sequence[TrendPoint] = (),
    markers: Sequence[TrendMarker] = (),
    version: int = 1,
    cautions: CautionLibrary | None = None,
    reasons: Mapping[str, str] | None = None,
    allergens: AllergenTable | None = None,
) -> PlanPrint:
    """The patient's copy of `plan`: active items only (planned or scheduled), in phase order. With
    `cautions`, each medicine says what to be careful of for the drug chosen, not for its class; `reasons`
    are the patient's words for a reason a decision-support rule suggested (by rule id); with `allergens`, a
    treatment that may use something the patient reacts to says so."""
    reasons = reasons or {}
    allergies = record.history.allergies
    active = [i for i in plan.items if i.active]
    thinners = tuple(
        dict.fromkeys(
            m.name for m in record.history.medications if set(m.classes) & set(catalogue.blood_thinner_classes)
        )
    )
    phases = []
    said = _SaidOnce(catalogue.patient_texts)
    words = handouts.signs.wording(record.region).words if handouts.signs is not None else str
    for number, title in enumerate(plan.phases, start=1):
        steps = tuple(
            _worded(
                said.once(
                    _step(i, catalogue, drugs, thinners, reasons, allergens.line(i, allergies) if allergens else "")
                ),
                words,
            )
            for i in active
            if i.phase == number
        )
        if steps:  # the patient reads the phase in plain words ("Injections and other procedures")
            phases.append(Phase(catalogue.patient_phases.get(title, title), steps))
    taking = record.history.medications
    planned = [i for i in active if catalogue[i.treatment].is_medication]
    named = {catalogue[i.treatment].drug_of(i.details) for i in planned}
    medicines = tuple(_medicine(i, catalogue, drugs, cautions, taking, reasons) for i in planned) + tuple(
        _kept(m, drugs, cautions, catalogue) for m in taking if not (m.drug and m.drug in named)
    )
    diagnosis = tuple(words(explanations[g]) for g in record.assessment.generators if g in explanations)
    goals = tuple(_goal(g.kind, g.text, g.measure, g.target, g.due_weeks) for g in plan.goals)
    follow_up = record.consult_date + dt.timedelta(weeks=plan.follow_up_weeks) if plan.follow_up_weeks else None
    assert handouts.get(WARNING_SIGNS) is not None, "the warning-signs handout ships with the app"
    # for everyone, for what is planned and for the drugs chosen
    warning = handouts.warning_page(
        (i.treatment for i in active),
        _drug_signs(active, catalogue, cautions),
        letterhead.after_hours,
        region=record.region,
    )
    return PlanPrint(
        letterhead=letterhead,
        patient_name=patient.spoken_name,  # the patient's own copy calls them as they say their name
        date_of_birth=patient.date_of_birth,
        plan_date=record.consult_date,
        clinician=clinician,
        diagnosis=diagnosis,
        goals=goals,
        phases=tuple(phases),
        medicines=medicines,
        warning_signs=warning,
        follow_up=follow_up,
        trend=tuple(trend),
        markers=tuple(markers),
        handouts=_plan_handouts(active, catalogue, drugs, handouts, cautions, record.region),
        version=version,
        finalized=plan.status.value == "finalized",
        note=plan.note,
    )
