"""What a mutation changed, so each screen refreshes only what concerns it (after Anki's OpChanges)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChangeSet:
    patients: frozenset[int] = field(default_factory=frozenset)
    surgeries_of: frozenset[int] = field(default_factory=frozenset)
    consults_of: frozenset[int] = field(default_factory=frozenset)
    patient_list: bool = False
    settings: bool = False
    clinicians: bool = False

    def touches_patient(self, patient_id: int) -> bool:
        return patient_id in self.patients or patient_id in self.surgeries_of or patient_id in self.consults_of
