"""The fact registry: FACTS and the @fact decorator that fills it, and Facts, one case's facts computed on
demand, with the views of the case the topic modules share (active medicines, earlier procedures, labs).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from fbss_desktop.core.consult_record import CERVICAL, PriorProcedure, Study
from fbss_desktop.core.medications import Medication
from fbss_desktop.core.plans import ItemStatus, PlanItem
from fbss_desktop.rules.case import Case, ReferenceTables


class NeedsInput(Exception):
    """Raised by a fact that cannot be computed; the message names the input needed."""


# argument kinds: where the argument's codes (and their labels) come from
ARG_LISTS = {
    "red_flag": "red_flag",
    "comorbidity": "comorbidity",
    "device": "device",
    "medicine_history": "medicine_history",
    "allergen": "allergen",
    "medication_class": "medication_class",
    "pain_location": "pain_location",
    "study_type": "study_type",
    "finding": "finding",
    "pain_generator": "pain_generator",
    "icd10": "icd10",
    "lab_test": "lab_test",
}
# argument kinds that take several codes of another kind, joined by "+" ("cyclobenzaprine+methocarbamol")
ARG_MANY = {"drugs": "drug", "pain_generators": "pain_generator", "findings": "finding"}


@dataclass(frozen=True)
class FactSpec:
    name: str
    compute: Callable[[Facts, str, PlanItem | None], Any]
    label: str
    arg: str = ""  # an ARG_LISTS or ARG_MANY key, "drug", "treatment", "instrument", "answer", "detail" or ""
    item: bool = False
    unit: str = ""
    cervical: str = ""  # the label for a consult about the neck, where the lumbar one would mislead ("leg")


FACTS: dict[str, FactSpec] = {}


def fact(
    name: str, label: str, *, arg: str = "", item: bool = False, unit: str = "", cervical: str = ""
) -> Callable[[Any], Any]:
    def register(fn: Callable[[Facts, str, PlanItem | None], Any]) -> Callable[[Facts, str, PlanItem | None], Any]:
        FACTS[name] = FactSpec(name, fn, label, arg, item, unit, cervical)
        return fn

    return register


def split(reference: str) -> tuple[str, str]:
    name, _, arg = reference.partition(":")
    return name, arg


class Facts:
    """The facts of one case, computed on demand and remembered."""

    def __init__(self, case: Case, tables: ReferenceTables) -> None:
        self.case = case
        self.tables = tables
        self.consult = case.consult
        self.history = case.consult.history
        self.plan = case.plan
        self.day = case.consult.consult_date
        self.region = case.consult.region  # "lumbar" or "cervical": which pain scores and signs apply
        self._cache: dict[tuple[str, str], Any] = {}

    # --- the interface the engine uses ---------------------------------------------------------------
    def value(self, reference: str, item: PlanItem | None = None) -> Any:
        """The fact's value; None when unknown. Raises NeedsInput to name a precise missing input."""
        name, arg = split(reference)
        spec = FACTS[name]
        key = (reference, item.key if (spec.item and item is not None) else "")
        if key not in self._cache:
            try:
                self._cache[key] = spec.compute(self, arg, item)
            except NeedsInput as exc:
                self._cache[key] = exc
        cached = self._cache[key]
        if isinstance(cached, NeedsInput):
            raise cached
        return cached

    def label(self, reference: str, item: PlanItem | None = None) -> str:
        name, arg = split(reference)
        spec = FACTS[name]
        if name == "item.detail" and item is not None:
            detail = self.tables.catalogue[item.treatment].detail(arg)
            if detail is not None:
                return _lower_first(detail.label)
        label = spec.cervical if spec.cervical and self.region == CERVICAL else spec.label
        return label.replace("{arg}", self.arg_label(spec.arg, arg)) if arg else label

    def arg_label(self, kind: str, arg: str) -> str:
        if kind in ARG_MANY:
            return ", ".join(self.arg_label(ARG_MANY[kind], part) for part in arg.split("+"))
        if kind == "days":
            return arg
        if kind in ARG_LISTS:
            return _lower_first(self.tables.vocabulary[ARG_LISTS[kind]].label(arg))
        if kind == "drug":
            drug = self.tables.medications.drug(arg)
            return drug.label.lower() if drug else arg
        if kind == "treatment":
            treatment = self.tables.catalogue.get(arg)
            return treatment.label if treatment else arg
        if kind == "instrument":
            instrument = self.tables.instruments.get(arg)
            return instrument.name if instrument else arg
        if kind == "answer":
            code, _, number = arg.partition(".")
            instrument = self.tables.instruments.get(code)
            return f"{instrument.name if instrument else code} item {number}"
        return arg.replace("_", " ")

    def show(self, reference: str, value: Any, item: PlanItem | None = None) -> str:
        name, arg = split(reference)
        unit = FACTS[name].unit
        if name == "item.detail" and item is not None and value is not None:
            detail = self.tables.catalogue[item.treatment].detail(arg)
            if detail is not None and detail.choices:
                return _lower_first(self.tables.catalogue.choices[detail.choices].label(str(value)))
            unit = detail.unit if detail is not None else ""
        if value is None:
            return "not recorded"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, float):
            text = f"{round(value, 1):g}"
            return _with_unit(text, unit)
        if isinstance(value, int):
            return _with_unit(str(value), unit)
        if isinstance(value, list | tuple):
            return ", ".join(str(v) for v in value) or "none"
        return str(value).replace("_", " ")

    # --- shared views of the case --------------------------------------------------------------------
    @cached_property
    def age(self) -> int:
        return self.case.patient.age(self.day)

    def catalogue_item(self, item: PlanItem) -> Any:
        return self.tables.catalogue[item.treatment]

    @cached_property
    def planned_medications(self) -> tuple[Medication, ...]:
        result = []
        for item in self.plan.active_items():
            treatment = self.tables.catalogue[item.treatment]
            if not treatment.is_medication:
                continue
            drug = self.tables.medications.drug(treatment.drug_of(item.details))
            if drug is None:
                continue
            dose, per_day = item.detail("dose"), item.detail("per_day")
            medication = Medication(
                name=drug.label,
                drug=drug.code,
                classes=drug.classes,
                dose=float(dose) if dose is not None else None,
                unit=drug.unit,
                per_day=float(per_day) if per_day is not None else None,
                note=item.key,
            )
            mme = self.tables.medications.mme_per_day(medication, self.case.settings.get("medications.mme_table"))
            result.append(Medication(**{**medication.__dict__, "mme_per_day": mme}))
        return tuple(result)

    @cached_property
    def active_medications(self) -> tuple[Medication, ...]:
        """Current medicines and those the plan starts. A planned course of a drug replaces the current one."""
        planned = self.planned_medications
        planned_drugs = {m.drug for m in planned}
        current = tuple(m for m in self.history.medications if not (m.drug and m.drug in planned_drugs))
        return current + planned

    def medications_of_class(self, code: str) -> tuple[Medication, ...]:
        return tuple(m for m in self.active_medications if m.has_class(code))

    @cached_property
    def consults(self) -> tuple[Any, ...]:
        return (self.consult, *self.case.earlier_consults)

    @cached_property
    def previous(self) -> Any:
        return self.case.earlier_consults[0] if self.case.earlier_consults else None

    @cached_property
    def studies(self) -> tuple[Study, ...]:
        return tuple(study for consult in self.consults for study in consult.studies)

    @cached_property
    def procedures(self) -> tuple[PriorProcedure, ...]:
        """Earlier procedures: the patient's procedure records, then the history lines of every consult, each
        once. A history line that repeats a record (same kind and region, levels if both say, and the record's
        day within the line's date, which may be only a month or a year) is the record: a record typed into
        the next consult's history, or carried forward, is not a second procedure."""
        records = [p for p in self.case.procedures if p.performed.earliest <= self.day]
        seen: dict[tuple[str, str, str, tuple[str, ...]], PriorProcedure] = {}
        for proc in records:
            seen.setdefault((proc.procedure, str(proc.performed), proc.region, proc.levels), proc)
        for consult in self.consults:
            for proc in consult.history.prior_procedures:
                if not any(_same_procedure(proc, record) for record in records):
                    seen.setdefault((proc.procedure, str(proc.performed), proc.region, proc.levels), proc)
        return tuple(sorted(seen.values(), key=lambda p: p.performed.latest, reverse=True))

    def procedures_done(self, code: str) -> tuple[PriorProcedure, ...]:
        """Every earlier procedure of this kind up to the consult day."""
        return tuple(p for p in self.procedures if p.procedure == code and p.performed.latest <= self.day)

    def procedures_within(self, code: str, days: int) -> tuple[PriorProcedure, ...]:
        start = self.day - dt.timedelta(days=days)
        return tuple(p for p in self.procedures if p.procedure == code and start < p.performed.latest <= self.day)

    @cached_property
    def latest_surgery_day(self) -> dt.date | None:
        days = [s.performed.latest for s in self.case.surgeries if s.performed.earliest <= self.day]
        return max(days) if days else None

    def lab(self, test: str) -> float | None:
        values = [(s.performed, lab.value) for s in self.studies for lab in s.labs if lab.test == test]
        return max(values, key=lambda pair: pair[0])[1] if values else None

    def done_anywhere(self, code: str) -> bool:
        if any(p.procedure == code for p in self.procedures):
            return True
        plans = [self.plan, *(p.plan for p in self.case.earlier_plans)]
        return any(i.treatment == code and i.status is ItemStatus.DONE for plan in plans for i in plan.items)

    def items_before(self, item: PlanItem, *codes: str) -> tuple[PlanItem, ...]:
        """Active items of `codes` planned in an earlier phase than `item`, or earlier in the same phase."""
        items = self.plan.active_items(*codes)
        order = [i.key for i in self.plan.items]
        return tuple(
            i
            for i in items
            if i.key != item.key
            and (i.phase, order.index(i.key)) < (item.phase, order.index(item.key) if item.key in order else 0)
        )


