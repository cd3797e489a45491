"""The consult record: history, examination, imaging and tests, questionnaires and assessment, as typed values.

Answers to yes/no questions are True, False or None (not asked): the decision support must tell "no" from
"nobody asked". Sided findings are mappings with "left" and "right". The record is built from a consult
document (a JSON-shaped dict) by `consult_document.parse_consult`, which validates every field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from fbss_desktop.core.consults import ConsultStatus
from fbss_desktop.core.dates import PartialDate
from fbss_desktop.core.medications import Medication
from fbss_desktop.core.questionnaires import Response, Score
from fbss_desktop.core.sacroiliac import SijCluster

YesNo = bool | None
SIDES = ("left", "right")
LUMBAR, CERVICAL = "lumbar", "cervical"  # the consult_region codes the record and the rules tell apart


def region_of(code: str) -> str:
    """A consult's region from its history.region code. A consult stored without one was written when only the
    lumbar spine could be recorded (document version 1), so it reads as lumbar, as it was written."""
    return code or LUMBAR


@dataclass(frozen=True)
class Allergy:
    substance: str
    kind: str = "allergy"
    reaction: str = ""


@dataclass(frozen=True)
class PriorProcedure:
    procedure: str
    performed: PartialDate
    region: str = ""
    levels: tuple[str, ...] = ()
    side: str = ""
    relief_percent: int | None = None
    relief_weeks: int | None = None
    note: str = ""
    steroid_mpe_mg: float | None = None  # injected steroid, methylprednisolone-equivalent mg


@dataclass(frozen=True)
class History:
    index_surgery_id: int | None = None
    region: str = ""  # the consult_region code; "" in a document written before regions: lumbar (see `region_of`)
    spine_operations: int | None = None
    course: str = ""
    recurrence_weeks: int | None = None
    pain_duration_months: int | None = None
    pain_locations: tuple[str, ...] = ()
    leg_share_percent: int | None = None
    side: str = ""
    back_nrs_now: int | None = None
    back_nrs_average: int | None = None
    leg_nrs_now: int | None = None
    leg_nrs_average: int | None = None
    arm_share_percent: int | None = None
    neck_nrs_now: int | None = None
    neck_nrs_average: int | None = None
    arm_nrs_now: int | None = None
    arm_nrs_average: int | None = None
    neuropathic: tuple[str, ...] = ()
    numbness: YesNo = None
    weakness: YesNo = None
    red_flags: Mapping[str, bool] = field(default_factory=dict)
    comorbidities: Mapping[str, bool] = field(default_factory=dict)
    hba1c_percent: float | None = None
    egfr: float | None = None
    creatinine_mg_dl: float | None = None
    weight_kg: float | None = None
    devices: Mapping[str, bool] = field(default_factory=dict)
    smoking: str = ""
    alcohol: str = ""
    substance_use: str = ""
    prior_overdose: YesNo = None
    medicine_history: Mapping[str, bool] = field(default_factory=dict)
    medications: tuple[Medication, ...] = ()
    no_known_allergies: bool = False
    allergies: tuple[Allergy, ...] = ()
    work_status: str = ""
    litigation: YesNo = None
    compensation_claim: YesNo = None
    prior_procedures: tuple[PriorProcedure, ...] = ()
    notes: str = ""

    @property
    def total_mme_per_day(self) -> float | None:
        """Sum of daily MME over opioids with a known factor; None when no opioid has one."""
        values = [m.mme_per_day for m in self.medications if m.mme_per_day is not None]
        return round(sum(values), 1) if values else None

    def medications_of_class(self, code: str) -> tuple[Medication, ...]:
        return tuple(m for m in self.medications if m.has_class(code))

    def positive_red_flags(self) -> tuple[str, ...]:
        return tuple(code for code, value in self.red_flags.items() if value)


@dataclass(frozen=True)
class Examination:
    incision: str = ""
    temperature_c: float | None = None
    gait: str = ""
    motor: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    sensation: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    reflexes: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    babinski: Mapping[str, bool] = field(default_factory=dict)
    slr: Mapping[str, bool] = field(default_factory=dict)
    slr_angle: Mapping[str, int] = field(default_factory=dict)
    crossed_slr: Mapping[str, bool] = field(default_factory=dict)
    femoral_stretch: Mapping[str, bool] = field(default_factory=dict)
    spurling: Mapping[str, bool] = field(default_factory=dict)
    sij_tests: Mapping[str, bool] = field(default_factory=dict)
    tenderness: Mapping[str, bool] = field(default_factory=dict)
    waddell: Mapping[str, bool] = field(default_factory=dict)
    notes: str = ""
    sij_cluster: SijCluster | None = None  # computed by parse_consult from the vocabulary's cluster rule

    @property
    def sij_positive(self) -> int:
        """Positive SIJ provocation tests; a retired code a stored consult holds counts once."""
        return sum(1 for v in self.sij_tests.values() if v)

    @property
    def sij_cluster_positive(self) -> bool | None:
        """Whether the provocation cluster is positive; None when no test was recorded."""
        return self.sij_cluster.cluster_positive if self.sij_cluster is not None else None

    @property
    def waddell_positive(self) -> int:
        return sum(1 for v in self.waddell.values() if v)

    def weak_myotomes(self, below: int = 5) -> tuple[tuple[str, str], ...]:
        """(myotome, side) pairs graded under `below`."""
        return tuple(
            (myotome, side) for myotome, sides in self.motor.items() for side, grade in sides.items() if grade < below
        )


@dataclass(frozen=True)
class Finding:
    level: str
    finding: str


@dataclass(frozen=True)
class LabValue:
    test: str
    value: float
    unit: str


@dataclass(frozen=True)
class Study:
    kind: str
    performed: PartialDate
    follows_surgery_id: int | None = None
    levels: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = ()
    labs: tuple[LabValue, ...] = ()
    report: str = ""


@dataclass(frozen=True)
class ScoredResponse:
    response: Response
    score: Score


@dataclass(frozen=True)
class Assessment:
    generators: tuple[str, ...] = ()
    pain_type: str = ""
    icd10: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ConsultRecord:
    patient_id: int
    consult_date: dt.date
    clinician_id: int | None = None
    reason: str = ""
    status: ConsultStatus = ConsultStatus.DRAFT
    history: History = field(default_factory=History)
    exam: Examination = field(default_factory=Examination)
    studies: tuple[Study, ...] = ()
    questionnaires: Mapping[str, ScoredResponse] = field(default_factory=dict)
    assessment: Assessment = field(default_factory=Assessment)
    carried_forward_from: int | None = None
    carry_forward_confirmed: bool = False
    id: int | None = None
    row_version: int = 0

    @property
    def region(self) -> str:
        """The spine region this consult is about ("lumbar" or "cervical"); see `region_of`."""
        return region_of(self.history.region)

    def surgery_ids(self) -> frozenset[int]:
        """The surgeries this consult links to (its index surgery, the surgeries its studies follow)."""
        linked = [self.history.index_surgery_id, *(s.follows_surgery_id for s in self.studies)]
        return frozenset(i for i in linked if i is not None)

    def score_of(self, instrument: str) -> float | None:
        scored = self.questionnaires.get(instrument)
        return scored.score.total if scored else None

    def lab_values(self, test: str) -> tuple[tuple[PartialDate, LabValue], ...]:
        """Every recorded value of a lab test, newest first."""
        values = [(s.performed, lab) for s in self.studies for lab in s.labs if lab.test == test]
        return tuple(sorted(values, key=lambda pair: pair[0], reverse=True))
