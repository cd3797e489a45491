"""Consults: for now the summary the patient panel lists; the consult record itself comes with its editor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class ConsultStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"

    @property
    def label(self) -> str:
        return {"draft": "Draft", "signed": "Signed"}[self.value]


@dataclass(frozen=True)
class ConsultSummary:
    id: int
    patient_id: int
    consult_date: dt.date
    clinician_name: str
    status: ConsultStatus
    reason: str = ""


@dataclass(frozen=True)
class NewConsult:
    """A consult to create (demo data and, later, the consult editor's first save)."""

    consult_date: dt.date
    clinician_id: int | None
    status: ConsultStatus
    reason: str = ""
