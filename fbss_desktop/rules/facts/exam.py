"""Facts from the examination: weakness (roots, sides, weakest grade, decline), temperature, the wound, and
the sacroiliac provocation tests."""

from __future__ import annotations

from fbss_desktop.core.consult_record import CERVICAL, LUMBAR
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.facts.registry import Facts, _known, fact

WOUND_CONCERNS = ("erythema", "drainage", "dehiscence")


@fact("weak_roots", "nerve roots with weakness", unit="roots")
def _weak_roots(f: Facts, arg: str, item: PlanItem | None) -> int | None:
    motor = f.consult.exam.motor
    if not motor:
        return None
    return len({myotome for myotome, _side in f.consult.exam.weak_myotomes()})


@fact("bilateral_weakness", "weakness in both legs")
def _bilateral(f: Facts, arg: str, item: PlanItem | None) -> bool | None:
    """Both legs: only the lumbar myotomes count (weakness of both arms is not a cauda equina feature)."""
    myotomes = f.tables.vocabulary["myotome"]
    legs = {code for code in f.consult.exam.motor if (c := myotomes.get(code)) is not None and c.belongs_to(LUMBAR)}
    if not legs:
        if f.region == CERVICAL and f.consult.history.red_flags.get("bilateral_leg_symptoms") is False:
            # a neck examination has no leg myotomes; the patient said no to weakness in both legs
            return False
        return None
    sides = {side for myotome, side in f.consult.exam.weak_myotomes() if myotome in legs}
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
