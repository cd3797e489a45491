"""Facts about the conservative care tried before a procedure is asked for (core/conservative_care.py): a
treatment tried (a procedure the history lists, or a plan item done or stopped), the weeks of physical
therapy, and the medicines tried, the stopped ones included. The payer criteria of a medical-necessity letter
read them (resources/rules/necessity_criteria.json)."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.conservative_care import ConservativeCare, gather, step_of
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, fact


def care_of(f: Facts) -> ConservativeCare:
    """The care the case documents up to its consult, gathered once per case."""
    cached: Any = f.__dict__.get("_conservative_care")
    if cached is None:
        plans = [(f.day, f.plan), *((p.consult_date, p.plan) for p in f.case.earlier_plans)]
        catalogue = f.tables.catalogue
        recorded = [step_of(p, catalogue) for p in f.case.procedures]  # the procedure records
        cached = gather(f.consults, plans, catalogue, f.tables.medications, recorded=recorded, until=f.day)
        f.__dict__["_conservative_care"] = cached
    return cached  # type: ignore[no-any-return]


@fact("tried", "{arg} tried", arg="treatment")
def _tried(f: Facts, arg: str, item: PlanItem | None) -> bool:
    return bool(care_of(f).tried(arg))


@fact("therapy_weeks", "weeks of physical therapy on file", unit="weeks")
def _therapy_weeks(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return care_of(f).therapy_weeks


@fact("medicines_tried", "medicines tried (current and stopped)", unit="")
def _medicines_tried(f: Facts, arg: str, item: PlanItem | None) -> int:
    return len(care_of(f).medicines)


@fact("medicines_stopped", "medicines tried and stopped", unit="")
def _medicines_stopped(f: Facts, arg: str, item: PlanItem | None) -> int:
    return sum(1 for m in care_of(f).medicines if not m.current)
