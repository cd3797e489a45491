"""Neck patients among the demo cases: the last two of every fifty (D000049, D000050, D000099, ...), so a
demo load of the usual fifty shows a cervical consult end to end, and every other demo patient is generated
exactly as before (the same names, surgeries, consults and plans: tests rely on them).

A neck case keeps the patient and the dates its lumbar draw gave, and gets an anterior cervical discectomy
with fusion at C5-C6 or C6-C7: the surgery catalogue has no ACDF entry and the clinical reference names none,
so it is recorded as a discectomy by the anterior approach, fused and instrumented. Its visits record neck
and arm pain, Spurling, C5-T1 strength, sensation and arm reflexes, and the NDI; its medicines change between
visits (gabapentin raised, ibuprofen stopped, duloxetine added) so the trend shows treatment markers.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace
from typing import Any

from fbss_desktop.core.dates import PartialDate, Precision
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.services.demo_consults import consult_document

EVERY = 50
_LEVELS = (("C5-C6", "C6"), ("C6-C7", "C7"))
_MYOTOMES = ("C5", "C6", "C7", "C8", "T1")
_MEDICINES = (  # by visit: what the patient takes at each visit
    [("Gabapentin", 300, 3), ("Ibuprofen", 400, 3)],
    [("Gabapentin", 600, 3)],
    [("Gabapentin", 600, 3), ("Duloxetine", 30, 1)],
)


def is_cervical(number: int) -> bool:
    return number % EVERY in (0, EVERY - 1)


def surgeries(lumbar: list[Surgery], rng: random.Random) -> list[Surgery]:
    """The case's one neck operation, on the day (and with the surgeon) of its first lumbar draw."""
    if not lumbar:
        return []
    first = lumbar[0]
    level, _root = rng.choice(_LEVELS)
    performed = PartialDate(first.performed.earliest, Precision.DAY)
    return [
        replace(
            first,
            performed=performed,
            procedure="DISCECTOMY",
            levels=(level,),
            fusion=True,
            instrumented=True,
            approach="ANTERIOR",
            outcome_notes="Arm pain eased for a year after the anterior fusion, then neck and arm pain returned.",
        )
    ]


def profile(base: dict[str, Any]) -> dict[str, Any]:
    """The lumbar profile's comorbidities and social history, with a neck story's scores."""
    return {**base, "phenotype": "epidural_fibrosis", "side": "left", "improving": True, "medications": []}


def document(
    patient: Patient,
    case_surgeries: list[Surgery],
    case_profile: dict[str, Any],
    *,
    visit: int,
    visit_date: dt.date,
    rng: random.Random,
) -> dict[str, Any]:
    """One visit of the neck case: the lumbar visit's common parts, with the neck's history and examination."""
    doc = consult_document(patient, case_surgeries, case_profile, visit=visit, visit_date=visit_date, rng=rng)
    level = case_surgeries[0].levels[0]
    root = dict(_LEVELS)[level]
    neck, arm = max(2, 6 - visit), max(1, 7 - 2 * visit)
    history = {k: v for k, v in doc["history"].items() if not k.startswith(("back_", "leg_"))}
    history |= {
        "region": "cervical",
        "pain_locations": ["neck", "arm"],
        "arm_share_percent": 60,
        "side": "left",
        "neck_nrs_now": neck,
        "neck_nrs_average": max(0, neck - 1),
        "arm_nrs_now": arm,
        "arm_nrs_average": max(0, arm - 1),
        "medications": [
            {"name": name, "dose": dose, "unit": "mg", "per_day": per_day}
            for name, dose, per_day in _MEDICINES[min(visit, len(_MEDICINES) - 1)]
        ],
        "prior_procedures": [],
    }
    history.pop("leg_share_percent", None)
    motor = {m: {"left": 5, "right": 5} for m in _MYOTOMES}
    if visit == 0:
        motor[root]["left"] = 4
    doc["history"] = history
    doc["exam"] = {
        "incision": "healed",
        "temperature_c": doc["exam"]["temperature_c"],
        "gait": "normal",
        "motor": motor,
        "sensation": {d: {"left": "normal", "right": "normal"} for d in _MYOTOMES}
        | {root: {"left": "reduced", "right": "normal"}},
        "reflexes": {
            "biceps": {"left": "2", "right": "2"},
            "brachioradialis": {"left": "2", "right": "2"},
            "triceps": {"left": "1" if root == "C7" else "2", "right": "2"},
        },
        "spurling": {"left": visit < 2, "right": False},
    }
    for study in doc["studies"]:
        if study.get("levels"):
            study["levels"] = [level]
            study["findings"] = [{"level": level, "finding": "epidural_fibrosis"}]
            study["report"] = f"Anterior fusion at {level}. Enhancing scar around the left {root} root."
    answers = [max(0, 3 - visit)] * 10
    doc["questionnaires"] = {k: v for k, v in doc["questionnaires"].items() if k not in ("odi", "startback")}
    doc["questionnaires"]["ndi"] = {"answers": answers}
    doc["assessment"] = {
        "generators": ["epidural_fibrosis"],
        "pain_type": "neuropathic",
        "icd10": ["M96.1", "M54.12"],
        "note": "Neck and arm pain after an anterior cervical fusion; scar around the root at the fused level.",
    }
    return doc


def plan(case_surgeries: list[Surgery], *, visit: int, last: bool, rng: random.Random) -> tuple[dict[str, Any], bool]:
    """Physical therapy and a cervical interlaminar injection at the operated level; later, duloxetine."""
    level = case_surgeries[0].levels[0]
    items: list[dict[str, Any]] = [
        _item(1, "PHYSICAL_THERAPY", 1, "Active rehabilitation is part of every plan", focus="graded_exercise"),
        _item(
            2,
            "ESI",
            2,
            "Arm pain with a positive Spurling test, concordant with imaging",
            approach="interlaminar",
            region="cervical",
            levels=[level],
            side="left",
            steroid="dexamethasone",
            steroid_mg=10,
        ),
    ]
    if visit >= 1:
        items.append(_item(3, "NEUROPATHIC_AGENT", 1, "Neuropathic arm pain", drug="duloxetine", dose=30, per_day=1))
    if not last:
        for item in items:
            item["status"] = "done"
    document = {
        "phases": ["Conservative care", "Interventional", "Surgical"],
        "items": items,
        "goals": [{"kind": "activity", "text": "Work at the computer for an hour without arm pain", "due_weeks": 12}],
        "follow_up_weeks": rng.choice([6, 8]),
        "acknowledgements": [],
    }
    return document, True


def _item(key: int, treatment: str, phase: int, reason: str, **details: Any) -> dict[str, Any]:
    return {
        "key": f"i{key}",
        "treatment": treatment,
        "phase": phase,
        "status": "planned",
        "details": details,
        "reason": reason,
    }
