"""Named facts the rules test, computed from a Case. Each fact has a label a clinician understands.

A fact is "name" or "name:argument" ("red_flag:saddle_numbness", "active_class:nsaid"). Item facts
("item.detail:region") are read for one plan item. A fact whose input was not recorded is None, so a rule
can say which input it needs instead of guessing; a fact may instead raise NeedsInput to name the exact
input ("the steroid dose of the ESI of 2026-03").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from fbss_desktop.core.consult_record import PriorProcedure, Study
from fbss_desktop.core.medications import Medication
from fbss_desktop.core.plans import ItemStatus, PlanItem
from fbss_desktop.core.settings import REGISTRY
from fbss_desktop.rules.case import Case, ReferenceTables

ANTITHROMBOTIC_CLASSES = ("anticoagulant", "antiplatelet")
LEG_LOCATIONS = ("thigh", "below_knee", "foot")
WOUND_CONCERNS = ("erythema", "drainage", "dehiscence")


class NeedsInput(Exception):
    """Raised by a fact that cannot be computed; the message names the input needed."""


# argument kinds: where the argument's codes (and their labels) come from
ARG_LISTS = {
    "red_flag": "red_flag",
    "comorbidity": "comorbidity",
    "device": "device",
    "medicine_history": "medicine_history",
    "allergen": "allergen",
    "medication_class": "medication_class",
    "pain_location": "pain_location",
    "study_type": "study_type",
    "finding": "finding",
    "pain_generator": "pain_generator",
    "icd10": "icd10",
    "lab_test": "lab_test",
}


@dataclass(frozen=True)
class FactSpec:
    name: str
    compute: Callable[[Facts, str, PlanItem | None], Any]
    label: str
    arg: str = ""  # an ARG_LISTS key, "drug", "treatment", "instrument", "answer", "detail" or "" (none)
    item: bool = False
    unit: str = ""


FACTS: dict[str, FactSpec] = {}


def fact(name: str, label: str, *, arg: str = "", item: bool = False, unit: str = "") -> Callable[[Any], Any]:
    def register(fn: Callable[[Facts, str, PlanItem | None], Any]) -> Callable[[Facts, str, PlanItem | None], Any]:
        FACTS[name] = FactSpec(name, fn, label, arg, item, unit)
        return fn

    return register


def split(reference: str) -> tuple[str, str]:
    name, _, arg = reference.partition(":")
    return name, arg


class Facts:
    """The facts of one case, computed on demand and remembered."""

    def __init__(self, case: Case, tables: ReferenceTables) -> None:
        self.case = case
        self.tables = tables
        self.consult = case.consult
        self.history = case.consult.history
        self.plan = case.plan
        self.day = case.consult.consult_date
        self._cache: dict[tuple[str, str], Any] = {}

    # --- the interface the engine uses ---------------------------------------------------------------
    def value(self, reference: str, item: PlanItem | None = None) -> Any:
        """The fact's value; None when unknown. Raises NeedsInput to name a precise missing input."""
        name, arg = split(reference)
        spec = FACTS[name]
        key = (reference, item.key if (spec.item and item is not None) else "")
        if key not in self._cache:
            try:
                self._cache[key] = spec.compute(self, arg, item)
            except NeedsInput as exc:
                self._cache[key] = exc
        cached = self._cache[key]
        if isinstance(cached, NeedsInput):
            raise cached
        return cached

    def label(self, reference: str, item: PlanItem | None = None) -> str:
        name, arg = split(reference)
        spec = FACTS[name]
        if name == "item.detail" and item is not None:
            detail = self.tables.catalogue[item.treatment].detail(arg)
            if detail is not None:
                return _lower_first(detail.label)
        return spec.label.replace("{arg}", self.arg_label(spec.arg, arg)) if arg else spec.label

    def arg_label(self, kind: str, arg: str) -> str:
        if kind == "days":
            return arg
        if kind in ARG_LISTS:
            return _lower_first(self.tables.vocabulary[ARG_LISTS[kind]].label(arg))
        if kind == "drug":
            drug = self.tables.medications.drug(arg)
            return drug.label.lower() if drug else arg
        if kind == "treatment":
            treatment = self.tables.catalogue.get(arg)
            return treatment.label if treatment else arg
        if kind == "instrument":
            instrument = self.tables.instruments.get(arg)
            return instrument.name if instrument else arg
        if kind == "answer":
            code, _, number = arg.partition(".")
            instrument = self.tables.instruments.get(code)
            return f"{instrument.name if instrument else code} item {number}"
        return arg.replace("_", " ")

    def show(self, reference: str, value: Any, item: PlanItem | None = None) -> str:
        name, arg = split(reference)
        unit = FACTS[name].unit
        if name == "item.detail" and item is not None and value is not None:
            detail = self.tables.catalogue[item.treatment].detail(arg)
            if detail is not None and detail.choices:
                return _lower_first(self.tables.catalogue.choices[detail.choices].label(str(value)))
            unit = detail.unit if detail is not None else ""
        if value is None:
            return "not recorded"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            text = f"{round(value, 1):g}"
            return _with_unit(text, unit)
        if isinstance(value, int):
            return _with_unit(str(value), unit)
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value) or "none"
        return str(value).replace("_", " ")

    # --- shared views of the case --------------------------------------------------------------------
    @cached_property
    def age(self) -> int:
        return self.case.patient.age(self.day)

    def catalogue_item(self, item: PlanItem) -> Any:
        return self.tables.catalogue[item.treatment]

    @cached_property
    def planned_medications(self) -> tuple[Medication, ...]:
        result = []
        for item in self.plan.active_items():
            treatment = self.tables.catalogue[item.treatment]
            if not treatment.is_medication:
                continue
            drug = self.tables.medications.drug(treatment.drug_of(item.details))
            if drug is None:
                continue
            dose, per_day = item.detail("dose"), item.detail("per_day")
            medication = Medication(
                name=drug.label,
                drug=drug.code,
                classes=drug.classes,
                dose=float(dose) if dose is not None else None,
                unit=drug.unit,
                per_day=float(per_day) if per_day is not None else None,
                note=item.key,
            )
            mme = self.tables.medications.mme_per_day(medication, self.case.settings.get("medications.mme_table"))
            result.append(Medication(**{**medication.__dict__, "mme_per_day": mme}))
        return tuple(result)

    @cached_property
    def active_medications(self) -> tuple[Medication, ...]:
        """Current medicines and those the plan starts. A planned course of a drug replaces the current one."""
        planned = self.planned_medications
        planned_drugs = {m.drug for m in planned}
        current = tuple(m for m in self.history.medications if not (m.drug and m.drug in planned_drugs))
        return current + planned

    def medications_of_class(self, code: str) -> tuple[Medication, ...]:
        return tuple(m for m in self.active_medications if m.has_class(code))

    @cached_property
    def consults(self) -> tuple[Any, ...]:
        return (self.consult, *self.case.earlier_consults)

    @cached_property
    def previous(self) -> Any:
        return self.case.earlier_consults[0] if self.case.earlier_consults else None

    @cached_property
    def studies(self) -> tuple[Study, ...]:
        return tuple(study for consult in self.consults for study in consult.studies)

    @cached_property
    def procedures(self) -> tuple[PriorProcedure, ...]:
        """Earlier procedures from every consult of the patient, each once."""
        seen: dict[tuple[str, str, str, tuple[str, ...]], PriorProcedure] = {}
        for consult in self.consults:
            for proc in consult.history.prior_procedures:
                key = (proc.procedure, str(proc.performed), proc.region, proc.levels)
                seen.setdefault(key, proc)
        return tuple(sorted(seen.values(), key=lambda p: p.performed.latest, reverse=True))

    def procedures_done(self, code: str) -> tuple[PriorProcedure, ...]:
        """Every earlier procedure of this kind up to the consult day."""
        return tuple(p for p in self.procedures if p.procedure == code and p.performed.latest <= self.day)

    def procedures_within(self, code: str, days: int) -> tuple[PriorProcedure, ...]:
        start = self.day - dt.timedelta(days=days)
        return tuple(p for p in self.procedures if p.procedure == code and start < p.performed.latest <= self.day)

    @cached_property
    def latest_surgery_day(self) -> dt.date | None:
        days = [s.performed.latest for s in self.case.surgeries if s.performed.earliest <= self.day]
        return max(days) if days else None

    def lab(self, test: str) -> float | None:
        values = [(s.performed, lab.value) for s in self.studies for lab in s.labs if lab.test == test]
        return max(values, key=lambda pair: pair[0])[1] if values else None

    def done_anywhere(self, code: str) -> bool:
        if any(p.procedure == code for p in self.procedures):
            return True
        plans = [self.plan, *(p.plan for p in self.case.earlier_plans)]
        return any(i.treatment == code and i.status is ItemStatus.DONE for plan in plans for i in plan.items)

    def items_before(self, item: PlanItem, *codes: str) -> tuple[PlanItem, ...]:
        """Active items of `codes` planned in an earlier phase than `item`, or earlier in the same phase."""
        items = self.plan.active_items(*codes)
        order = [i.key for i in self.plan.items]
        return tuple(
            i
            for i in items
            if i.key != item.key
            and (i.phase, order.index(i.key)) < (item.phase, order.index(item.key) if item.key in order else 0)
        )


