"""Facts about medicines: classes and drugs taken or started, opioid dose (MME), daily doses, the NSAID
course, kidney function and labs for renal dosing, and the blood-thinner and NSAID holds before a procedure."""

from __future__ import annotations

from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.plan import _bleeding_class
from fbss_desktop.rules.facts.registry import Facts, NeedsInput, _item, fact

ANTITHROMBOTIC_CLASSES = ("anticoagulant", "antiplatelet")


@fact("active_class", "taking or starting: {arg}", arg="medication_class")
def _active_class(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(f.medications_of_class(arg))


@fact("active_drug", "taking or starting {arg}", arg="drug")
def _active_drug(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return any(m.drug == arg for m in f.active_medications)


@fact("active_drugs", "taking or starting one of: {arg}", arg="drugs")
def _active_drugs(f: Facts, arg: str, item: PlanItem | None) -> list[str]:
    """The names of the drugs of the list ("cyclobenzaprine+methocarbamol") the patient takes or starts."""
    wanted = set(arg.split("+"))
    return list(dict.fromkeys(m.name for m in f.active_medications if m.drug in wanted))


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
    if clearance is None:  # what is missing is the kidney function, not a dose: name it
        raise NeedsInput(f.label("renal_function"))
    return f.tables.renal_max(arg, clearance)


@fact("renal_max_lowest", "lowest daily maximum of {arg} at any kidney function", arg="drug", unit="mg a day")
def _renal_max_lowest(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    """The maximum of the lowest kidney-function band (renal_dosing.json): a dose at or under it is within every
    band, so the kidney function need not be asked for."""
    bands = f.tables.renal_bands.get(arg, ())
    return min(b.max_mg_day for b in bands) if bands else None


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
