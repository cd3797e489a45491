"""What a mutation changed, so each screen refreshes only what concerns it (after Anki's OpChanges).

A ChangeSet made on this workstation is announced by the GUI's task runner. One made on another workstation
(or by another program on the same SQLite file) arrives through the change feed (services/live.py) with
`remote` set; `everything` says the feed was interrupted, so every screen reloads what it shows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class ChangeSet:
    patients: frozenset[int] = field(default_factory=frozenset)
    surgeries_of: frozenset[int] = field(default_factory=frozenset)
    consults_of: frozenset[int] = field(default_factory=frozenset)
    procedures_of: frozenset[int] = field(default_factory=frozenset)  # patients whose procedure records changed
    patient_list: bool = False
    settings: bool = False
    clinicians: bool = False
    remote: bool = False  # made elsewhere: another workstation, or another program on this file
    everything: bool = False  # changes may have been missed (the feed reconnected): reload everything

    def touches_patient(self, patient_id: int) -> bool:
        return (
            self.everything
            or patient_id in self.patients
            or patient_id in self.surgeries_of
            or patient_id in self.consults_of
            or patient_id in self.procedures_of
        )

    def is_empty(self) -> bool:
        return self == ChangeSet(remote=self.remote)

    def to_payload(self) -> str:
        """A compact JSON text for the change feed (ids only: no patient data crosses the wire)."""
        data: dict[str, Any] = {
            key: sorted(getattr(self, key))
            for key in ("patients", "surgeries_of", "consults_of", "procedures_of")
            if getattr(self, key)
        }
        data.update({key: True for key in ("patient_list", "settings", "clinicians") if getattr(self, key)})
        return json.dumps(data, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_payload(cls, text: str) -> ChangeSet:
        """The ChangeSet a payload describes, marked remote; one that cannot be read means reload everything."""
        try:
            data = json.loads(text)
            return cls(
                patients=frozenset(int(i) for i in data.get("patients", ())),
                surgeries_of=frozenset(int(i) for i in data.get("surgeries_of", ())),
                consults_of=frozenset(int(i) for i in data.get("consults_of", ())),
                procedures_of=frozenset(int(i) for i in data.get("procedures_of", ())),
                patient_list=bool(data.get("patient_list")),
                settings=bool(data.get("settings")),
                clinicians=bool(data.get("clinicians")),
                remote=True,
            )
        except (ValueError, TypeError, AttributeError):
            return cls.reload_everything()

    @classmethod
    def reload_everything(cls) -> ChangeSet:
        return cls(patient_list=True, settings=True, clinicians=True, remote=True, everything=True)

    def merged(self, other: ChangeSet) -> ChangeSet:
        return replace(
            self,
            patients=self.patients | other.patients,
            surgeries_of=self.surgeries_of | other.surgeries_of,
            consults_of=self.consults_of | other.consults_of,
            procedures_of=self.procedures_of | other.procedures_of,
            patient_list=self.patient_list or other.patient_list,
            settings=self.settings or other.settings,
            clinicians=self.clinicians or other.clinicians,
            remote=self.remote or other.remote,
            everything=self.everything or other.everything,
        )


def changes_in(result: Any) -> ChangeSet | None:
    """The ChangeSet a write returned: the result itself, or the last item of a tuple; None for a read."""
    if isinstance(result, ChangeSet):
        return result
    if isinstance(result, tuple) and result and isinstance(result[-1], ChangeSet):
        return result[-1]
    return None
