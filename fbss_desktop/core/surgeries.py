"""Spine surgeries in a patient's history, their catalogue of procedure types, and their validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.dates import PartialDate, SlashOrder
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.spine import parse_levels
from fbss_desktop.core.text import sentence

NOTES_MAX = 4000


@dataclass(frozen=True)
class Procedure:
    code: str
    label: str
    fusion: bool
    instrumented: bool


@dataclass(frozen=True)
class Approach:
    code: str
    label: str


@dataclass(frozen=True)
class SurgeryCatalogue:
    """Procedure types and approaches a surgery can be recorded with (data from resources/)."""

    version: int
    procedures: tuple[Procedure, ...]
    approaches: tuple[Approach, ...]
    sources: tuple[str, ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SurgeryCatalogue:
        return cls(
            version=int(data["version"]),
            procedures=tuple(
                Procedure(p["code"], p["label"], bool(p["fusion"]), bool(p["instrumented"])) for p in data["procedures"]
            ),
            approaches=tuple(Approach(a["code"], a["label"]) for a in data["approaches"]),
            sources=tuple(data.get("sources", ())),
        )

    def procedure(self, code: str) -> Procedure | None:
        return next((p for p in self.procedures if p.code == code), None)

    def approach(self, code: str) -> Approach | None:
        return next((a for a in self.approaches if a.code == code), None)

    def procedure_label(self, code: str) -> str:
        procedure = self.procedure(code)
        return procedure.label if procedure else code

    def approach_label(self, code: str) -> str:
        approach = self.approach(code)
        return approach.label if approach else code


@dataclass(frozen=True)
class Surgery:
    """One spine operation. `performed` may be known only to the year or month."""

    patient_id: int
    performed: PartialDate
    procedure: str
    levels: tuple[str, ...]
    fusion: bool
    instrumented: bool
    approach: str
    surgeon: str = ""
    outcome_notes: str = ""
    id: int | None = None
    row_version: int = 0


@dataclass
class SurgeryInput:
    """What the user typed into the surgery form."""

    patient_id: int
    performed: str = ""
    procedure: str = ""
    levels: str = ""
    fusion: bool = False
    instrumented: bool = False
    approach: str = "UNKNOWN"
    surgeon: str = ""
    outcome_notes: str = ""
    id: int | None = None
    row_version: int = 0


def parse_surgery(
    form: SurgeryInput,
    *,
    catalogue: SurgeryCatalogue,
    date_of_birth: dt.date,
    today: dt.date,
    slash_order: SlashOrder = SlashOrder.MDY,
) -> Surgery:
    """Validate `form`; raise ValidationError naming every wrong field, or return a Surgery."""
    errors: dict[str, str] = {}

    performed: PartialDate | None = None
    try:
        performed = PartialDate.parse(form.performed, slash_order)
    except ValueError as exc:
        errors["performed"] = sentence(str(exc))
    else:
        if performed.earliest > today:
            errors["performed"] = "The surgery date is in the future."
        elif performed.latest < date_of_birth:
            errors["performed"] = "The surgery date is before the patient's date of birth."

    if catalogue.procedure(form.procedure) is None:
        errors["procedure"] = "Choose the type of operation."
    if catalogue.approach(form.approach) is None:
        errors["approach"] = "Choose the approach, or 'Not known'."

    levels: tuple[str, ...] = ()
    try:
        levels = parse_levels(form.levels)
    except ValueError as exc:
        errors["levels"] = sentence(str(exc))
    else:
        if not levels:
            errors["levels"] = "Name at least one level, for example L4-L5."

    surgeon = " ".join(form.surgeon.split())
    if len(surgeon) > 120:
        errors["surgeon"] = "The surgeon's name is too long (at most 120 characters)."
    notes = form.outcome_notes.strip()
    if len(notes) > NOTES_MAX:
        errors["outcome_notes"] = f"Outcome notes are too long (at most {NOTES_MAX} characters)."

    if errors:
        raise ValidationError(errors)
    assert performed is not None
    return Surgery(
        patient_id=form.patient_id,
        performed=performed,
        procedure=form.procedure,
        levels=levels,
        fusion=form.fusion,
        instrumented=form.instrumented,
        approach=form.approach,
        surgeon=surgeon,
        outcome_notes=notes,
        id=form.id,
        row_version=form.row_version,
    )


def to_input(surgery: Surgery) -> SurgeryInput:
    return SurgeryInput(
        patient_id=surgery.patient_id,
        performed=str(surgery.performed),
        procedure=surgery.procedure,
        levels=", ".join(surgery.levels),
        fusion=surgery.fusion,
        instrumented=surgery.instrumented,
        approach=surgery.approach,
        surgeon=surgery.surgeon,
        outcome_notes=surgery.outcome_notes,
        id=surgery.id,
        row_version=surgery.row_version,
    )