def _with_unit(text: str, unit: str) -> str:
    return f"{text}{unit}" if unit[:1] in ("%", "/") else f"{text} {unit}".strip()


def _lower_first(label: str) -> str:
    """ "Chronic kidney disease" -> "chronic kidney disease", but "MRI ..." stays as it is."""
    return label if re.match(r"[A-Z][A-Z0-9]", label) else label[:1].lower() + label[1:]


def _item(item: PlanItem | None) -> PlanItem:
    if item is None:
        raise ValueError("an item fact was asked without an item")
    return item


def _known(values: Iterable[bool | None]) -> bool | None:
    """True if any is True, False if all are False, else None."""
    values = list(values)
    if any(v is True for v in values):
        return True
    return False if values and all(v is False for v in values) else None


# --- the patient ----------------------------------------------------------------------------------------
@fact("age", "age", unit="years")
def _age(f: Facts, arg: str, item: PlanItem | None) -> int:
    return f.age


@fact("sex", "sex")
def _sex(f: Facts, arg: str, item: PlanItem | None) -> str | None:
    value = f.case.patient.sex.value
    return value if value in ("F", "M") else None


@fact("red_flag", "red flag: {arg}", arg="red_flag")
def _red_flag(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    return f.history.red_flags.get(arg)


@fact("comorbidity", "comorbidity: {arg}", arg="comorbidity")
def _comorbidity(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    return f.history.comorbidities.get(arg)


@fact("device", "implanted device or need: {arg}", arg="device")
def _device(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    return f.history.devices.get(arg)


@fact("medicine_history", "recent medicine history: {arg}", arg="medicine_history")
def _medicine_history(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    return f.history.medicine_history.get(arg)


@fact("allergy", "allergy: {arg}", arg="allergen")
def _allergy(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    if any(a.substance == arg for a in f.history.allergies):
        return True
    return False if (f.history.allergies or f.history.no_known_allergies) else None


@fact("substance_use", "substance use")
def _substance_use(f: Facts, arg: str, item: PlanItem | None) -> str | None:
    return f.history.substance_use or None


@fact("alcohol", "alcohol use")
def _alcohol(f: Facts, arg: str, item: PlanItem | None) -> str | None:
    return f.history.alcohol or None


@fact("prior_overdose", "earlier overdose")
def _prior_overdose(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    return f.history.prior_overdose


# --- medicines ------------------------------------------------------------------------------------------
@fact("active_class", "taking or starting: {arg}", arg="medication_class")
def _active_class(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.medications_of_class(arg))


@fact("active_drug", "taking or starting {arg}", arg="drug")
def _active_drug(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(m.drug == arg for m in f.active_medications)


@fact("drugs_of_class", "{arg}", arg="medication_class")
def _drugs_of_class(f: Facts, arg: str, item: PlanItem | None) -> list[str]:
    return list(dict.fromkeys(m.name for m in f.medications_of_class(arg)))


@fact("antithrombotics", "blood thinners")
def _antithrombotics(f: Facts, arg: str, item: PlanItem | None) -> list[str]:
    return list(dict.fromkeys(m.name for c in ANTITHROMBOTIC_CLASSES for m in f.medications_of_class(c)))


@fact("mme_total", "opioid dose", unit="MME a day")
def _mme_total(f: Facts, arg: str, item: PlanItem | None) -> float:
    return round(sum(m.mme_per_day or 0 for m in f.medications_of_class("opioid")), 1)


@fact("naloxone_available", "naloxone at home or planned")
def _naloxone(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(m.drug == "naloxone" for m in f.active_medications)


@fact("taking_class", "taking now: {arg}", arg="medication_class")
def _taking_class(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(m.has_class(arg) for m in f.history.medications)


@fact("nsaid_planned_weeks", "longest planned NSAID course", unit="weeks")
def _nsaid_weeks(f: Facts, arg: str, item: PlanItem | None) -> float:
    courses = [i.detail("duration_weeks") for i in f.plan.active_items("NSAID")]
    if any(c is None for c in courses):
        raise NeedsInput("how many weeks the planned NSAID is for")
    return max((float(c) for c in courses), default=0.0)


@fact("daily_mg", "daily dose of {arg}", arg="drug", unit="mg a day")
def _daily_mg(f: Facts, arg: str, item: PlanItem | None) -> float:
    total = 0.0
    for m in f.active_medications:
        if m.drug != arg:
            continue
        if m.dose is None or m.per_day is None or m.unit != "mg":
            raise NeedsInput(f"the dose and times a day of {m.name}")
        total += m.dose * m.per_day
    return total


@fact("renal_max", "highest daily dose of {arg} for the kidney function", arg="drug", unit="mg a day")
def _renal_max(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    clearance = _renal(f, "", None)
    return None if clearance is None else f.tables.renal_max(arg, clearance)


@fact("hold_advice", "usual hold before this procedure")
def _hold_advice(f: Facts, arg: str, item: PlanItem | None) -> str:
    item = _item(item)
    risk = _bleeding_class(f, "", item) or "intermediate"
    parts = []
    for m in (*f.medications_of_class("anticoagulant"), *f.medications_of_class("antiplatelet")):
        hold = f.tables.holds.get(m.drug)
        if hold is None:
            parts.append(f"{m.name}: no hold time on file")
            continue
        note = " (not confirmed for pain procedures)" if hold.get("unconfirmed") else ""
        parts.append(f"{m.name}: hold {hold[risk]}, restart {hold['restart']}{note}")
    return "; ".join(dict.fromkeys(parts)) or "none"


@fact("nsaid_hold", "NSAID stop times before a high-risk procedure")
def _nsaid_hold(f: Facts, arg: str, item: PlanItem | None) -> str:
    parts = []
    for m in f.medications_of_class("nsaid"):
        days = f.tables.nsaid_hold_days.get(m.drug)
        otherwise = f.tables.nsaid_hold_otherwise
        parts.append(f"{m.name}: {days} day{'s' if days != 1 else ''}" if days else f"{m.name}: {otherwise}")
    return "; ".join(dict.fromkeys(parts)) or "none"


# --- kidney, liver, labs --------------------------------------------------------------------------------
@fact("renal_function", "kidney function (eGFR, or creatinine with weight)", unit="mL/min")
def _renal(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    """Creatinine clearance (Cockcroft-Gault) when creatinine and weight are known, else eGFR."""
    creatinine = f.history.creatinine_mg_dl or f.lab("creatinine")
    weight = f.history.weight_kg
    sex = f.case.patient.sex.value
    if creatinine and weight and sex in ("F", "M"):
        return f.tables.creatinine_clearance(age=f.age, weight_kg=weight, creatinine_mg_dl=creatinine, sex=sex)
    egfr = f.history.egfr or f.lab("egfr")
    return float(egfr) if egfr is not None else None


@fact("lab", "latest {arg}", arg="lab_test")
def _lab(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    if arg == "egfr" and f.history.egfr is not None:
        return f.history.egfr
    return f.lab(arg)


# --- pain, symptoms and examination ---------------------------------------------------------------------
@fact("pain_duration_months", "how long the pain has lasted", unit="months")
def _duration(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.pain_duration_months


@fact("pain_nrs", "worst pain score now (back or leg)", unit="/10")
def _pain_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    h = f.history
    values = [v for v in (h.back_nrs_now, h.leg_nrs_now, h.back_nrs_average, h.leg_nrs_average) if v is not None]
    return max(values) if values else None


@fact("back_nrs", "back pain now", unit="/10")
def _back_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.back_nrs_now


@fact("leg_nrs", "leg pain now", unit="/10")
def _leg_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.leg_nrs_now


@fact("leg_share_percent", "share of the pain in the leg", unit="%")
def _leg_share(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.leg_share_percent


@fact("radicular", "radicular (leg) pain or signs")
def _radicular(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    h, exam = f.history, f.consult.exam
    signs = [
        h.leg_share_percent > 0 if h.leg_share_percent is not None else None,
        any(loc in h.pain_locations for loc in LEG_LOCATIONS) if h.pain_locations else None,
        any(exam.slr.values()) if exam.slr else None,
    ]
    return _known(signs)


@fact("pain_location", "pain in the {arg}", arg="pain_location")
def _pain_location(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    locations = f.history.pain_locations
    return arg in locations if locations else None


@fact("course", "course since surgery")
def _course(f: Facts, arg: str, item: PlanItem | None) -> str | None:
    return f.history.course or None


@fact("new_or_progressing", "new or progressing symptoms")
def _new_or_progressing(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    h = f.history
    return _known(
        [
            h.course in ("improved_then_recurred", "new_pain") if h.course else None,
            h.red_flags.get("progressive_weakness"),
            _back_worse(f, "", None),
        ]
    )


@fact("pain_worsening", "pain worse than at the last visit (or back since surgery)")
def _back_worse(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    previous = f.previous
    now = _pain_nrs(f, "", None)
    if previous is None:  # a first visit: the course since surgery says whether pain came back or is new
        course = f.history.course
        return course in ("improved_then_recurred", "new_pain") if course else None
    if now is None:
        return None
    h = previous.history
    before = [v for v in (h.back_nrs_now, h.leg_nrs_now, h.back_nrs_average, h.leg_nrs_average) if v is not None]
    return now > max(before) if before else None


@fact("no_improvement", "no improvement over at least {arg} days", arg="days")
def _no_improvement(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    now = _pain_nrs(f, "", None)
    for previous in f.case.earlier_consults:
        if (f.day - previous.consult_date).days < int(arg):
            continue
        h = previous.history
        before = [v for v in (h.back_nrs_now, h.leg_nrs_now, h.back_nrs_average, h.leg_nrs_average) if v is not None]
        if now is None or not before:
            return None
        return bool(now >= max(before))
    return None


@fact("weak_roots", "nerve roots with weakness", unit="roots")
def _weak_roots(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    motor = f.consult.exam.motor
    if not motor:
        return None
    return len({myotome for myotome, _side in f.consult.exam.weak_myotomes()})


@fact("bilateral_weakness", "weakness in both legs")
def _bilateral(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    motor = f.consult.exam.motor
    if not motor:
        return None
    sides = {side for _myotome, side in f.consult.exam.weak_myotomes()}
    return sides >= {"left", "right"}


@fact("weakest_motor_grade", "weakest muscle strength", unit="/5")
def _weakest_grade(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    grades = [grade for sides in f.consult.exam.motor.values() for grade in sides.values()]
    return min(grades) if grades else None


@fact("motor_decline", "strength lower than at the last examination")
def _motor_decline(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    now = f.consult.exam.motor
    if not now:
        return None
    before = next((c.exam.motor for c in f.case.earlier_consults if c.exam.motor), None)
    if before is None:
        return False  # a first examination cannot show a fall
    compared = [
        grade < before[myotome][side]
        for myotome, sides in now.items()
        for side, grade in sides.items()
        if side in before.get(myotome, {})
    ]
    return any(compared) if compared else None


@fact("temperature_c", "temperature", unit="°C")
def _temperature(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    return f.consult.exam.temperature_c


@fact("wound_concern", "wound redness, drainage or breakdown")
def _wound(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    incision = f.consult.exam.incision
    return _known(
        [f.history.red_flags.get("wound_problem"), incision in WOUND_CONCERNS if incision else None],
    )


@fact("sij_positive", "positive sacroiliac provocation tests", unit="of 6")
def _sij(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.consult.exam.sij_positive if f.consult.exam.sij_tests else None


@fact("sij_cluster", "a positive sacroiliac provocation cluster")
def _sij_cluster(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    """The cluster rule is data (vocabulary "sij_test", its "cluster"); core applies it when the consult is read."""
    return f.consult.exam.sij_cluster_positive


# --- surgery, imaging and assessment --------------------------------------------------------------------
@fact("prior_spine_surgery", "earlier spine surgery")
def _prior_surgery(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    if f.case.surgeries:
        return True
    operations = f.history.spine_operations
    return operations > 0 if operations is not None else None


@fact("surgeries_recorded", "spine operations recorded in the surgical history", unit="")
def _surgeries_recorded(f: Facts, arg: str, item: PlanItem | None) -> int:
    return len(f.case.surgeries)


@fact("days_since_surgery", "days since the last spine surgery", unit="days")
def _days_since(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    day = f.latest_surgery_day
    return (f.day - day).days if day else None


@fact("fusion", "earlier fusion")
def _fusion(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    if any(s.fusion for s in f.case.surgeries):
        return True
    return False if f.case.surgeries else None


@fact("fusion_to_sacrum", "fusion down to the sacrum")
def _fusion_sacrum(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    if not f.case.surgeries:
        return None
    return any(s.fusion and any(level.endswith("S1") for level in s.levels) for s in f.case.surgeries)


@fact("study", "{arg} on file", arg="study_type")
def _study(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(s.kind == arg for s in f.studies)


@fact("study_since_surgery", "{arg} since the last surgery", arg="study_type")
def _study_since(f: Facts, arg: str, item: PlanItem | None) -> bool:
    after = f.latest_surgery_day or dt.date.min
    return any(s.kind == arg and s.performed.latest >= after for s in f.studies)


@fact("imaging_finding", "imaging shows {arg}", arg="finding")
def _imaging_finding(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(finding.finding == arg for s in f.studies for finding in s.findings)


@fact("generator", "working diagnosis: {arg}", arg="pain_generator")
def _generator(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    generators = f.consult.assessment.generators
    return arg in generators if generators else None


@fact("icd10", "diagnosis code {arg}", arg="icd10")
def _icd10(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return arg in f.consult.assessment.icd10


@fact("score", "{arg} score", arg="instrument")
def _score(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    return f.consult.score_of(arg)


@fact("answer", "{arg}", arg="answer")
def _answer(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    code, _, number = arg.partition(".")
    scored = f.consult.questionnaires.get(code)
    if scored is None:
        return None
    index = int(number) - 1
    answers = scored.response.answers
    return answers[index] if index < len(answers) else None


@fact("startback_psychosocial", "STarT Back psychosocial subscale", unit="of 5")
def _startback(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    scored = f.consult.questionnaires.get("startback")
    if scored is None or scored.score.total is None:
        return None
    return scored.score.subscales.get("psychosocial")


@fact("psych_evaluation_on_file", "psychological evaluation on file")
def _psych_on_file(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return f.done_anywhere("PSYCH_EVALUATION")


def _setting(f: Facts, key: str) -> Any:
    """A clinic setting, or its declared default where the case carries none (the registry's, not restated)."""
    return f.case.settings.get(key, REGISTRY[key].default)


@fact("positive_mbb_on_file", "medial branch block with enough relief on file")
def _positive_mbb(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    blocks = [p for p in f.procedures if p.procedure == "MEDIAL_BRANCH_BLOCK"]
    if not blocks:
        return False
    threshold = _setting(f, "rfa.mbb_relief_percent")
    required = _setting(f, "rfa.mbb_blocks_required")
    reliefs = [p.relief_percent for p in blocks]
    if sum(1 for r in reliefs if r is not None and r >= threshold) >= required:
        return True
    if any(r is None for r in reliefs):
        raise NeedsInput("the relief the earlier medial branch block gave")
    return False


@fact("scs_trial_on_file", "spinal cord stimulator trial on file")
def _scs_trial(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return f.done_anywhere("SCS_TRIAL")


@fact("steroid_mpe_within", "steroid injected in {arg} days, with this plan", arg="days", unit="mg methylprednisolone")
def _steroid_year(f: Facts, arg: str, item: PlanItem | None) -> float:
    total = 0.0
    steroid_treatments = f.tables.catalogue.steroid_treatments
    for code in steroid_treatments:
        for proc in f.procedures_within(code, int(arg)):
            if proc.steroid_mpe_mg is None:
                raise NeedsInput(f"the steroid dose of the earlier {code.replace('_', ' ')} of {proc.performed}")
            total += proc.steroid_mpe_mg
    for planned in f.plan.active_items(*steroid_treatments):
        steroid, dose = planned.detail("steroid"), planned.detail("steroid_mg")
        if steroid is None or (dose is None and steroid != "none"):
            treatment = f.tables.catalogue[planned.treatment].label
            raise NeedsInput(f"the steroid and its dose for the planned {treatment.lower()}")
        info = f.tables.catalogue.steroid(steroid)
        total += (dose or 0) * (info.mpe_factor if info else 1.0)
    return round(total, 1)


# --- the plan -------------------------------------------------------------------------------------------
@fact("planned", "{arg} in the plan", arg="treatment")
def _planned(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.plan.active_items(arg))


@fact("planned_study", "{arg} in the plan", arg="study_type")
def _planned_study(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(i.detail("study") == arg for i in f.plan.active_items("IMAGING"))


@fact("planned_referral", "referral to {arg} in the plan", arg="detail")
def _planned_referral(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(i.detail("to") == arg for i in f.plan.active_items("REFERRAL"))


@fact("planned_steroid_injection", "a steroid injection in the plan")
def _planned_steroid(f: Facts, arg: str, item: PlanItem | None) -> bool:
    steroid_treatments = f.tables.catalogue.steroid_treatments
    return any(i.detail("steroid") != "none" for i in f.plan.active_items(*steroid_treatments))


@fact("planned_procedure", "an injection, nerve procedure or stimulator in the plan")
def _planned_procedure(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(f.tables.catalogue[i.treatment].is_procedure for i in f.plan.active_items())


# --- one plan item ----------------------------------------------------------------------------------------
@fact("item.detail", "{arg}", arg="detail", item=True)
def _detail(f: Facts, arg: str, item: PlanItem | None) -> Any:
    return _item(item).detail(arg)


@fact("item.phase", "phase of this item", item=True)
def _phase(f: Facts, arg: str, item: PlanItem | None) -> int:
    return _item(item).phase


@fact("item.bleeding_class", "bleeding-risk class of the procedure", item=True)
def _bleeding_class(f: Facts, arg: str, item: PlanItem | None) -> str | None:
    item = _item(item)
    edition = f.case.settings.get("rules.asra_edition", "asra2018")
    return f.catalogue_item(item).bleeding_class(edition, str(item.detail("region") or "")) or None


@fact("item.neuraxial", "procedure in the spinal canal", item=True)
def _neuraxial(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.catalogue_item(_item(item)).neuraxial)


@fact("item.steroid_particulate", "particulate steroid", item=True)
def _particulate(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    code = _item(item).detail("steroid")
    steroid = f.tables.catalogue.steroid(code) if code else None
    return steroid.particulate if steroid else None


@fact("item.uses_steroid", "steroid in this injection", item=True)
def _uses_steroid(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    code = _item(item).detail("steroid")
    return None if code is None else code != "none"


def _region_esis(f: Facts, item: PlanItem, days: int | None = None) -> list[PriorProcedure]:
    """The earlier ESIs in the planned item's region: within `days` of the consult, or ever (None)."""
    region = item.detail("region")
    if not region:
        raise NeedsInput("the region of the planned ESI")
    result = []
    done = f.procedures_within("ESI", days) if days is not None else f.procedures_done("ESI")
    for proc in done:
        if not proc.region:
            raise NeedsInput(f"the region of the earlier ESI of {proc.performed}")
        if proc.region == region:
            result.append(proc)
    return result


def _esi_count(f: Facts, item: PlanItem, days: int | None) -> int:
    earlier_in_plan = [i for i in f.items_before(item, "ESI") if i.detail("region") == item.detail("region")]
    return len(_region_esis(f, item, days)) + len(earlier_in_plan)


@fact("item.esi_count_within", "ESIs in this region in the last {arg} days", arg="days", item=True, unit="")
def _esi_within(f: Facts, arg: str, item: PlanItem | None) -> int:
    return _esi_count(f, _item(item), int(arg))


@fact("item.repeat_esi", "an earlier ESI in this region", item=True)
def _repeat(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(_region_esis(f, _item(item)))


@fact("item.days_since_last_esi", "days since the last ESI in this region", item=True, unit="days")
def _days_since_esi(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    earlier = _region_esis(f, _item(item))
    return min((f.day - p.performed.latest).days for p in earlier) if earlier else None


@fact("item.last_esi_relief", "relief after the last ESI in this region", item=True, unit="%")
def _last_relief(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    earlier = _region_esis(f, _item(item))
    if not earlier:
        return None
    latest = earlier[0]
    if latest.relief_percent is None:
        raise NeedsInput(f"the relief the ESI of {latest.performed} gave")
    return latest.relief_percent


@fact("item.planned_before", "{arg} planned before this item", arg="treatment", item=True)
def _planned_before(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.items_before(_item(item), arg))


@fact("item.hold_recorded", "a hold plan agreed with the prescriber", item=True)
def _hold_recorded(f: Facts, arg: str, item: PlanItem | None) -> bool:
    item = _item(item)
    return bool(item.detail("antithrombotic_hold")) and item.detail("prescriber_agreed") == "yes"
