"""The demo's procedure records: every procedure a demo patient's earlier plan carried out (an injection, a
block, an ablation, a stimulator trial or implant) recorded as a clinician would have, signed, with the relief
the patient reported at the next visit, and a trial's diary. Random but repeatable (seeded by the plan)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from fbss_desktop.core.procedure_reader import procedure_document, read_procedure
from fbss_desktop.core.procedures import DiaryDay, ProcedureCatalogue, ProcedureStatus, Response, weeks_since
from fbss_desktop.core.scs_trial import trial_days
from fbss_desktop.storage import bulk

NEEDLES = {
    "ESI": "22 G Quincke spinal needle, 3.5 in",
    "MEDIAL_BRANCH_BLOCK": "25 G spinal needle, 3.5 in",
    "RFA": "18 G curved RF cannula, 10 mm active tip",
    "SIJ_INJECTION": "22 G spinal needle, 3.5 in",
    "TRIGGER_POINT_INJECTION": "25 G needle, 1.5 in",
    "SCS_TRIAL": "14 G Tuohy epidural needle",
    "SCS_IMPLANT": "14 G Tuohy epidural needle",
}
LOCAL = ("lidocaine", "bupivacaine")


def _details(kind: str, item: Mapping[str, Any], rng: random.Random) -> dict[str, Any]:
    details = dict(item.get("details") or {})
    document: dict[str, Any] = {
        "region": details.get("region") or ("thoracic" if kind.startswith("SCS") else "lumbar"),
        "levels": details.get("levels") or (["T8-T9"] if kind.startswith("SCS") else []),
        "side": details.get("side") or "",
        "needle": NEEDLES[kind],
        "sedation": rng.choice(("none", "none", "minimal")),
        "nrs_before": rng.randint(6, 9),
    }
    if kind in ("ESI", "SIJ_INJECTION"):
        document["approach"] = details.get("approach") or ("intra_articular" if kind == "SIJ_INJECTION" else "")
    if kind.startswith("SCS"):
        document.update(approach="percutaneous", device="Two 8-contact percutaneous leads, T8-T10")
    if kind != "TRIGGER_POINT_INJECTION":
        document.update(
            contrast="iodinated",
            contrast_ml=rng.choice((1, 1.5, 2)),
            allergy_checked=True,
            fluoroscopy_seconds=rng.randint(12, 60),
            fluoroscopy_mgy=round(rng.uniform(1.5, 9.0), 1),
        )
    else:
        document["muscles"] = details.get("muscles") or "Left gluteus medius, two points"
    injectates = [{"drug": rng.choice(LOCAL), "volume_ml": rng.choice((0.5, 1, 2))}]
    steroid, dose = details.get("steroid"), details.get("steroid_mg")
    if steroid and steroid != "none" and dose:
        injectates.insert(0, {"drug": steroid, "dose_mg": dose})
    if kind in ("ESI", "SIJ_INJECTION", "MEDIAL_BRANCH_BLOCK", "RFA", "TRIGGER_POINT_INJECTION"):
        document["injectates"] = injectates
    if kind == "RFA":
        document.update(lesion_celsius=80, lesion_seconds=90)
    document["nrs_after"] = max(0, document["nrs_before"] - rng.randint(2, 6))
    if kind == "MEDIAL_BRANCH_BLOCK":
        document["diagnostic"] = True
    return document


def _active(relief: int) -> str:
    return "more" if relief >= 50 else "same"


def _told(kind: str, after: dt.date, before: dt.date, document: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """The next visit's history line that tells of this procedure (same kind, in a month between the visits):
    the record then falls in that month and gives the relief the line reports, so the two agree."""
    for line in (document or {}).get("history", {}).get("prior_procedures", ()):
        month = str(line.get("performed") or "")
        if line.get("procedure") != kind or len(month) != len("YYYY-MM"):
            continue
        first = dt.date.fromisoformat(f"{month}-01")
        last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
        if first <= before - dt.timedelta(days=1) and last > after:
            return dict(line)
    return None


def records(
    plans: Sequence[tuple[int, dt.date, int, Mapping[str, Any]]],
    catalogue: ProcedureCatalogue,
    operators: Sequence[str],
    consults: Mapping[tuple[int, dt.date], Mapping[str, Any]] | None = None,
) -> list[dict[str, Any]]:
    """Rows for the procedure table: one per done procedure item of each finalized plan, done within weeks of
    its visit, answered (relief, or a trial's diary) at the patient's next visit, as that visit's history tells
    it where it does."""
    visits: dict[int, list[dt.date]] = {}
    for patient_id, day, _plan_id, _document in plans:
        visits.setdefault(patient_id, []).append(day)
    rows = []
    for patient_id, day, plan_id, plan in plans:
        later = [d for d in visits[patient_id] if d > day]
        if not later:
            continue  # the latest plan's procedures are still to come
        rng = random.Random(plan_id)
        for item in plan.get("items", ()):
            kind = str(item.get("treatment") or "")
            if kind not in catalogue.kinds or item.get("status") != "done":
                continue
            performed = min(day + dt.timedelta(days=rng.randint(10, 28)), later[0] - dt.timedelta(days=1))
            told = _told(kind, day, later[0], (consults or {}).get((patient_id, later[0])))
            if told is not None:  # inside the month the next visit's history names, after this visit
                month = dt.date.fromisoformat(f"{told['performed']}-01")
                end = min((month + dt.timedelta(days=31)).replace(day=1), later[0]) - dt.timedelta(days=1)
                performed = min(max(performed, month, day + dt.timedelta(days=1)), end)
            document = {"kind": kind, "performed_on": performed.isoformat(), **_details(kind, item, rng)}
            document.update(operator=rng.choice(operators), plan_id=plan_id, plan_item=str(item.get("key") or ""))
            procedure = read_procedure(document, catalogue, patient_id=patient_id)
            if catalogue.kinds[kind].trial:
                days = trial_days(procedure, catalogue.default_trial_days)
                reliefs = rng.choice(((40, 50, 60, 60, 70, 60, 65), (20, 30, 30, 25, 40, 30, 35)))
                diary = tuple(
                    DiaryDay(
                        d.day, nrs=max(0, (procedure.nrs_before or 8) - r // 15), relief_percent=r, activity=_active(r)
                    )
                    for d, r in zip(days, reliefs, strict=False)
                )
                procedure = replace(procedure, diary=diary)
            else:
                relief = rng.choice((20, 40, 60, 70, 80))
                weeks = max(1, (later[0] - performed).days // 7)
                ongoing = relief >= 60 and rng.random() < 0.5
                lasted: int | None = weeks if ongoing else rng.randint(1, weeks)
                if told is not None and told.get("relief_percent") is not None:
                    relief, ongoing = int(told["relief_percent"]), False
                    lasted = int(told["relief_weeks"]) if told.get("relief_weeks") is not None else None
                elapsed = weeks_since(performed, later[0])  # a record's relief never outlasts the time since
                response = Response(later[0], relief, min(lasted, elapsed) if lasted is not None else None, ongoing)
                procedure = replace(procedure, responses=(response,))
            signed_at = dt.datetime.combine(performed, dt.time(14, 0))
            rows.append(
                {
                    "patient": patient_id,
                    "kind": kind,
                    "performed_on": performed,
                    "status": ProcedureStatus.SIGNED.value,
                    "plan": plan_id,
                    "plan_item": procedure.plan_item,
                    "document": procedure_document(procedure),
                    "created_by": procedure.operator,
                    "created_at": signed_at,
                    "signed_at": signed_at,
                    "signed_by": procedure.operator,
                    "row_version": 1,
                }
            )
    return rows


def add_demo_procedures(first_patient_id: int, catalogue: ProcedureCatalogue, operators: Sequence[str]) -> int:
    plans = bulk.finalized_plans_from(first_patient_id)
    rows = records(plans, catalogue, operators, bulk.consult_documents_from(first_patient_id))
    bulk.insert_procedures(rows)
    return len(rows)
