"""Procedure records: an injection, a block, an ablation, a stimulator trial or implant as it was done (who,
where, with what, how it went) and the relief it gave, recorded at follow-up.

What each kind of procedure records, and the choices and typing limits, are data
(`resources/clinical/procedures.json`). The rules see a record as an earlier procedure (`as_prior`), the same
shape as a history line. Reading and writing a record's document: procedure_reader.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from fbss_desktop.core.consult_record import PriorProcedure
from fbss_desktop.core.dates import PartialDate, Precision

NOTE_MAX = 4000
SHORT_MAX = 200


class ProcedureStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "signed": "Signed"}[self.value]


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    unit: str


@dataclass(frozen=True)
class ProcedureKind:
    code: str  # the treatment code (treatments.json)
    fields: tuple[str, ...]
    approaches: tuple[str, ...]
    image_guided: bool
    diagnostic: bool = False  # always a diagnostic block (medial branch block)
    trial: bool = False  # a stimulator trial: it has a diary


@dataclass(frozen=True)
class ProcedureCatalogue:
    kinds: Mapping[str, ProcedureKind]
    choices: Mapping[str, tuple[Choice, ...]]
    ranges: Mapping[str, Range]
    default_trial_days: int  # a trial diary's days when the plan does not say (procedures.json)
    version: int = 1

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProcedureCatalogue:
        kinds = {
            code: ProcedureKind(
                code,
                tuple(entry["fields"]),
                tuple(entry.get("approaches", ())),
                bool(entry.get("image_guided")),
                bool(entry.get("diagnostic")),
                bool(entry.get("trial")),
            )
            for code, entry in data["kinds"].items()
        }
        choices = {
            name: tuple(
                Choice(c["code"], c["label"], {k: v for k, v in c.items() if k not in ("code", "label")}) for c in items
            )
            for name, items in data["choices"].items()
        }
        ranges = {name: Range(r["min"], r["max"], r.get("unit", "")) for name, r in data["ranges"].items()}
        if not data.get("sources"):
            raise ValueError("the procedure table has no source")
        return cls(kinds, choices, ranges, int(data["default_trial_days"]), int(data.get("version", 1)))

    def label(self, list_name: str, code: str) -> str:
        return next((c.label for c in self.choices.get(list_name, ()) if c.code == code), code)

    def codes(self, list_name: str) -> tuple[str, ...]:
        return tuple(c.code for c in self.choices.get(list_name, ()))

    def choice(self, list_name: str, code: str) -> Choice | None:
        return next((c for c in self.choices.get(list_name, ()) if c.code == code), None)


@dataclass(frozen=True)
class Injectate:
    drug: str  # an injectate choice code
    dose_mg: float | None = None
    volume_ml: float | None = None


@dataclass(frozen=True)
class Response:
    """The relief a procedure gave, as the patient reported it at a follow-up."""

    recorded_on: dt.date
    relief_percent: int
    lasted_weeks: int | None = None  # how long it lasted (so far, when `ongoing`)
    ongoing: bool = False
    note: str = ""


@dataclass(frozen=True)
class DiaryDay:
    """One day of a stimulator trial, as the patient wrote it down."""

    day: dt.date
    nrs: int | None = None
    relief_percent: int | None = None
    activity: str = ""  # an activity choice code
    medicines: str = ""


@dataclass(frozen=True)
class Procedure:
    patient_id: int
    kind: str
    performed_on: dt.date
    operator: str = ""
    region: str = ""
    levels: tuple[str, ...] = ()
    side: str = ""
    approach: str = ""
    needle: str = ""
    contrast: str = ""  # a contrast choice code; "" not recorded
    contrast_ml: float | None = None
    allergy_checked: bool = False
    injectates: tuple[Injectate, ...] = ()
    fluoroscopy_seconds: float | None = None
    fluoroscopy_mgy: float | None = None
    sedation: str = ""
    muscles: str = ""
    lesion_celsius: float | None = None
    lesion_seconds: float | None = None
    device: str = ""  # the stimulator system and leads
    complications: tuple[str, ...] = ()
    nrs_before: int | None = None
    nrs_after: int | None = None
    diagnostic: bool = False
    note: str = ""
    responses: tuple[Response, ...] = ()
    diary: tuple[DiaryDay, ...] = ()
    medication_reduction_percent: int | None = None  # at the end of a stimulator trial
    plan_id: int | None = None
    plan_item: str = ""
    status: ProcedureStatus = ProcedureStatus.DRAFT
    signed_by: str = ""
    signed_at: dt.datetime | None = None
    created_by: str = ""
    id: int | None = None
    row_version: int = 0

    @property
    def latest_response(self) -> Response | None:
        # the newest by day; of two on one day, the one recorded last
        return max(reversed(self.responses), key=lambda r: r.recorded_on) if self.responses else None

    @property
    def signed(self) -> bool:
        return self.status is ProcedureStatus.SIGNED


def weeks_since(performed: dt.date, day: dt.date) -> int:
    """Whole weeks from the procedure to `day`, a part week counted: the longest relief `day` can report."""
    return -(-(day - performed).days // 7)


@dataclass(frozen=True)
class RecordedProcedure(PriorProcedure):
    """A procedure record as the rules read an earlier procedure: a history line's fields, and what only a
    record knows."""

    relief_ongoing: bool = False  # the relief had not worn off when last asked
    record_id: int | None = None
    medication_reduction_percent: int | None = None  # a stimulator trial's cut in pain medicines


def as_prior(procedure: Procedure, steroid_factors: Mapping[str, float]) -> RecordedProcedure:
    """The record as the rules read an earlier procedure: relief from its latest response, steroid in
    methylprednisolone-equivalent mg (`steroid_factors`: steroid code -> factor, from treatments.json)."""
    response = procedure.latest_response
    relief = response.relief_percent if response else None
    rated = [d.relief_percent for d in procedure.diary if d.relief_percent is not None]
    if rated:  # a stimulator trial is judged by its diary: the average relief over the days rated
        relief = round(sum(rated) / len(rated))
    steroid = [i for i in procedure.injectates if i.drug in steroid_factors]
    mpe = None
    if steroid and all(i.dose_mg is not None for i in steroid):
        mpe = round(sum((i.dose_mg or 0.0) * steroid_factors[i.drug] for i in steroid), 1)
    elif not steroid:
        mpe = 0.0
    return RecordedProcedure(
        procedure=procedure.kind,
        performed=PartialDate(procedure.performed_on, Precision.DAY),
        region=procedure.region,
        levels=procedure.levels,
        side=procedure.side,
        relief_percent=relief,
        relief_weeks=response.lasted_weeks if response else None,
        relief_ongoing=bool(response and response.ongoing),
        note="procedure record",
        steroid_mpe_mg=mpe,
        record_id=procedure.id,
        medication_reduction_percent=procedure.medication_reduction_percent,
    )
