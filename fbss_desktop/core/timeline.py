"""Treatment markers on the outcome trend: the procedures done and the medicine changes between visits, by day.

Pure: the services hand in the procedure records, the consults' history lines of earlier procedures and each
visit's medicine list; the chart (in the app and on the plan's PDF) draws what this returns and works nothing
out. A medicine change is read from two consecutive visits' lists (started, stopped, dose up or down), so it
is placed on the later visit's day: the day it was recorded, not the day the patient changed it. A history
line of an earlier procedure is placed only when its day is known (a "2025-03" line has no day to draw it
on), and not when a procedure record of the same kind covers it. Markers start at the first visit: what came
before it is history, not a treatment on the trend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from fbss_desktop.core.consult_record import PriorProcedure
from fbss_desktop.core.dates import Precision
from fbss_desktop.core.medications import Medication
from fbss_desktop.core.procedures import Procedure

PROCEDURE, MEDICINE = "procedure", "medicine"


@dataclass(frozen=True)
class TimelineEvent:
    day: dt.date
    kind: str  # PROCEDURE or MEDICINE
    short: str  # the chart's label, for the clinician: "ESI L4-L5", "Gabapentin started"
    words: str  # the patient's copy: "Epidural steroid injection (L4-L5)", "Gabapentin started"


@dataclass(frozen=True)
class Marker:
    """Every event of one day, drawn as one marker (two on one day never overprint each other)."""

    day: dt.date
    events: tuple[TimelineEvent, ...]

    @property
    def label(self) -> str:
        """The chart's tick label, kept short: the first event, and how many more that day."""
        more = len(self.events) - 1
        return self.events[0].short + (f" +{more}" if more else "")

    @property
    def text(self) -> str:
        """All of the day's events, for a tooltip or the key under the chart."""
        return "; ".join(e.short for e in self.events)

    @property
    def patient_text(self) -> str:
        return "; ".join(e.words for e in self.events)


@dataclass(frozen=True)
class Visit:
    """What one consult says about treatment: the medicines taken then and the earlier procedures listed."""

    day: dt.date
    medications: tuple[Medication, ...] = ()
    prior_procedures: tuple[PriorProcedure, ...] = ()


@dataclass(frozen=True)
class ProcedureNames:
    """How a procedure code is named: `short` for the chart (from resources/clinical/chart_labels.json),
    `words` for the patient (the treatment's patient name)."""

    short: Mapping[str, str]
    words: Mapping[str, str]

    def event(self, day: dt.date, code: str, levels: Sequence[str]) -> TimelineEvent:
        where = ", ".join(levels)
        short = self.short.get(code) or self.words.get(code) or code.replace("_", " ").capitalize()
        words = self.words.get(code) or short
        return TimelineEvent(day, PROCEDURE, f"{short} {where}".strip(), f"{words} ({where})" if where else words)


def _key(medication: Medication) -> str:
    return medication.drug or medication.name.strip().casefold()


def _daily(medication: Medication) -> float | None:
    if medication.dose is None:
        return None
    return medication.dose * (medication.per_day if medication.per_day is not None else 1)


def _dose_change(before: Medication, after: Medication) -> tuple[str, str] | None:
    """(short, words) for a changed dose of one drug, or None when it is taken the same way."""
    same = (before.dose, before.per_day, before.unit, before.as_needed) == (
        after.dose,
        after.per_day,
        after.unit,
        after.as_needed,
    )
    if same:
        return None
    was, now = _daily(before), _daily(after)
    if was is not None and now is not None and before.unit == after.unit and was != now:
        return ("dose up", "dose raised") if now > was else ("dose down", "dose lowered")
    return "dose changed", "dose changed"


def medicine_changes(visits: Sequence[Visit]) -> tuple[TimelineEvent, ...]:
    """Each drug started, stopped or taken at another dose between two consecutive visits, on the later day."""
    ordered = sorted(visits, key=lambda v: v.day)
    events: list[TimelineEvent] = []
    for before, after in zip(ordered, ordered[1:], strict=False):
        was = {_key(m): m for m in before.medications}
        now = {_key(m): m for m in after.medications}
        for key, medication in now.items():
            if key not in was:
                events.append(TimelineEvent(after.day, MEDICINE, *(f"{medication.name} started",) * 2))
            elif (change := _dose_change(was[key], medication)) is not None:
                short, words = change
                events.append(
                    TimelineEvent(after.day, MEDICINE, f"{medication.name} {short}", f"{medication.name} {words}")
                )
        for key, medication in was.items():
            if key not in now:
                events.append(TimelineEvent(after.day, MEDICINE, *(f"{medication.name} stopped",) * 2))
    return tuple(events)


def procedure_events(
    records: Iterable[Procedure], visits: Sequence[Visit], names: ProcedureNames
) -> tuple[TimelineEvent, ...]:
    """The procedure records, and the history lines with a known day that no record of the same kind covers
    (a line repeated at every visit counts once)."""
    recorded = [(p.kind, p.performed_on) for p in records]
    events = [names.event(p.performed_on, p.kind, p.levels) for p in records]
    seen: set[tuple[str, dt.date, tuple[str, ...]]] = set()
    for visit in visits:
        for line in visit.prior_procedures:
            if line.performed.precision is not Precision.DAY:
                continue
            day = line.performed.earliest
            key = (line.procedure, day, tuple(line.levels))
            if key in seen or (line.procedure, day) in recorded:
                continue
            seen.add(key)
            events.append(names.event(day, line.procedure, line.levels))
    return tuple(events)


def markers(events: Iterable[TimelineEvent], *, start: dt.date, end: dt.date | None = None) -> tuple[Marker, ...]:
    """The events from `start` (the first visit) to `end` (if given), one marker per day, oldest first; on a
    day, procedures before medicines, each label once."""
    by_day: dict[dt.date, list[TimelineEvent]] = {}
    for event in events:
        if event.day < start or (end is not None and event.day > end):
            continue
        day = by_day.setdefault(event.day, [])
        if all(e.short != event.short for e in day):
            day.append(event)
    return tuple(Marker(day, tuple(sorted(by_day[day], key=lambda e: e.kind != PROCEDURE))) for day in sorted(by_day))


def treatment_markers(
    records: Iterable[Procedure],
    visits: Sequence[Visit],
    names: ProcedureNames,
    *,
    end: dt.date | None = None,
) -> tuple[Marker, ...]:
    """The markers of a patient's trend: procedures and medicine changes from the first visit on."""
    if not visits:
        return ()
    start = min(v.day for v in visits)
    records = tuple(records)
    return markers((*procedure_events(records, visits, names), *medicine_changes(visits)), start=start, end=end)
