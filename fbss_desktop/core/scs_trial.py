"""A spinal cord stimulator trial judged from its diary: the patient's daily pain, relief, activity and
medicines over the trial days, against the clinic's success threshold.

The trial succeeds when the average relief the patient reported reaches the threshold (at least 50% of the
target pain in the sources: clinical-reference.md section 3.6, "Trial success"), or when analgesic use fell by
that much (a Medicare contractor's checklist accepts either). Days without a relief entry do not count; a
trial with no relief entry at all cannot be judged yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from statistics import mean

from fbss_desktop.core.procedures import DiaryDay, Procedure


@dataclass(frozen=True)
class TrialResult:
    days: int  # diary days with a relief entry
    average_relief: float | None  # %
    average_nrs: float | None
    baseline_nrs: int | None  # the pain before the trial (the record's NRS before)
    medication_reduction: int | None  # %
    threshold: int  # % relief (or analgesic reduction) that counts as success
    more_active_days: int = 0

    @property
    def pain_reduction(self) -> float | None:
        """How much the average diary pain fell from the baseline, in % of the baseline."""
        if self.baseline_nrs is None or self.average_nrs is None or self.baseline_nrs == 0:
            return None
        return round((self.baseline_nrs - self.average_nrs) / self.baseline_nrs * 100, 1)

    @property
    def success(self) -> bool | None:
        """True or False once the diary (or the analgesic reduction) says; None while it cannot be judged."""
        by_relief = None if self.average_relief is None else self.average_relief >= self.threshold
        by_medicines = None if self.medication_reduction is None else self.medication_reduction >= self.threshold
        if by_relief or by_medicines:
            return True
        if by_relief is None and by_medicines is None:
            return None
        return False

    @property
    def summary(self) -> str:
        """One line for the record, the note and the rules' inputs."""
        if self.success is None:
            return "not judged yet: no relief recorded in the diary"
        parts = []
        if self.average_relief is not None:
            parts.append(f"average relief {self.average_relief:g}% over {self.days} day{'s' if self.days != 1 else ''}")
        if self.pain_reduction is not None:
            parts.append(
                f"pain {self.baseline_nrs} before, {self.average_nrs:g} on average ({self.pain_reduction:g}% less)"
            )
        if self.medication_reduction is not None:
            parts.append(f"pain medicines {self.medication_reduction}% less")
        verdict = "successful" if self.success else "below the success threshold"
        return f"{verdict} (threshold {self.threshold}%): " + "; ".join(parts)


def average_relief(procedure: Procedure) -> float | None:
    """The diary's average relief (%) over the days rated, or None before any."""
    rated = [d.relief_percent for d in procedure.diary if d.relief_percent is not None]
    return round(mean(rated), 1) if rated else None


def judge(procedure: Procedure, threshold: int) -> TrialResult:
    rated = [d for d in procedure.diary if d.relief_percent is not None]
    pains = [d.nrs for d in procedure.diary if d.nrs is not None]
    return TrialResult(
        days=len(rated),
        average_relief=round(mean(d.relief_percent or 0 for d in rated), 1) if rated else None,
        average_nrs=round(mean(pains), 1) if pains else None,
        baseline_nrs=procedure.nrs_before,
        medication_reduction=procedure.medication_reduction_percent,
        threshold=threshold,
        more_active_days=sum(1 for d in procedure.diary if d.activity == "more"),
    )


def diary_days(start: dt.date, count: int, kept: tuple[DiaryDay, ...] = ()) -> tuple[DiaryDay, ...]:
    """The trial's days from `start`, `count` of them, keeping what was already entered for each day."""
    by_day = {d.day: d for d in kept}
    return tuple(by_day.get(start + dt.timedelta(days=n), DiaryDay(start + dt.timedelta(days=n))) for n in range(count))


def trial_days(procedure: Procedure, count: int) -> tuple[DiaryDay, ...]:
    """The trial's diary days, from the day after the leads went in (the patient's first full day), with what
    was already entered."""
    return diary_days(procedure.performed_on + dt.timedelta(days=1), count, procedure.diary)
