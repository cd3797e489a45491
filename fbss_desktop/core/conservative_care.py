"""The conservative care a patient's record documents, gathered from every visit: physical therapy (and its
weeks), psychological care and evaluation, injections and procedures with the relief they gave, and every
medicine tried, the ones since stopped included.

A medical-necessity letter is assembled from it (core/letter_writing.py) and the payer criteria read it
(rules/facts/care.py), so both say the same. Sources: the procedure records (core/procedures.py,
read as `PriorProcedure` lines by `as_prior`) and the procedures the consult histories list, then the plan
items carried out (done or stopped) that no recorded procedure already covers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from fbss_desktop.core.consult_record import ConsultRecord, PriorProcedure
from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.plans import ItemStatus, TreatmentPlan
from fbss_desktop.core.procedures import RecordedProcedure
from fbss_desktop.core.treatments import TreatmentCatalogue

THERAPY = "therapy"
PSYCHOLOGY = "psychology"
PROCEDURE = "procedure"
_GROUPS = {"rehabilitation": THERAPY, "psychology": PSYCHOLOGY}
CARRIED_OUT = (ItemStatus.DONE, ItemStatus.STOPPED)


@dataclass(frozen=True)
class CareStep:
    """One treatment tried: a procedure done, a course of therapy, an evaluation."""

    treatment: str  # the code (treatments.json; the prior-procedure list uses the same codes)
    when: dt.date  # the latest day it can have been (a procedure remembered to the month ends that month)
    when_text: str  # as recorded: "2025-03", "2025-03-14"
    group: str  # THERAPY, PSYCHOLOGY or PROCEDURE
    region: str = ""
    levels: tuple[str, ...] = ()
    side: str = ""
    relief_percent: int | None = None
    relief_weeks: int | None = None
    relief_ongoing: bool = False
    weeks: int | None = None  # a course's length (physical therapy)
    sessions_per_week: int | None = None
    status: str = ""  # "done" or "stopped" for a plan item; "" for a recorded procedure
    note: str = ""


@dataclass(frozen=True)
class MedicineTried:
    name: str
    classes: tuple[str, ...]
    first_recorded: dt.date
    last_recorded: dt.date
    current: bool  # on the latest visit's list (or started by its plan)
    stopped_by_plan: bool = False


@dataclass(frozen=True)
class ConservativeCare:
    steps: tuple[CareStep, ...]  # newest first
    medicines: tuple[MedicineTried, ...]  # current first, then by name

    def of_group(self, group: str) -> tuple[CareStep, ...]:
        return tuple(s for s in self.steps if s.group == group)

    def tried(self, treatment: str) -> tuple[CareStep, ...]:
        return tuple(s for s in self.steps if s.treatment == treatment)

    @property
    def therapy_weeks(self) -> int | None:
        """Weeks of physical therapy recorded in all (None when no course gives its length)."""
        weeks = [s.weeks for s in self.of_group(THERAPY) if s.weeks is not None]
        return sum(weeks) if weeks else None


def step_of(procedure: PriorProcedure, catalogue: TreatmentCatalogue) -> CareStep:
    """A procedure line of the consult history (or a procedure record read as one) as a care step."""
    recorded = isinstance(procedure, RecordedProcedure)
    return CareStep(
        treatment=procedure.procedure,
        when=procedure.performed.latest,
        when_text=str(procedure.performed),
        group=_group(procedure.procedure, catalogue),
        region=procedure.region,
        levels=procedure.levels,
        side=procedure.side,
        relief_percent=procedure.relief_percent,
        relief_weeks=procedure.relief_weeks,
        relief_ongoing=isinstance(procedure, RecordedProcedure) and procedure.relief_ongoing,
        note="" if recorded else procedure.note,  # a record's note only says it is one
    )


def _group(code: str, catalogue: TreatmentCatalogue) -> str:
    treatment = catalogue.get(code)
    return _GROUPS.get(treatment.category, PROCEDURE) if treatment is not None else PROCEDURE


def _integer(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def gather(
    records: Sequence[ConsultRecord],
    plans: Sequence[tuple[dt.date, TreatmentPlan]],
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
    *,
    recorded: Sequence[CareStep] = (),
    until: dt.date | None = None,
) -> ConservativeCare:
    """The care documented up to `until` (by default every visit) in `records` (the consults, any order), their
    `plans` (each with its consult's date) and `recorded` steps (procedure records kept beside the consults)."""
    records = sorted((r for r in records if until is None or r.consult_date <= until), key=lambda r: r.consult_date)
    plans = sorted(((d, p) for d, p in plans if until is None or d <= until), key=lambda pair: pair[0])
    seen: dict[tuple[str, str, tuple[str, ...], str], CareStep] = {}
    for step in recorded:
        if until is not None and step.when > until:
            continue
        seen.setdefault((step.treatment, step.when_text, step.levels, step.side), step)
    for record in records:
        for procedure in record.history.prior_procedures:
            if until is None or procedure.performed.latest <= until:
                step = step_of(procedure, catalogue)
                seen.setdefault((step.treatment, step.when_text, step.levels, step.side), step)
    steps = list(seen.values())
    for day, plan in plans:
        for item in plan.items:
            treatment = catalogue.get(item.treatment)
            if item.status not in CARRIED_OUT or treatment is None or treatment.is_medication:
                continue
            if treatment.category not in (*_GROUPS, "injection", "neuromodulation"):
                continue
            if any(s.treatment == item.treatment and s.when >= day for s in steps if not s.status):
                continue  # the history records it, with its date and relief
            levels = item.detail("levels")
            steps.append(
                CareStep(
                    treatment=item.treatment,
                    when=day,
                    when_text=day.isoformat(),
                    group=_group(item.treatment, catalogue),
                    region=str(item.detail("region") or ""),
                    levels=tuple(str(level) for level in levels) if isinstance(levels, list | tuple) else (),
                    side=str(item.detail("side") or ""),
                    weeks=_integer(item.detail("weeks")),
                    sessions_per_week=_integer(item.detail("sessions_per_week")),
                    status=item.status.value,
                    note=item.note,
                )
            )
    steps.sort(key=lambda s: s.when, reverse=True)
    return ConservativeCare(tuple(steps), _medicines(records, plans, catalogue, drugs))


def _medicines(
    records: Sequence[ConsultRecord],
    plans: Sequence[tuple[dt.date, TreatmentPlan]],
    catalogue: TreatmentCatalogue,
    drugs: MedicationList,
) -> tuple[MedicineTried, ...]:
    """Every medicine a visit's list names or a plan started, oldest first seen; those on the latest list (or
    started by the latest plan and not stopped) are current."""
    found: dict[str, tuple[str, tuple[str, ...], dt.date, dt.date]] = {}  # key -> name, classes, first, last
    latest = records[-1].consult_date if records else None
    stopped: set[str] = set()
    current: set[str] = set()

    def note(key: str, name: str, classes: tuple[str, ...], day: dt.date) -> None:
        was = found.get(key)
        found[key] = (was[0], was[1], min(was[2], day), max(was[3], day)) if was else (name, classes, day, day)

    for record in records:
        for medication in record.history.medications:
            key = medication.drug or medication.name.strip().lower()
            note(key, medication.name, medication.classes, record.consult_date)
            if record.consult_date == latest:
                current.add(key)
    for day, plan in plans:
        for item in plan.items:
            treatment = catalogue.get(item.treatment)
            if treatment is None or not treatment.is_medication:
                continue
            drug = drugs.drug(treatment.drug_of(item.details))
            if drug is None:
                continue
            note(drug.code, drug.label, drug.classes, day)
            if item.status is ItemStatus.STOPPED:
                stopped.add(drug.code)
                current.discard(drug.code)
            elif day == latest or item.status in (ItemStatus.PLANNED, ItemStatus.SCHEDULED):
                current.add(drug.code)
    result = [
        MedicineTried(
            name=name,
            classes=classes,
            first_recorded=first,
            last_recorded=last,
            current=key in current,
            stopped_by_plan=key in stopped,
        )
        for key, (name, classes, first, last) in found.items()
    ]
    return tuple(sorted(result, key=lambda m: (not m.current, m.name.lower())))
