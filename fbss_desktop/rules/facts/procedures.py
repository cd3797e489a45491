"""Facts about earlier procedures: psychological evaluation, medial branch blocks and stimulator trial on
file, steroid given over a period (with the plan's), and for a planned ESI the earlier ESIs in its region
(how many, how long ago, the relief they gave)."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.consult_record import PriorProcedure
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.core.procedures import RecordedProcedure
from fbss_desktop.core.settings import REGISTRY
from fbss_desktop.rules.facts.registry import Facts, NeedsInput, _item, fact


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


@fact("item.last_esi_weeks", "how long the last ESI in this region helped", item=True, unit="weeks")
def _last_weeks(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    earlier = _region_esis(f, _item(item))
    return earlier[0].relief_weeks if earlier else None


@fact("item.last_esi_sustained", "the last ESI in this region gave sustained relief", item=True)
def _last_sustained(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    """Enough relief (esi.repeat_relief_percent) for long enough (esi.repeat_relief_weeks), or relief still
    lasting when last asked; None when there is no earlier ESI in the region."""
    earlier = _region_esis(f, _item(item))
    if not earlier:
        return None
    latest = earlier[0]
    if latest.relief_percent is None:
        raise NeedsInput(f"the relief the ESI of {latest.performed} gave")
    if latest.relief_percent < _setting(f, "esi.repeat_relief_percent"):
        return False
    if isinstance(latest, RecordedProcedure) and latest.relief_ongoing:
        return True
    if latest.relief_weeks is None:
        raise NeedsInput(f"how many weeks the relief after the ESI of {latest.performed} lasted")
    return bool(latest.relief_weeks >= _setting(f, "esi.repeat_relief_weeks"))


def _latest_trial(f: Facts) -> PriorProcedure | None:
    trials = f.procedures_done("SCS_TRIAL")
    return trials[0] if trials else None


@fact("item.trial_relief_percent", "relief of the target pain in the stimulator trial", item=True, unit="%")
def _trial_relief(f: Facts, arg: str, item: PlanItem | None) -> float | None:
    typed = _item(item).detail("trial_relief_percent")
    if typed is not None:
        return float(typed)
    trial = _latest_trial(f)
    return float(trial.relief_percent) if trial is not None and trial.relief_percent is not None else None


@fact("item.trial_below_threshold", "the stimulator trial fell short of success", item=True)
def _trial_short(f: Facts, arg: str, item: PlanItem | None) -> bool:
    """Relief and the cut in pain medicines both below the clinic's success threshold (either one reaching it
    is a success). False when no trial is on file (another rule asks for one)."""
    planned = _item(item)
    trial = _latest_trial(f)
    relief = _trial_relief(f, "", planned)
    reduction = planned.detail("trial_medication_reduction_percent")
    if reduction is None and isinstance(trial, RecordedProcedure):
        reduction = trial.medication_reduction_percent
    if relief is None and reduction is None:
        if trial is None:
            return False
        raise NeedsInput("the result of the stimulator trial (its diary, or the relief it gave)")
    threshold = _setting(f, "scs.trial_success_percent")
    return not ((relief is not None and relief >= threshold) or (reduction is not None and reduction >= threshold))
