"""Facts about earlier spine surgery (operations, days since, fusion) and the imaging on file."""

from __future__ import annotations

import datetime as dt

from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, fact


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


@fact(
    "finding_since_surgery_besides", "imaging since the last surgery shows something other than {arg}", arg="findings"
)
def _finding_besides(f: Facts, arg: str, item: PlanItem | None) -> bool:
    """A cause seen on imaging done since the last surgery, other than those listed ("recurrent_disc+...")."""
    after = f.latest_surgery_day or dt.date.min
    listed = set(arg.split("+"))
    return any(
        finding.finding not in listed for s in f.studies if s.performed.latest >= after for finding in s.findings
    )


@fact("days_surgery_to_lab", "days from the last surgery to the latest {arg}", arg="lab_test", unit="days")
def _days_to_lab(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    """How long after the last spine surgery the latest result of the test was taken (negative: before it)."""
    surgery = f.latest_surgery_day
    taken = [s.performed for s in f.studies if any(lab.test == arg for lab in s.labs)]
    if surgery is None or not taken:
        return None
    return (max(taken).earliest - surgery).days
