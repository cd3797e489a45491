"""Build decision-support cases from small changes to a quiet consult: one that no rule has anything to say about."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from fbss_desktop.core.consult_document import ConsultContext, parse_consult, read_consult
from fbss_desktop.core.dates import PartialDate
from fbss_desktop.core.findings import Finding, Outcome
from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.core.plan_document import PlanContext, parse_plan
from fbss_desktop.core.settings import REGISTRY
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.rules.case import Case, EarlierPlan
from fbss_desktop.rules.engine import evaluate_case
from fbss_desktop.services.catalogues import (
    decision_rules,
    instruments,
    medication_list,
    reference_tables,
    treatment_catalogue,
    vocabulary,
)

TODAY = dt.date(2026, 11, 21)
CONSULT_DAY = "2026-11-20"


def _all(list_name: str, value: Any) -> dict[str, Any]:
    return {code: value for code in vocabulary()[list_name].codes}


QUIET: dict[str, Any] = {
    "consult_date": CONSULT_DAY,
    "history": {
        "spine_operations": 1,
        "course": "improved_then_recurred",
        "recurrence_weeks": 20,
        "pain_duration_months": 24,
        "pain_locations": ["low_back", "buttock", "below_knee"],
        "leg_share_percent": 60,
        "side": "left",
        "back_nrs_now": 5,
        "leg_nrs_now": 6,
        "red_flags": _all("red_flag", False),
        "comorbidities": _all("comorbidity", False),
        "devices": _all("device", False),
        "egfr": 85,
        "weight_kg": 70,
        "creatinine_mg_dl": 0.9,
        "smoking": "never",
        "alcohol": "none",
        "substance_use": "none",
        "prior_overdose": False,
        "no_known_allergies": True,
    },
    "exam": {
        "incision": "healed",
        "temperature_c": 36.8,
        "motor": {m: {"left": 5, "right": 5} for m in ("L2", "L3", "L4", "L5", "S1")},
        "slr": {"left": True, "right": False},
    },
    "studies": [
        {
            "kind": "mri_with_gad",
            "performed": "2026-10-01",
            "levels": ["L4-L5"],
            "findings": [{"level": "L4-L5", "finding": "epidural_fibrosis"}],
        },
        {
            "kind": "labs",
            "performed": "2026-10-01",
            "labs": [{"test": "esr", "value": 12}, {"test": "crp", "value": 3}],
        },
    ],
    "questionnaires": {
        "odi": {"version": "odi-2.1a", "answers": [2] * 10},
        "phq9": {"answers": [0] * 9},
        "gad7": {"answers": [0] * 7},
    },
    "assessment": {"generators": ["epidural_fibrosis"], "icd10": ["M96.1"]},
}

DISCECTOMY = ("2024-02-12", "DISCECTOMY", ("L4-L5",), False)
FUSION_TO_S1 = ("2023-05-02", "TLIF", ("L4-L5", "L5-S1"), True)


def merge(base: Mapping[str, Any], change: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with `change` laid over it: mappings merge, anything else replaces."""
    result = copy.deepcopy(dict(base))
    for key, value in change.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def item(treatment: str, phase: int | None = None, status: str = "planned", **details: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {"treatment": treatment, "status": status, "details": details}
    if phase is not None:
        raw["phase"] = phase
    return raw


def meds(*rows: tuple[str, float, float]) -> dict[str, Any]:
    return {"history": {"medications": [{"name": n, "dose": d, "per_day": p} for n, d, p in rows]}}


def _surgery(row: tuple[str, str, tuple[str, ...], bool], number: int) -> Surgery:
    performed, procedure, levels, fusion = row
    return Surgery(
        patient_id=1,
        performed=PartialDate.parse(performed),
        procedure=procedure,
        levels=levels,
        fusion=fusion,
        instrumented=fusion,
        approach="POSTERIOR_OPEN",
        id=number,
    )


def build(
    consult: Mapping[str, Any] | None = None,
    items: Sequence[Mapping[str, Any]] = (),
    *,
    surgeries: Sequence[tuple[str, str, tuple[str, ...], bool]] = (DISCECTOMY,),
    earlier: Sequence[Mapping[str, Any]] = (),
    earlier_plans: Sequence[tuple[str, Sequence[Mapping[str, Any]]]] = (),
    born: dt.date = dt.date(1968, 3, 14),
    sex: str = "F",
    settings: Mapping[str, Any] | None = None,
    base: Mapping[str, Any] = QUIET,
    lenient: bool = False,
) -> Case:
    patient = Patient("TEST-1", "Tester", "Pat", born, Sex(sex), id=1)
    records = tuple(_surgery(row, i + 1) for i, row in enumerate(surgeries))
    context = ConsultContext(
        today=TODAY,
        date_of_birth=born,
        sex=sex,
        vocabulary=vocabulary(),
        medications=medication_list(),
        instruments=instruments(),
        surgeries={s.id: s.performed for s in records if s.id is not None},
    )
    document = merge(base, consult or {})
    if lenient:  # as the consult editor's live check reads a consult still being typed
        record = read_consult(document, patient_id=1, context=context)[0]
    else:
        record = parse_consult(document, patient_id=1, context=context)
    earlier_records = tuple(
        parse_consult(merge(base, change), patient_id=1, context=context)
        for change in sorted(earlier, key=lambda c: str(c["consult_date"]), reverse=True)
    )
    all_settings = {key: spec.default for key, spec in REGISTRY.items()}
    all_settings.update(settings or {})
    return Case(
        patient=patient,
        consult=record,
        plan=plan_of(items),
        surgeries=records,
        earlier_consults=earlier_records,
        earlier_plans=tuple(EarlierPlan(dt.date.fromisoformat(day), plan_of(rows)) for day, rows in earlier_plans),
        settings=all_settings,
    )


def plan_of(items: Sequence[Mapping[str, Any]]) -> Any:
    document = {"items": [{"key": f"i{n}", **raw} for n, raw in enumerate(items, start=1)], "follow_up_weeks": 6}
    return parse_plan(document, PlanContext(treatment_catalogue(), medication_list()))


def findings(case: Case) -> tuple[Finding, ...]:
    return evaluate_case(decision_rules(), case, reference_tables())


def fired(case: Case) -> dict[str, Finding]:
    return {f.rule: f for f in findings(case) if f.outcome is Outcome.FIRED}


def needing(case: Case) -> dict[str, Finding]:
    return {f.rule: f for f in findings(case) if f.outcome is Outcome.NEEDS_INPUT}
