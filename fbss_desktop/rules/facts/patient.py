"""Facts about the patient: age, sex, red flags, comorbidities, implanted devices, recent medicine history,
allergies, alcohol and substance use, earlier overdose."""

from __future__ import annotations

from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, fact


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
