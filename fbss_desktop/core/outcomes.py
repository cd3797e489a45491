"""Outcome trend across consults: back and leg NRS with the ODI (a lumbar consult), neck and arm NRS with the
NDI (a cervical consult), with the minimal clinically important change and the treatments given between.

The change that counts (MCID) is a clinic setting because the sources disagree. Improvement is measured
from the first consult that recorded the measure (the baseline); a later value at or below
baseline - MCID has changed by at least the minimal important amount. The pain MCID is the NRS's
(clinical-reference.md section 6: IMMPACT's values are for chronic pain in general, so a neck or arm score
uses it too). The NDI has none: the reference gives no minimal important change for it (section 6 has no NDI
entry; resources/questionnaires/ndi.json says so), so it is judged by direction only and no line is drawn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.timeline import Marker


class Measure(StrEnum):
    BACK_NRS = "back_nrs"
    LEG_NRS = "leg_nrs"
    ODI = "odi_percent"
    NECK_NRS = "neck_nrs"
    ARM_NRS = "arm_nrs"
    NDI = "ndi_percent"

    @property
    def label(self) -> str:
        return _LABELS[self.value][0]

    @property
    def mcid_label(self) -> str:
        """The legend's name for the dashed line at baseline less the MCID."""
        return _LABELS[self.value][1]

    @property
    def is_percent(self) -> bool:
        """A disability index in percent (ODI, NDI) rather than a 0-10 pain score."""
        return self in (Measure.ODI, Measure.NDI)

    @property
    def high(self) -> int:
        """The top of the scale: NRS 0-10, ODI and NDI 0-100 %."""
        return 100 if self.is_percent else 10


_LABELS = {
    "back_nrs": ("Back pain (NRS)", "Back pain MCID"),
    "leg_nrs": ("Leg pain (NRS)", "Leg pain MCID"),
    "odi_percent": ("ODI (%)", "ODI MCID"),
    "neck_nrs": ("Neck pain (NRS)", "Neck pain MCID"),
    "arm_nrs": ("Arm pain (NRS)", "Arm pain MCID"),
    "ndi_percent": ("NDI (%)", "NDI MCID"),
}
NO_NDI_MCID = "the clinical reference gives no minimal important change for the NDI"


@dataclass(frozen=True)
class TrendPoint:
    day: dt.date
    consult_id: int
    back_nrs: int | None
    leg_nrs: int | None
    odi_percent: float | None
    neck_nrs: int | None = None
    arm_nrs: int | None = None
    ndi_percent: float | None = None
    region: str = ""  # the consult's region code ("" for a consult written before regions: lumbar)

    def value(self, measure: Measure) -> float | None:
        value: float | None = getattr(self, measure.value)
        return value


@dataclass(frozen=True)
class Trend:
    points: tuple[TrendPoint, ...]  # oldest first
    mcid_nrs: int
    mcid_odi: int
    markers: tuple[Marker, ...] = ()  # the treatments on the timeline (core.timeline), oldest first

    def mcid(self, measure: Measure) -> int | None:
        """The minimal important change of `measure`; None where the reference has none (the NDI)."""
        if measure is Measure.NDI:
            return None
        return self.mcid_odi if measure is Measure.ODI else self.mcid_nrs

    def series(self, measure: Measure) -> tuple[tuple[dt.date, float], ...]:
        return tuple((p.day, v) for p in self.points if (v := p.value(measure)) is not None)

    def baseline(self, measure: Measure) -> float | None:
        series = self.series(measure)
        return series[0][1] if series else None

    def target(self, measure: Measure) -> float | None:
        """The value at or below which a measure has improved by the MCID (None without a baseline)."""
        baseline, mcid = self.baseline(measure), self.mcid(measure)
        return None if baseline is None or mcid is None else max(0.0, baseline - mcid)

    def change(self, measure: Measure) -> float | None:
        """Latest minus baseline (negative is better); None with fewer than two values."""
        series = self.series(measure)
        return series[-1][1] - series[0][1] if len(series) >= 2 else None

    def reached_mcid(self, measure: Measure) -> bool | None:
        """None with fewer than two values, or for a measure without a minimal important change."""
        change, mcid = self.change(measure), self.mcid(measure)
        return None if change is None or mcid is None else -change >= mcid

    def verdict(self, measure: Measure) -> str:
        """The change from baseline in words: reached the MCID, improved less than it, unchanged, or worse."""
        change, mcid = self.change(measure), self.mcid(measure)
        if change is None:
            return "baseline only"
        if mcid is None:  # judged by direction only (NO_NDI_MCID)
            return "no change" if change == 0 else ("better" if change < 0 else "worse")
        if self.reached_mcid(measure):
            return "reached the minimal important change"
        if change > 0:
            return "worse" + (" by at least the minimal important change" if change >= mcid else "")
        return "no change" if change == 0 else "not yet a minimal important change"

    @property
    def visits_with_data(self) -> int:
        return sum(1 for p in self.points if any(p.value(m) is not None for m in Measure))

    @property
    def measures(self) -> tuple[Measure, ...]:
        """The measures recorded at any visit, in the chart's order (a lumbar patient's never name the neck)."""
        return tuple(m for m in Measure if any(p.value(m) is not None for p in self.points))


def outcome_trend(
    consults: Iterable[ConsultSummary], *, mcid_nrs: int, mcid_odi: int, markers: Iterable[Marker] = ()
) -> Trend:
    ordered = sorted(consults, key=lambda c: (c.consult_date, c.id))
    points = tuple(
        TrendPoint(
            c.consult_date,
            c.id,
            c.back_nrs,
            c.leg_nrs,
            c.odi_percent,
            c.neck_nrs,
            c.arm_nrs,
            c.ndi_percent,
            c.region,
        )
        for c in ordered
    )
    return Trend(points, mcid_nrs, mcid_odi, tuple(markers))