def _same_procedure(line: PriorProcedure, record: PriorProcedure) -> bool:
    """Whether a history line describes this procedure record (see Facts.procedures)."""
    return (
        line.procedure == record.procedure
        and (not line.region or not record.region or line.region == record.region)
        and (not line.levels or not record.levels or set(line.levels) == set(record.levels))
        and line.performed.earliest <= record.performed.earliest <= line.performed.latest
    )


def _with_unit(text: str, unit: str) -> str:
    if unit[:1] in ("%", "/"):
        return f"{text}{unit}"
    if text == "1" and unit in ("weeks", "days"):  # "1 week", not "1 weeks"
        unit = unit[:-1]
    return f"{text} {unit}".strip()


def _lower_first(label: str) -> str:
    """ "Chronic kidney disease" -> "chronic kidney disease", but "MRI ..." stays as it is."""
    return label if re.match(r"[A-Z][A-Z0-9]", label) else label[:1].lower() + label[1:]


def _item(item: PlanItem | None) -> PlanItem:
    if item is None:
        raise ValueError("an item fact was asked without an item")
    return item


def _known(values: Iterable[bool | None]) -> bool | None:
    """True if any is True, False if all are False, else None."""
    values = list(values)
    if any(v is True for v in values):
        return True
    return False if values and all(v is False for v in values) else None
