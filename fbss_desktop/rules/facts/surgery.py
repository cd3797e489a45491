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
