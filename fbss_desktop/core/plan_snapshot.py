"""A finalized plan's printed content, frozen: `snapshot` turns a PlanPrint into JSON-ready data stored with
the plan version, and `from_snapshot` gives the same PlanPrint back, so a reprint is identical whatever the
catalogues, the handouts or the letterhead say later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from fbss_desktop.core.handouts import Handout
from fbss_desktop.core.plan_print import Letterhead, Medicine, Phase, PlanPrint, Step, TrendMarker, TrendPoint
from fbss_desktop.core.plan_wording import patient_reason

# 2: a step may carry an allergy reminder (version 1 snapshots read with none). 3: the trend may carry neck and
# arm pain and the NDI, and the treatment markers printed under it (older snapshots read with none).
SNAPSHOT_VERSION = 3


def _handout_dict(handout: Handout) -> dict[str, object]:
    return {
        "treatment": handout.code,
        "title": handout.title,
        "sources": list(handout.sources),
        "last_reviewed": handout.last_reviewed,
        "sections": [
            {"heading": s.heading, "paragraphs": list(s.paragraphs), "bullets": list(s.bullets)}
            for s in handout.sections
        ],
    }


def snapshot(printed: PlanPrint) -> dict[str, object]:
    """The printed content as JSON, frozen with a finalized plan so that reprints give the same plan."""
    return {
        "snapshot_version": SNAPSHOT_VERSION,
        "letterhead": {
            "name": printed.letterhead.name,
            "address": printed.letterhead.address,
            "phone": printed.letterhead.phone,
            "logo": printed.letterhead.logo,
            "after_hours": printed.letterhead.after_hours,
        },
        "patient_name": printed.patient_name,
        "date_of_birth": printed.date_of_birth.isoformat(),
        "plan_date": printed.plan_date.isoformat(),
        "clinician": printed.clinician,
        "diagnosis": list(printed.diagnosis),
        "goals": list(printed.goals),
        "phases": [
            {
                "title": phase.title,
                "steps": [
                    {
                        "name": s.name,
                        "what": s.what,
                        "why": s.why,
                        "details": s.details,
                        "expect": s.expect,
                        "prepare": s.prepare,
                        "risks": s.risks,
                        "allergies": s.allergies,
                    }
                    for s in phase.steps
                ],
            }
            for phase in printed.phases
        ],
        "medicines": [
            {"name": m.name, "how": m.how, "what_for": m.what_for, "cautions": m.cautions, "change": m.change}
            for m in printed.medicines
        ],
        "warning_signs": _handout_dict(printed.warning_signs),
        "follow_up": printed.follow_up.isoformat() if printed.follow_up else None,
        "trend": [
            {"day": p.day.isoformat(), "back": p.back, "leg": p.leg, "odi": p.odi}
            | ({"neck": p.neck, "arm": p.arm, "ndi": p.ndi} if (p.neck, p.arm, p.ndi) != (None, None, None) else {})
            for p in printed.trend
        ],
        "markers": [{"day": m.day.isoformat(), "text": m.text} for m in printed.markers],
        "handouts": [_handout_dict(h) for h in printed.handouts],
        "version": printed.version,
        "finalized": printed.finalized,
        "note": printed.note,
    }


def _step(data: Mapping[str, Any], reasons: Mapping[str, str]) -> Step:
    return Step(**{**data, "why": patient_reason(data["why"], reasons)})


def _medicine(data: Mapping[str, Any], reasons: Mapping[str, str]) -> Medicine:
    return Medicine(**{**data, "what_for": patient_reason(data["what_for"], reasons)})


def from_snapshot(data: Mapping[str, object], reasons: Mapping[str, str] | None = None) -> PlanPrint:
    """The PlanPrint a snapshot froze. A reason frozen as a decision-support rule wrote it ("title (R49)",
    before suggestions had patient wording) reads as the rule's patient wording from `reasons`, or not at
    all: a reprint never shows a rule id."""
    d: Mapping[str, Any] = data
    words = reasons or {}
    day = dt.date.fromisoformat
    return PlanPrint(
        letterhead=Letterhead(**d["letterhead"]),
        patient_name=d["patient_name"],
        date_of_birth=day(d["date_of_birth"]),
        plan_date=day(d["plan_date"]),
        clinician=d["clinician"],
        diagnosis=tuple(d["diagnosis"]),
        goals=tuple(d["goals"]),
        phases=tuple(Phase(p["title"], tuple(_step(s, words) for s in p["steps"])) for p in d["phases"]),
        medicines=tuple(_medicine(m, words) for m in d["medicines"]),
        warning_signs=Handout.from_dict(d["warning_signs"]),
        follow_up=day(d["follow_up"]) if d["follow_up"] else None,
        trend=tuple(
            TrendPoint(day(t["day"]), t["back"], t["leg"], t["odi"], t.get("neck"), t.get("arm"), t.get("ndi"))
            for t in d["trend"]
        ),
        markers=tuple(TrendMarker(day(m["day"]), m["text"]) for m in d.get("markers", ())),
        handouts=tuple(Handout.from_dict(h) for h in d["handouts"]),
        version=int(d["version"]),
        finalized=bool(d["finalized"]),
        note=d["note"],
    )
