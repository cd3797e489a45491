"""Consults as the patient panel lists them, as stored (the document and its row version), and as created in bulk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


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
    back_nrs: int | None = None
    leg_nrs: int | None = None
    odi_percent: float | None = None
    # schema 11: a cervical consult's scores, and the region ("" for a consult written before regions: lumbar)
    neck_nrs: int | None = None
    arm_nrs: int | None = None
    ndi_percent: float | None = None
    region: str = ""


@dataclass(frozen=True)
class StoredConsult:
    """A consult as saved: its document (see core.consult_document) and the version an update must match."""

    id: int
    patient_id: int
    row_version: int
    status: ConsultStatus
    document: Mapping[str, Any]
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class ConsultVersion:
    """A signed consult as it was before an amendment replaced it: who replaced it, when and why."""

    version: int
    document: Mapping[str, Any]
    signed_at: dt.datetime | None
    replaced_at: dt.datetime
    replaced_by: str
    reason: str


@dataclass(frozen=True)
class NewConsult:
    """A consult to create in bulk (demo and benchmark data).

    In `document`, surgery references (history.index_surgery_id, studies[].follows_surgery_id) are positions
    in the case's list of surgeries; bulk insertion turns them into ids.
    """

    consult_date: dt.date
    clinician_id: int | None
    status: ConsultStatus
    reason: str = ""
    document: Mapping[str, Any] = field(default_factory=dict)
    back_nrs: int | None = None
    leg_nrs: int | None = None
    odi_percent: float | None = None
    # a cervical consult's scores and its region (schema 11)
    neck_nrs: int | None = None
    arm_nrs: int | None = None
    ndi_percent: float | None = None
    region: str = ""
    plan: Mapping[str, Any] | None = None  # the consult's plan document, if it has one
    plan_printed: dt.datetime | None = None  # when the front desk printed it (demo history)


def map_surgery_refs(document: Mapping[str, Any], convert: Callable[[Any], Any]) -> dict[str, Any]:
    """A copy of `document` with every surgery reference passed through `convert` (ids <-> positions or refs)."""
    result = dict(document)
    history = dict(result.get("history") or {})
    if history.get("index_surgery_id") is not None:
        history["index_surgery_id"] = convert(history["index_surgery_id"])
    result["history"] = history
    studies = []
    for study in result.get("studies") or []:
        study = dict(study)
        if study.get("follows_surgery_id") is not None:
            study["follows_surgery_id"] = convert(study["follows_surgery_id"])
        studies.append(study)
    result["studies"] = studies
    return result
