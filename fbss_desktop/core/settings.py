"""Clinic-wide settings: one declared registry with types and defaults (after Picard's options).

Stored in the database so every workstation of a clinic shares them; per-workstation window state is not
here but in the GUI's QSettings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: Any
    kind: type
    label: str
    choices: tuple[Any, ...] = ()

    def check(self, value: Any) -> Any:
        """Return `value` if it is valid for this setting, else raise ValueError."""
        if not isinstance(value, self.kind) or (self.kind is int and isinstance(value, bool)):
            raise ValueError(f"{self.label}: expected {self.kind.__name__}, got {type(value).__name__}")
        if self.choices and value not in self.choices:
            raise ValueError(f"{self.label}: {value!r} is not one of {', '.join(map(str, self.choices))}")
        return value


REGISTRY: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("clinic.name", "", str, "Clinic name"),
        SettingSpec("clinic.address", "", str, "Clinic address"),
        SettingSpec("clinic.phone", "", str, "Clinic phone"),
        SettingSpec("print.paper_size", "letter", str, "Paper size", ("letter", "a4")),
        SettingSpec("dates.slash_order", "MDY", str, "Dates typed with slashes are read as", ("MDY", "DMY")),
        # Sources disagree on the minimal clinically important change (clinical-reference.md section 6):
        # NRS 2 points (Ostelo 2008, IMMPACT ~2 moderate); ODI 10 points (Ostelo) vs 6 (modified ODI).
        SettingSpec("outcomes.mcid_nrs", 2, int, "Minimal important change, pain NRS (points)", (1, 2, 3, 4)),
        SettingSpec("outcomes.mcid_odi", 10, int, "Minimal important change, ODI (points)", (6, 8, 10, 12)),
        # CDC 2022 factors vs the older (2016-era) table: hydromorphone 5 vs 4, tramadol 0.2 vs 0.1, methadone.
        SettingSpec("medications.mme_table", "cdc2022", str, "MME conversion factors", ("cdc2022", "cdc2016")),
    )
}


def spec(key: str) -> SettingSpec:
    try:
        return REGISTRY[key]
    except KeyError:
        raise KeyError(f"unknown clinic setting {key!r}") from None
