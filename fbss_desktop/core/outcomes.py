"""Outcome trend across consults: back NRS, leg NRS and ODI, with the minimal clinically important change.

The change that counts (MCID) is a clinic setting because the sources disagree. Improvement is measured
from the first consult that recorded the measure (the baseline); a later value at or below
baseline - MCID has changed by at least the minimal important amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fbss_desktop.core.consults import ConsultSummary


class Measure(StrEnum):
    BACK_NRS = "back_nrs"
    LEG_NRS = "leg_nrs"
    ODI = "odi_percent"

    @property
    def label(self) -> str:
        return {"back_nrs": "Back pain (NRS)", "leg_nrs": "Leg pain (NRS)", "odi_percent": "ODI (%)"}[self.value]

    @property
    def mcid_label(self) -> str:
        """The legend's name for the dashed line at baseline less the MCID."""
        return {"back_nrs": "Back pain MCID", "leg_nrs": "Leg pain MCID", "odi_percent": "ODI MCID"}[self.value]

    @property
    def high(self) -> int:
        """The top of the scale: NRS 0-10, ODI 0-100 %."""
        return 100 if self is Measure.ODI else 10


@dataclass(frozen=True)
class TrendPoint:
    day: dt.date
    consult_id: int
    back_nrs: int | None
    leg_nrs: int | None
    odi_percent: float | None

    def value(self, measure: Measure) -> float | None:
        value: float | None = getattr(self, measure.value)
        return value


@dataclass(frozen=True)
class Trend:
    points: tuple[TrendPoint, ...]  # oldest first
    mcid_nrs: int
    mcid_odi: int

    def mcid(self, measure: Measure) -> int:
        return self.mcid_odi if measure is Measure.ODI else self.mcid_nrs

    def series(self, measure: Measure) -> tuple[tuple[dt.date, float], ...]:
        return tuple((p.day, v) for p in self.points if (v := p.value(measure)) is not None)

    def baseline(self, measure: Measure) -> float | None:
        series = self.series(measure)
        return series[0][1] if series else None

    def target(self, measure: Measure) -> float | None:
        """The value at or below which a measure has improved by the MCID (None without a baseline)."""
        baseline = self.baseline(measure)
        return None if baseline is None else max(0.0, baseline - self.mcid(measure))

    def change(self, measure: Measure) -> float | None:
        """Latest minus baseline (negative is better); None with fewer than two values."""
        series = self.series(measure)
        return series[-1][1] - series[0][1] if len(series) >= 2 else None

    def reached_mcid(self, measure: Measure) -> bool | None:
        change = self.change(measure)
        return None if change is None else -change >= self.mcid(measure)

    def verdict(self, measure: Measure) -> str:
        """The change from baseline in words: reached the MCID, improved less than it, unchanged, or worse."""
        change = self.change(measure)
        if change is None:
            return "baseline only"
        if self.reached_mcid(measure):
            return "reached the minimal important change"
        if change > 0:
            return "worse" + (" by at least the minimal important change" if change >= self.mcid(measure) else "")
        return "no change" if change == 0 else "not yet a minimal important change"

    @property
    def visits_with_data(self) -> int:
        return sum(1 for p in self.points if any(p.value(m) is not None for m in Measure))


def outcome_trend(consults: Iterable[ConsultSummary], *, mcid_nrs: int, mcid_odi: int) -> Trend:
    ordered = sorted(consults, key=lambda c: (c.consult_date, c.id))
    points = tuple(TrendPoint(c.consult_date, c.id, c.back_nrs, c.leg_nrs, c.odi_percent) for c in ordered)
    return Trend(points, mcid_nrs, mcid_odi)
