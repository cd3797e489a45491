"""When a blood thinner stops before a procedure and starts again after it: the antithrombotic table's timing
blocks (resources/rules/antithrombotics.json) applied to a procedure's date and time.

How a hold in days is counted: a hold of N days leaves the N calendar days before the procedure day without a
dose, and the procedure day itself until the procedure. A procedure on the 10th with a 3-day hold: the last dose
is on the 6th, none on the 7th, 8th and 9th, none on the 10th before the procedure. That is at least N whole days
(72 hours for 3 days) whatever time of day the dose is taken, never fewer.
How a hold in hours is counted: the last dose no later than that many hours before the procedure's start time.
A restart is that many hours after the procedure's start time (the sheet says "at this time or later").

A drug, a class or a dose the table gives no number for gives no dates (HoldKind.ASK): the sheet tells the
patient to ask the doctor who prescribes it; nothing is made up here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

BLEEDING_CLASSES = ("low", "intermediate", "high")
NSAID_CLASS = "nsaid"  # the medication class the table's NSAID days are for


class HoldKind(StrEnum):
    HOLD = "hold"  # stop before, start again after
    KEEP = "keep"  # the table says no hold for this class
    ASK = "ask"  # the table has no number: ask the prescriber


@dataclass(frozen=True)
class Span:
    """A stretch of time before or after the procedure: whole days, or hours (to `to_hours` for a range)."""

    days: int | None = None
    hours: int | None = None
    to_hours: int | None = None
    when: Mapping[str, str] = field(default_factory=dict)  # plan item details it applies to

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Span:
        span = cls(
            days=_whole(data.get("days")),
            hours=_whole(data.get("hours")),
            to_hours=_whole(data.get("to_hours")),
            when={str(k): str(v) for k, v in data.get("when", {}).items()},
        )
        if (span.days is None) == (span.hours is None):
            raise ValueError(f"a hold or restart needs days or hours, not both or neither: {dict(data)}")
        return span

    def applies(self, details: Mapping[str, Any]) -> bool:
        return all(str(details.get(key) or "") == value for key, value in self.when.items())


@dataclass(frozen=True)
class DrugTiming:
    """One drug's numbers: hold and restart by bleeding class, the classes that need no hold, a check."""

    hold: Mapping[str, Span] = field(default_factory=dict)
    restart: Mapping[str, Span] = field(default_factory=dict)
    keep: tuple[str, ...] = ()
    check: str = ""
    unconfirmed: bool = False
    doses: Mapping[str, DrugTiming] = field(default_factory=dict)  # numbers that depend on the dose

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, unconfirmed: bool = False) -> DrugTiming:
        restart = data.get("restart", {})
        if "hours" in restart or "days" in restart:  # one value for every class
            restart = {c: restart for c in BLEEDING_CLASSES}
        unknown = [c for c in (*data.get("hold", {}), *restart, *data.get("keep", ())) if c not in BLEEDING_CLASSES]
        if unknown:
            raise ValueError(f"unknown bleeding class {unknown[0]!r}")
        if any("hours" not in span for span in restart.values()):
            raise ValueError("a restart is counted in hours after the procedure")
        return cls(
            hold={c: Span.from_dict(s) for c, s in data.get("hold", {}).items()},
            restart={c: Span.from_dict(s) for c, s in restart.items()},
            keep=tuple(data.get("keep", ())),
            check=str(data.get("check", "")),
            unconfirmed=unconfirmed,
            doses={k: cls.from_dict(v, unconfirmed=unconfirmed) for k, v in data.get("doses", {}).items()},
        )


@dataclass(frozen=True)
class HoldPlan:
    """What the table says for one drug before one procedure, as dates and times."""

    kind: HoldKind
    last_dose_day: dt.date | None = None  # a hold in days: the last day a dose is taken
    last_dose_by: dt.datetime | None = None  # a hold in hours: the last dose no later than this
    restart_from: dt.datetime | None = None  # None: the table gives no restart time
    restart_until: dt.datetime | None = None  # a range: start again between restart_from and this
    check: str = ""  # a test before the procedure ("inr")
    unconfirmed: bool = False
    needs_dose: bool = False  # the numbers depend on the dose, which is not known yet

    def skipped_days(self, procedure_day: dt.date) -> tuple[dt.date, ...]:
        """The whole days without a dose between the last dose and the procedure day."""
        if self.last_dose_day is None:
            return ()
        count = (procedure_day - self.last_dose_day).days - 1
        return tuple(self.last_dose_day + dt.timedelta(days=n) for n in range(1, count + 1))

    @property
    def decide_by(self) -> dt.date | None:
        """The last day the patient can still follow the hold: the prescriber is called by then."""
        if self.last_dose_day is not None:
            return self.last_dose_day
        return self.last_dose_by.date() if self.last_dose_by is not None else None


