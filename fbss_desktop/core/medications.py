"""Current medications: the drug list (classes, units), and the daily morphine milligram equivalent of opioids."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from fbss_desktop.core.text import fold

PATCH_UNIT = "mcg/h"


@dataclass(frozen=True)
class Drug:
    code: str
    label: str
    classes: tuple[str, ...]
    unit: str
    mme_key: str = ""
    retired: bool = False  # no longer offered when typing a medicine or choosing a plan's drug; still read


@dataclass(frozen=True)
class MmeTable:
    code: str
    label: str
    factors: Mapping[str, float]
    source: str


@dataclass(frozen=True)
class MedicationList:
    version: int
    drugs: tuple[Drug, ...]
    mme_tables: Mapping[str, MmeTable]
    default_table: str

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MedicationList:
        mme = data["mme"]
        tables = {
            code: MmeTable(code, t["label"], {k: float(v) for k, v in t["factors"].items()}, t["source"])
            for code, t in mme["tables"].items()
        }
        drugs = tuple(
            Drug(d["code"], d["label"], tuple(d["classes"]), d["unit"], d.get("mme", ""), bool(d.get("retired")))
            for d in data["drugs"]
        )
        return cls(int(data["version"]), drugs, tables, mme["default_table"])

    @cached_property
    def current(self) -> tuple[Drug, ...]:
        """The drugs offered for new entry: all but the retired ones."""
        return tuple(d for d in self.drugs if not d.retired)

    def drug(self, code: str) -> Drug | None:
        return next((d for d in self.drugs if d.code == code), None)

    @cached_property
    def _by_key(self) -> dict[str, Drug]:
        keys = {fold(d.label): d for d in self.drugs}
        keys.update({d.code: d for d in self.drugs})
        return keys

    def find(self, name: str) -> Drug | None:
        """The listed drug whose name matches `name` (case and accents ignored), if any."""
        return self._by_key.get(fold(name))

    def mme_per_day(self, medication: Medication, table: str | None = None) -> float | None:
        """Daily MME of one medication; None if it is not an opioid with a factor, or the dose is incomplete."""
        drug = self.drug(medication.drug) if medication.drug else None
        if drug is None or not drug.mme_key or medication.dose is None:
            return None
        factor = self.mme_tables[table or self.default_table].factors.get(drug.mme_key)
        if factor is None:
            return None
        if medication.unit == PATCH_UNIT:
            return round(medication.dose * factor, 1)
        if medication.per_day is None or medication.unit != "mg":
            return None
        return round(medication.dose * medication.per_day * factor, 1)


@dataclass(frozen=True)
class Medication:
    """One current medicine. `drug` is a code from the drug list, or "" for a drug typed freely."""

    name: str
    drug: str = ""
    classes: tuple[str, ...] = ()
    dose: float | None = None
    unit: str = "mg"
    per_day: float | None = None
    as_needed: bool = False
    note: str = ""
    mme_per_day: float | None = field(default=None, compare=False)

    def has_class(self, code: str) -> bool:
        return code in self.classes

    def describe(self) -> str:
        parts = [self.name]
        if self.dose is not None:
            dose = f"{self.dose:g} {self.unit}".strip()
            parts.append(dose)
        if self.per_day is not None and self.unit != PATCH_UNIT:
            parts.append(f"{self.per_day:g}x/day")
        if self.as_needed:
            parts.append("as needed")
        return " ".join(parts)
