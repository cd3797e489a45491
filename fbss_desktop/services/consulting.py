"""Consult use cases behind the Clinic facade: start (carrying forward), open, validate and save a consult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core import consult_schema
from fbss_desktop.core.consult_document import ConsultContext, parse_consult
from fbss_desktop.core.consult_dump import dump_consult
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import StoredConsult, map_surgery_refs
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.spine import region_of_levels
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.services import catalogues

# History that stays true from one visit to the next (declared in core/consult_schema.py); the clinician
# confirms it on the new consult.
CARRIED_HISTORY = consult_schema.carried()
# Computed values a stored document carries for its readers; an editor's document never has them.
_COMPUTED = ("mme_per_day",)


@dataclass(frozen=True)
class ConsultDraft:
    """What the consult editor opens: the patient, their surgeries, and the document to edit.

    The document carries the consult's plan under "plan"; `basis` is the patient's history the decision
    support reads besides it.
    """

    patient: Patient
    surgeries: tuple[Surgery, ...]
    document: Mapping[str, Any]
    consult_id: int | None = None
    row_version: int = 0
    carried_from_date: dt.date | None = None
    carried_from_status: str = ""  # "draft" or "signed": the consult the history was carried from ("" unknown)
    plan_id: int | None = None
    plan_row_version: int = 0
    basis: Any = None  # services.planning.RulesBasis; None after a save (the editor keeps the one it has)


def context_for(
    patient: Patient,
    surgeries: Sequence[Surgery],
    *,
    today: dt.date,
    slash_order: SlashOrder,
    mme_table: str,
) -> ConsultContext:
    return ConsultContext(
        today=today,
        date_of_birth=patient.date_of_birth,
        sex=patient.sex.value,
        vocabulary=catalogues.vocabulary(),
        medications=catalogues.medication_list(),
        instruments=catalogues.instruments(),
        surgeries={s.id: s.performed for s in surgeries if s.id is not None},
        slash_order=slash_order,
        mme_table=mme_table,
    )


def editable(document: Mapping[str, Any], surgeries: Sequence[Surgery]) -> dict[str, Any]:
    """A stored document made ready for the editor: links to removed surgeries dropped, computed values gone."""
    known = {s.id for s in surgeries}
    result = map_surgery_refs(document, lambda ref: ref if ref in known else None)
    history = dict(result.get("history") or {})
    history.pop("total_mme_per_day", None)
    history["medications"] = [
        {k: v for k, v in m.items() if k not in _COMPUTED} for m in history.get("medications") or []
    ]
    result["history"] = history
    return result


def new_document(
    *, today: dt.date, surgeries: Sequence[Surgery], previous: StoredConsult | None, carry_forward: bool
) -> dict[str, Any]:
    history: dict[str, Any] = {
        "spine_operations": len(surgeries) or None,
        "index_surgery_id": surgeries[-1].id if surgeries else None,
    }
    document: dict[str, Any] = {"consult_date": today.isoformat(), "status": "draft", "history": history}
    if carry_forward and previous is not None:
        old = editable(previous.document, surgeries)["history"]
        history.update({key: old[key] for key in CARRIED_HISTORY if old.get(key) is not None})
        document["carried_forward_from"] = previous.id
        document["carry_forward_confirmed"] = False
    if not history.get("region") and surgeries:  # the index surgery's levels suggest it; the clinician may change it
        history["region"] = region_of_levels(surgeries[-1].levels)
    return document


def parse_and_dump(
    document: Mapping[str, Any], *, patient_id: int, context: ConsultContext
) -> tuple[ConsultRecord, dict[str, Any]]:
    """Validate the editor's document (raises ValidationError by path) and give the normalized one to store."""
    record = parse_consult(document, patient_id=patient_id, context=context)
    return record, dump_consult(record, context.written_with)
