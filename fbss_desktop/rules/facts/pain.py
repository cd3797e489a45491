"""Facts about the pain: how long, how bad (NRS), where, radicular or not, its course since surgery, and
whether it is worse or no better than at an earlier visit.

A consult is about one region (`ConsultRecord.region`): the lumbar spine's scores are the back and the leg,
the neck's the neck and the arm, and radicular pain is leg pain or arm pain accordingly."""

from __future__ import annotations

from fbss_desktop.core.consult_record import CERVICAL, History
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, _known, fact

LEG_LOCATIONS = ("thigh", "below_knee", "foot")
ARM_LOCATIONS = ("arm",)


def region_scores(h: History, region: str) -> list[int]:
    """The pain scores (now and average) a consult about `region` records."""
    if region == CERVICAL:
        values = (h.neck_nrs_now, h.arm_nrs_now, h.neck_nrs_average, h.arm_nrs_average)
    else:
        values = (h.back_nrs_now, h.leg_nrs_now, h.back_nrs_average, h.leg_nrs_average)
    return [v for v in values if v is not None]


@fact("pain_duration_months", "how long the pain has lasted", unit="months")
def _duration(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.pain_duration_months


@fact("pain_nrs", "worst pain score now (back or leg)", unit="/10", cervical="worst pain score now (neck or arm)")
def _pain_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    values = region_scores(f.history, f.region)
    return max(values) if values else None


@fact("back_nrs", "back pain now", unit="/10")
def _back_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.back_nrs_now


@fact("leg_nrs", "leg pain now", unit="/10")
def _leg_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.leg_nrs_now


@fact("neck_nrs", "neck pain now", unit="/10")
def _neck_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.neck_nrs_now


@fact("arm_nrs", "arm pain now", unit="/10")
def _arm_nrs(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.arm_nrs_now


@fact("leg_share_percent", "share of the pain in the leg", unit="%")
def _leg_share(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.leg_share_percent


@fact("arm_share_percent", "share of the pain in the arm", unit="%")
def _arm_share(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    return f.history.arm_share_percent


@fact("region", "region of the consult")
def _region(f: Facts, arg: str, item: PlanItem | None) -> str:
    return f.region


@fact("radicular", "radicular (leg) pain or signs", cervical="radicular (arm) pain or signs")
def _radicular(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    h, exam = f.history, f.consult.exam
    if f.region == CERVICAL:  # arm pain, or a positive Spurling test (the neck's nerve-root sign)
        return _known(
            [
                h.arm_share_percent > 0 if h.arm_share_percent is not None else None,
                any(loc in h.pain_locations for loc in ARM_LOCATIONS) if h.pain_locations else None,
                any(exam.spurling.values()) if exam.spurling else None,
            ]
        )
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
    before = region_scores(previous.history, f.region)
    return now > max(before) if before else None


@fact("no_improvement", "no improvement over at least {arg} days", arg="days")
def _no_improvement(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    now = _pain_nrs(f, "", None)
    for previous in f.case.earlier_consults:
        if (f.day - previous.consult_date).days < int(arg):
            continue
        before = region_scores(previous.history, f.region)
        if now is None or not before:
            return None
        return bool(now >= max(before))
    return None
