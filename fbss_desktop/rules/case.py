"""What the rules look at: one consult with its draft plan, the patient's history, and the clinic settings.

Also the reference tables rules read besides the rules themselves (antithrombotic holds, renal dosing, what
each treatment may use that a patient can be allergic to), and the catalogues that give facts their labels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fbss_desktop.core.consult_record import ConsultRecord, PriorProcedure
from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plans import TreatmentPlan
from fbss_desktop.core.procedure_allergens import AllergenTable
from fbss_desktop.core.questionnaires import Instrument
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.core.vocabulary import Vocabulary


@dataclass(frozen=True)
class EarlierPlan:
    consult_date: dt.date
    plan: TreatmentPlan


@dataclass(frozen=True)
class Case:
    patient: Patient
    consult: ConsultRecord
    plan: TreatmentPlan
    surgeries: tuple[Surgery, ...] = ()
    earlier_consults: tuple[ConsultRecord, ...] = ()  # the patient's consults before this one, newest first
    earlier_plans: tuple[EarlierPlan, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    procedures: tuple[PriorProcedure, ...] = ()  # procedure records (core.procedures.as_prior), newest first


@dataclass(frozen=True)
class RenalBand:
    low: float
    max_mg_day: float


@dataclass(frozen=True)
class ReferenceTables:
    vocabulary: Vocabulary
    medications: MedicationList
    catalogue: TreatmentCatalogue
    instruments: Mapping[str, Instrument]
    holds: Mapping[str, Mapping[str, Any]]
    nsaid_hold_days: Mapping[str, int]
    renal_bands: Mapping[str, tuple[RenalBand, ...]]
    cockcroft_gault: Mapping[str, float]  # the formula's constants, from renal_dosing.json
    nsaid_hold_otherwise: str  # the hold for an NSAID the table does not list ("5 half-lives")
    allergens: AllergenTable | None = None  # what each treatment may use (contrast...), as the patient's copy says

    @classmethod
    def from_data(
        cls,
        *,
        vocabulary: Vocabulary,
        medications: MedicationList,
        catalogue: TreatmentCatalogue,
        instruments: Mapping[str, Instrument],
        antithrombotics: Mapping[str, Any],
        renal_dosing: Mapping[str, Any],
        procedure_allergens: Mapping[str, Any] | None = None,
    ) -> ReferenceTables:
        bands = {
            drug: tuple(
                sorted(
                    (RenalBand(float(b["from"]), float(b["max_mg_day"])) for b in raw["bands"]),
                    key=lambda b: -b.low,
                )
            )
            for drug, raw in renal_dosing["drugs"].items()
        }
        return cls(
            vocabulary=vocabulary,
            medications=medications,
            catalogue=catalogue,
            instruments=instruments,
            holds=antithrombotics["drugs"],
            nsaid_hold_days={k: int(v) for k, v in antithrombotics["nsaid_hold_days"]["days"].items()},
            renal_bands=bands,
            cockcroft_gault={k: float(v) for k, v in renal_dosing["cockcroft_gault"]["constants"].items()},
            nsaid_hold_otherwise=str(antithrombotics["nsaid_hold_days"]["otherwise"]),
            allergens=AllergenTable.from_dict(procedure_allergens) if procedure_allergens is not None else None,
        )

    def creatinine_clearance(self, *, age: int, weight_kg: float, creatinine_mg_dl: float, sex: str) -> float:
        """Cockcroft-Gault creatinine clearance (mL/min), with the constants of renal_dosing.json."""
        c = self.cockcroft_gault
        clearance = (c["age_from"] - age) * weight_kg / (c["divisor"] * creatinine_mg_dl)
        return round(clearance * (c["female_factor"] if sex == "F" else c["male_factor"]), 1)

    def renal_max(self, drug: str, clearance: float) -> float | None:
        for band in self.renal_bands.get(drug, ()):
            if clearance >= band.low:
                return band.max_mg_day
        return None
