"""The typed ConsultRecord written back as a consult document: normalized, with computed totals included.

Computed values (daily MME, questionnaire totals and bands, counts of positive tests) are written for
readers of the stored document and case files; `parse_consult` ignores them and recomputes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from fbss_desktop.core.consult_document import DOCUMENT_VERSION
from fbss_desktop.core.consult_record import ConsultRecord, History, Study


def _history(history: History) -> dict[str, Any]:
    data = asdict(history)
    data["pain_locations"] = list(history.pain_locations)
    data["neuropathic"] = list(history.neuropathic)
    data["medications"] = [
        {
            "name": m.name,
            "drug": m.drug,
            "classes": list(m.classes),
            "dose": m.dose,
            "unit": m.unit,
            "per_day": m.per_day,
            "as_needed": m.as_needed,
            "note": m.note,
            "mme_per_day": m.mme_per_day,
        }
        for m in history.medications
    ]
    data["allergies"] = [asdict(a) for a in history.allergies]
    data["prior_procedures"] = [
        {**asdict(p), "performed": str(p.performed), "levels": list(p.levels)} for p in history.prior_procedures
    ]
    data["total_mme_per_day"] = history.total_mme_per_day
    return data


def _study(study: Study) -> dict[str, Any]:
    return {
        "kind": study.kind,
        "performed": str(study.performed),
        "follows_surgery_id": study.follows_surgery_id,
        "levels": list(study.levels),
        "findings": [{"level": f.level, "finding": f.finding} for f in study.findings],
        "labs": [{"test": lab.test, "value": lab.value, "unit": lab.unit} for lab in study.labs],
        "report": study.report,
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def dump_consult(record: ConsultRecord, written_with: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The record as a consult document (JSON-ready). Surgery references stay database ids; `written_with`
    records the versions of the resources it was checked against."""
    exam = _plain(asdict(record.exam))
    del exam["sij_cluster"]
    exam["sij_positive"] = record.exam.sij_positive
    exam["sij_cluster_positive"] = record.exam.sij_cluster_positive
    exam["sij_cluster"] = record.exam.sij_cluster.text() if record.exam.sij_cluster is not None else None
    exam["waddell_positive"] = record.exam.waddell_positive
    return {
        "document_version": DOCUMENT_VERSION,
        "consult_date": record.consult_date.isoformat(),
        "clinician_id": record.clinician_id,
        "reason": record.reason,
        "status": record.status.value,
        "carried_forward_from": record.carried_forward_from,
        "carry_forward_confirmed": record.carry_forward_confirmed,
        "history": _plain(_history(record.history)),
        "exam": exam,
        "studies": [_study(s) for s in record.studies],
        "questionnaires": {
            code: {
                "version": scored.response.version,
                "answers": list(scored.response.answers),
                "scored_as": scored.response.scored_as,
                "total": scored.score.total,
                "band": scored.score.band,
                "answered": scored.score.answered,
                "subscales": dict(scored.score.subscales),
            }
            for code, scored in record.questionnaires.items()
        },
        "assessment": _plain(asdict(record.assessment)),
    } | ({"written_with": dict(written_with)} if written_with else {})
