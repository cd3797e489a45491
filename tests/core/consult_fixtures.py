"""A complete, realistic consult document and the context it validates in, shared by core and service tests."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from fbss_desktop.core.consult_document import ConsultContext
from fbss_desktop.core.dates import PartialDate
from fbss_desktop.services.catalogues import instruments, medication_list, vocabulary

TODAY = dt.date(2026, 11, 21)
SURGERY_ID = 7


def context(**overrides: Any) -> ConsultContext:
    values: dict[str, Any] = {
        "today": TODAY,
        "date_of_birth": dt.date(1968, 3, 14),
        "sex": "F",
        "vocabulary": vocabulary(),
        "medications": medication_list(),
        "instruments": instruments(),
        "surgeries": {SURGERY_ID: PartialDate.parse("2024-02-12")},
    }
    values.update(overrides)
    return ConsultContext(**values)


_FULL: dict[str, Any] = {
    "consult_date": "2026-11-20",
    "reason": "Left leg pain back 4 months after L4-L5 discectomy",
    "history": {
        "index_surgery_id": SURGERY_ID,
        "spine_operations": 1,
        "course": "improved_then_recurred",
        "recurrence_weeks": 16,
        "pain_duration_months": 30,
        "pain_locations": ["low_back", "buttock", "below_knee"],
        "leg_share_percent": 70,
        "side": "left",
        "back_nrs_now": 4,
        "back_nrs_average": 4,
        "leg_nrs_now": 7,
        "leg_nrs_average": 6,
        "neuropathic": ["burning", "tingling"],
        "numbness": True,
        "weakness": False,
        "red_flags": {"bladder_change": False, "saddle_numbness": False, "fever": False, "cancer_history": False},
        "comorbidities": {"diabetes": True, "ckd": False, "heart_failure": False},
        "hba1c_percent": 7.2,
        "egfr": 74,
        "weight_kg": 71,
        "devices": {"pacemaker": False},
        "smoking": "former",
        "alcohol": "moderate",
        "substance_use": "none",
        "prior_overdose": False,
        "medications": [
            {"name": "Oxycodone", "dose": 10, "unit": "mg", "per_day": 3},
            {"name": "Gabapentin", "dose": 300, "unit": "mg", "per_day": 3},
            {"name": "Apixaban", "dose": 5, "unit": "mg", "per_day": 2},
        ],
        "allergies": [{"substance": "iodinated_contrast", "kind": "allergy", "reaction": "hives"}],
        "work_status": "off_work",
        "litigation": False,
        "compensation_claim": True,
        "prior_procedures": [
            {
                "procedure": "ESI",
                "performed": "2026-03",
                "region": "lumbar",
                "levels": ["L4-L5"],
                "side": "left",
                "relief_percent": 60,
                "relief_weeks": 10,
            },
        ],
    },
    "exam": {
        "incision": "healed",
        "temperature_c": 36.8,
        "gait": "antalgic",
        "motor": {"L4": {"left": 5, "right": 5}, "L5": {"left": 4, "right": 5}, "S1": {"left": 5, "right": 5}},
        "sensation": {"L5": {"left": "reduced", "right": "normal"}},
        "reflexes": {"knee": {"left": "2", "right": "2"}, "ankle": {"left": "1", "right": "2"}},
        "babinski": {"left": False, "right": False},
        "slr": {"left": True, "right": False},
        "slr_angle": {"left": 40},
        "crossed_slr": {"right": False},
        "sij_tests": {
            "distraction": False,
            "thigh_thrust": True,
            "compression": False,
            "sacral_thrust": False,
            "gaenslen_left": False,
            "gaenslen_right": False,
        },
        "tenderness": {"paraspinal": True},
        "waddell": {
            "tenderness": False,
            "simulation": False,
            "distraction": False,
            "regional": False,
            "overreaction": False,
        },
    },
    "studies": [
        {
            "kind": "mri_with_gad",
            "performed": "2026-10-02",
            "follows_surgery_id": SURGERY_ID,
            "levels": ["L4-L5"],
            "findings": [
                {"level": "L4-L5", "finding": "recurrent_disc"},
                {"level": "L4-L5", "finding": "epidural_fibrosis"},
            ],
            "report": "Non-enhancing recurrent left paracentral L4-L5 disc with enhancing peridural scar.",
        },
        {
            "kind": "labs",
            "performed": "2026-10-02",
            "labs": [{"test": "crp", "value": 3.1}, {"test": "esr", "value": 12}],
        },
    ],
    "questionnaires": {
        "odi": {"version": "odi-2.1a", "answers": [3, 2, 3, 2, 3, 2, 2, 2, 2, 2]},
        "phq9": {"answers": [1, 1, 2, 1, 0, 1, 1, 0, 0]},
        "ort": {"answers": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]},
    },
    "assessment": {
        "generators": ["recurrent_disc", "epidural_fibrosis"],
        "pain_type": "mixed",
        "icd10": ["M96.1", "M54.16"],
        "note": "Recurrent disc likely; consider revision discussion versus transforaminal ESI.",
    },
}


def full_document() -> dict[str, Any]:
    return copy.deepcopy(_FULL)
