"""The treatment plan: individually addressable items in phases, measurable goals, follow-up, and the
clinician's acknowledgements of decision-support findings.

A plan belongs to one consult. It is a draft until the clinician finalizes it; finalizing needs every
blocking finding acknowledged with a written reason (see services.planning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class PlanStatus(StrEnum):
    DRAFT = "draft"
    FINALIZED = "finalized"


class ItemStatus(StrEnum):
    PLANNED = "planned"
    SCHEDULED = "scheduled"
    DONE = "done"
    STOPPED = "stopped"

    @property
    def label(self) -> str:
        return self.value.capitalize()


ACTIVE_STATUSES = (ItemStatus.PLANNED, ItemStatus.SCHEDULED)
# The front desk's "not yet printed" looks this far back: an unprinted plan from last year is not today's work,
# and looking through ten years of finalized plans at every refresh would not stay quick (`make bench`).
DESK_UNPRINTED_DAYS = 30

GOAL_KINDS = {
    "pain": "Pain",
    "function": "Function",
    "activity": "Activity",
    "return_to_work": "Return to work",
    "medication": "Medicines",
    "other": "Other",
}
# measure -> (label, highest value): a measurable goal says which score should reach which value.
GOAL_MEASURES = {
    "back_nrs": ("Back pain (0-10)", 10),
    "leg_nrs": ("Leg pain (0-10)", 10),
    "odi": ("Oswestry Disability Index (%)", 100),
    "neck_nrs": ("Neck pain (0-10)", 10),  # a neck patient's goals (a cervical consult)
    "arm_nrs": ("Arm pain (0-10)", 10),
    "ndi": ("Neck Disability Index (%)", 100),
    "mme": ("Opioid dose (MME a day)", 1000),
}
# each measure as the patient's copy says it ("with arm pain at 3 out of 10 or less")
GOAL_WORDS = {
    "back_nrs": "back pain",
    "leg_nrs": "leg pain",
    "odi": "disability score",
    "neck_nrs": "neck pain",
    "arm_nrs": "arm pain",
    "ndi": "neck disability score",
    "mme": "opioid dose",
}


@dataclass(frozen=True)
class PrintRecord:
    """One print of a plan version (the plan, its clinician summary or its handouts), as the front desk
    counts it; a case file carries them so an imported plan is not listed as never printed."""

    printed_at: dt.datetime
    kind: str
    detail: str = ""
    copies: int = 1


@dataclass(frozen=True)
class PlanItem:
    key: str
    treatment: str
    phase: int = 1
    status: ItemStatus = ItemStatus.PLANNED
    details: Mapping[str, Any] = field(default_factory=dict)
    reason: str = ""
    note: str = ""

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def detail(self, key: str) -> Any:
        return self.details.get(key)


@dataclass(frozen=True)
class Goal:
    kind: str
    text: str
    measure: str = ""
    target: float | None = None
    due_weeks: int | None = None


@dataclass(frozen=True)
class Acknowledgement:
    """A clinician's answer to a finding: who, when, and why the plan goes ahead."""

    rule: str
    item: str
    severity: str
    reason: str
    clinician: str
    at: dt.datetime
    clinician_id: int | None = None
    rule_version: int = 1

    @property
    def finding_key(self) -> str:
        return f"{self.rule}@{self.item}"


@dataclass(frozen=True)
class TreatmentPlan:
    phases: tuple[str, ...]
    items: tuple[PlanItem, ...] = ()
    goals: tuple[Goal, ...] = ()
    follow_up_weeks: int | None = None
    acknowledgements: tuple[Acknowledgement, ...] = ()
    status: PlanStatus = PlanStatus.DRAFT
    note: str = ""
    finalized_at: dt.datetime | None = None
    finalized_by: str = ""

    def active_items(self, *treatments: str) -> tuple[PlanItem, ...]:
        return tuple(i for i in self.items if i.active and (not treatments or i.treatment in treatments))

    def acknowledgement(self, finding_key: str) -> Acknowledgement | None:
        return next((a for a in self.acknowledgements if a.finding_key == finding_key), None)


@dataclass(frozen=True)
class StoredPlan:
    """A plan as the database holds it: its row, and its document (see core.plan_document)."""

    id: int
    patient_id: int
    consult_id: int | None
    version: int
    status: PlanStatus
    row_version: int
    document: Mapping[str, Any]
    finalized_at: dt.datetime | None = None
    finalized_by: str = ""
    snapshot: Mapping[str, Any] | None = None  # what it printed, frozen when it was finalized
    supersedes_id: int | None = None  # the version this one revised
    last_printed: dt.datetime | None = None
    imported_from: str = ""  # the case file (and its clinic) a plan came in by; "" for one made here


@dataclass(frozen=True)
class PlanVersion:
    """One version of a plan, as the patient panel and the front desk list it."""

    plan_id: int
    consult_id: int
    consult_date: dt.date
    version: int
    status: PlanStatus
    finalized_at: dt.datetime | None
    finalized_by: str
    last_printed: dt.datetime | None
    treatments: int
    changes: tuple[str, ...]  # since the previous version of the same consult's plan


@dataclass(frozen=True)
class DeskPlan:
    """A finalized plan as the front desk sees it: who, which plan, and whether it was printed."""

    plan_id: int
    consult_id: int
    patient_id: int
    patient_name: str
    mrn: str
    date_of_birth: dt.date
    consult_date: dt.date
    version: int
    finalized_at: dt.datetime | None
    finalized_by: str
    last_printed: dt.datetime | None
    treatments: tuple[str, ...]  # treatment codes of the plan, for its handouts