@dataclass(frozen=True)
class HoldTable:
    """Every drug's timing, by drug code, and the NSAID holds (high bleeding class only)."""

    drugs: Mapping[str, DrugTiming]
    nsaids: Mapping[str, DrugTiming] = field(default_factory=dict)
    nsaid_otherwise: DrugTiming | None = None  # an NSAID the days table does not list: no number when held

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HoldTable:
        drugs = {
            code: DrugTiming.from_dict(entry.get("timing", {}), unconfirmed=bool(entry.get("unconfirmed")))
            for code, entry in data["drugs"].items()
        }
        nsaid = data.get("nsaid_hold_days", {})
        restart = {"hours": nsaid["restart_hours"]} if "restart_hours" in nsaid else {}
        # NSAIDs are held before a high-risk procedure only (5 half-lives, in days by drug); not for the others
        keep = ["low", "intermediate"]
        nsaids = {
            code: DrugTiming.from_dict({"hold": {"high": {"days": days}}, "keep": keep, "restart": restart})
            for code, days in nsaid.get("days", {}).items()
        }
        otherwise = DrugTiming.from_dict({"keep": keep, "restart": restart}) if nsaid else None
        return cls(drugs, nsaids, otherwise)

    def timing(self, drug: str, classes: tuple[str, ...] = ()) -> DrugTiming | None:
        """The drug's numbers by its code; an NSAID the table does not name by its class; None otherwise."""
        found = self.drugs.get(drug) or self.nsaids.get(drug)
        if found is None and NSAID_CLASS in classes:
            return self.nsaid_otherwise
        return found


def plan_hold(
    timing: DrugTiming | None,
    bleeding_class: str,
    procedure_at: dt.datetime,
    *,
    details: Mapping[str, Any] | None = None,
    dose: str = "",
) -> HoldPlan:
    """The dates for one drug (`timing` None: a drug the table does not list) before a procedure of
    `bleeding_class` starting at `procedure_at`; `details` are the plan item's (aspirin's indication),
    `dose` picks a dose-dependent drug's numbers."""
    if bleeding_class not in BLEEDING_CLASSES:
        raise ValueError(f"unknown bleeding class {bleeding_class!r}")
    if timing is None:
        return HoldPlan(HoldKind.ASK)
    if timing.doses:
        chosen = timing.doses.get(dose)
        if chosen is None:
            return HoldPlan(HoldKind.ASK, unconfirmed=timing.unconfirmed, needs_dose=True)
        timing = chosen
    if bleeding_class in timing.keep:
        return HoldPlan(HoldKind.KEEP, unconfirmed=timing.unconfirmed)
    span = timing.hold.get(bleeding_class)
    if span is None or not span.applies(details or {}):
        return HoldPlan(HoldKind.ASK, unconfirmed=timing.unconfirmed)
    last_day = last_by = None
    if span.days is not None:
        last_day = procedure_at.date() - dt.timedelta(days=span.days + 1)
    else:
        last_by = procedure_at - dt.timedelta(hours=span.hours or 0)
    restart_from = restart_until = None
    restart = timing.restart.get(bleeding_class)
    if restart is not None and restart.hours is not None:
        restart_from = procedure_at + dt.timedelta(hours=restart.hours)
        if restart.to_hours is not None:
            restart_until = procedure_at + dt.timedelta(hours=restart.to_hours)
    return HoldPlan(
        HoldKind.HOLD,
        last_dose_day=last_day,
        last_dose_by=last_by,
        restart_from=restart_from,
        restart_until=restart_until,
        check=timing.check,
        unconfirmed=timing.unconfirmed,
    )


def _whole(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"a hold or restart is a whole number of days or hours, not {value!r}")
    return value
