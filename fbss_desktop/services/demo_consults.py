"""Realistic consult documents for demo cases: a work-up that fits the patient's surgical story.

Each case gets a phenotype from its operations (a discectomy story tends to recurrent disc or scar with
leg-dominant neuropathic pain; a fusion story to non-union, adjacent-segment disease or sacroiliac pain;
a decompression story to residual stenosis), then visits whose pain and ODI improve or stall. Surgery
references are positions in the case's surgery list (bulk insertion turns them into ids).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from fbss_desktop.core.patients import Patient, Sex
from fbss_desktop.core.surgeries import Surgery

_FUSIONS = {"PLF", "TLIF", "PLIF", "ALIF", "LLIF", "REVISION_FUSION"}
_ROOT = {"L3-L4": "L4", "L4-L5": "L5", "L5-S1": "S1", "L2-L3": "L3"}


def _med(name: str, dose: float, per_day: float | None = None, unit: str = "mg") -> dict[str, Any]:
    return {"name": name, "dose": dose, "unit": unit, "per_day": per_day}


_MEDICATION_SETS: list[list[dict[str, Any]]] = [
    [_med("Gabapentin", 300, 3), _med("Ibuprofen", 400, 3)],
    [_med("Oxycodone", 5, 4), _med("Pregabalin", 75, 2)],
    [_med("Duloxetine", 60, 1), _med("Naproxen", 500, 2)],
    [_med("Tramadol", 50, 3), _med("Cyclobenzaprine", 10, 1)],
    [_med("Hydrocodone", 10, 4), _med("Gabapentin", 600, 3), _med("Alprazolam", 0.5, 2)],
    [_med("Meloxicam", 15, 1), _med("Acetaminophen", 1000, 3)],
    [_med("Fentanyl patch", 25, None, "mcg/h"), _med("Amitriptyline", 25, 1)],
]
_EXTRA_MEDICATIONS: list[dict[str, Any]] = [
    {"name": "Apixaban", "dose": 5, "unit": "mg", "per_day": 2},
    {"name": "Clopidogrel", "dose": 75, "unit": "mg", "per_day": 1},
    {"name": "Aspirin", "dose": 81, "unit": "mg", "per_day": 1},
    {"name": "Warfarin", "dose": 5, "unit": "mg", "per_day": 1},
    {"name": "Metformin", "dose": 1000, "unit": "mg", "per_day": 2},
    {"name": "Lisinopril", "dose": 10, "unit": "mg", "per_day": 1},
]


def _phenotype(surgeries: Sequence[Surgery], rng: random.Random) -> str:
    last = surgeries[-1]
    if last.procedure in _FUSIONS:
        return rng.choice(["pseudarthrosis", "adjacent_segment", "sij", "neuropathic_root"])
    if last.procedure in ("LAMINECTOMY", "LAMINOTOMY", "FORAMINOTOMY"):
        return rng.choice(["residual_stenosis", "facet", "residual_stenosis"])
    return rng.choice(["recurrent_disc", "epidural_fibrosis", "neuropathic_root"])


_STORY: dict[str, dict[str, Any]] = {
    "recurrent_disc": {
        "leg": 75,
        "course": "improved_then_recurred",
        "kind": "mri_with_gad",
        "findings": ["recurrent_disc"],
        "icd": ["M96.1", "M54.16"],
        "type": "neuropathic",
    },
    "epidural_fibrosis": {
        "leg": 65,
        "course": "improved_then_recurred",
        "kind": "mri_with_gad",
        "findings": ["epidural_fibrosis"],
        "icd": ["M96.1", "M54.17"],
        "type": "neuropathic",
    },
    "neuropathic_root": {
        "leg": 80,
        "course": "never_improved",
        "kind": "emg_ncs",
        "findings": ["radiculopathy"],
        "icd": ["M96.1", "M54.16", "G89.28"],
        "type": "neuropathic",
    },
    "pseudarthrosis": {
        "leg": 25,
        "course": "never_improved",
        "kind": "ct_fine_cut",
        "findings": ["pseudarthrosis", "hardware_loosening"],
        "icd": ["M96.1", "M54.59"],
        "type": "nociceptive",
    },
    "adjacent_segment": {
        "leg": 40,
        "course": "new_pain",
        "kind": "mri_without",
        "findings": ["adjacent_segment", "central_stenosis"],
        "icd": ["M96.1", "M48.062"],
        "type": "mixed",
    },
    "sij": {
        "leg": 20,
        "course": "new_pain",
        "kind": "xray",
        "findings": [],
        "icd": ["M96.1", "M46.1"],
        "type": "nociceptive",
    },
    "residual_stenosis": {
        "leg": 60,
        "course": "improved_then_recurred",
        "kind": "mri_without",
        "findings": ["central_stenosis", "foraminal_stenosis"],
        "icd": ["M96.1", "M48.062"],
        "type": "mixed",
    },
    "facet": {
        "leg": 15,
        "course": "improved_then_recurred",
        "kind": "xray_flexion_extension",
        "findings": [],
        "icd": ["M96.1", "M47.816"],
        "type": "nociceptive",
    },
}


def _yes(rng: random.Random, chance: float) -> bool:
    return rng.random() < chance


def case_profile(patient: Patient, surgeries: Sequence[Surgery], rng: random.Random, today: dt.date) -> dict[str, Any]:
    """What stays the same across the case's visits: phenotype, comorbidities, medicines, allergies."""
    phenotype = _phenotype(surgeries, rng)
    diabetes = _yes(rng, 0.22)
    medications = [dict(m) for m in rng.choice(_MEDICATION_SETS)]
    extras = [m for m in _EXTRA_MEDICATIONS if _yes(rng, 0.08)]
    if diabetes:
        extras.append(dict(_EXTRA_MEDICATIONS[4]))
    for extra in extras:
        if all(m["name"] != extra["name"] for m in medications):
            medications.append(dict(extra))
    allergies = []
    if _yes(rng, 0.12):
        allergies.append({"substance": "iodinated_contrast", "kind": "allergy", "reaction": "hives"})
    if _yes(rng, 0.08):
        allergies.append({"substance": "opioid", "kind": "intolerance", "reaction": "nausea, itching"})
    return {
        "phenotype": phenotype,
        "age": patient.age(today),
        "side": rng.choice(["left", "right", "left", "both"]),
        "comorbidities": {
            "diabetes": diabetes,
            "ckd": _yes(rng, 0.08),
            "heart_failure": _yes(rng, 0.04),
            "gi_bleed_ulcer": _yes(rng, 0.06),
            "osteoporosis": _yes(rng, 0.1 if patient.sex is Sex.FEMALE else 0.03),
            "sleep_apnoea": _yes(rng, 0.1),
            "pregnancy": False,
            "liver_disease": _yes(rng, 0.03),
            "cardiovascular_disease": _yes(rng, 0.1),
            "recent_cabg": False,
            "copd": _yes(rng, 0.06),
            "bleeding_disorder": False,
            "psychiatric_illness": _yes(rng, 0.06),
            "active_infection": False,
        },
        "hba1c": round(rng.uniform(6.4, 8.9), 1) if diabetes else None,
        "egfr": rng.choice([38, 52, 61, 74, 88, 95]),
        "weight": rng.randint(52, 118),
        "medications": medications,
        "allergies": allergies,
        "smoking": rng.choice(["never", "never", "former", "current"]),
        "alcohol": rng.choice(["none", "moderate", "moderate", "heavy"]),
        "work": rng.choice(["working_modified", "off_work", "off_work", "retired", "working_full", "homemaker"]),
        "claim": _yes(rng, 0.25),
        "improving": _yes(rng, 0.6),
        "back": rng.randint(3, 8),
        "leg": rng.randint(4, 9),
        "odi_level": rng.randint(2, 4),
        "distress": _yes(rng, 0.25),
        "safety_alert": _yes(rng, 0.04),
    }


def _questionnaires(profile: dict[str, Any], visit: int, rng: random.Random, sex: Sex) -> dict[str, Any]:
    level = max(0, profile["odi_level"] - (visit if profile["improving"] else 0))
    odi = [max(0, min(5, level + rng.choice([-1, 0, 0, 1]))) for _ in range(10)]
    if rng.random() < 0.15:
        odi[7] = None  # a section left blank (often sex life)
    mood = 2 if profile["distress"] else 0
    phq = [max(0, min(3, mood + rng.choice([-1, 0, 0, 1]) - (visit if profile["improving"] else 0))) for _ in range(9)]
    phq[8] = 1 if profile["safety_alert"] and visit == 0 else 0
    result: dict[str, Any] = {
        "odi": {"version": "odi-2.1a", "answers": odi},
        "phq9": {"answers": phq},
        "gad7": {"answers": [max(0, min(3, mood + rng.choice([-1, 0, 1]))) for _ in range(7)]},
    }
    if visit == 0:
        neuropathic = _STORY[profile["phenotype"]]["type"] == "neuropathic"
        sensory = [rng.randint(2, 5) if neuropathic else rng.randint(0, 2) for _ in range(7)]
        result["paindetect"] = {"answers": [*sensory, rng.choice([0, 1, 3]), 1 if neuropathic else 0]}
        distress = profile["distress"]
        result["startback"] = {
            "answers": [1, 0, 1, 1, int(distress), int(distress), int(distress), int(distress), 3 if distress else 2]
        }
        ort = [0] * 10
        ort[6] = 1 if 16 <= profile["age"] <= 45 else 0
        ort[9] = int(profile["distress"])
        ort[3] = int(profile["alcohol"] == "heavy")
        result["ort"] = {"answers": ort, "scored_as": sex.value if sex.value in "FM" else "F"}
    return result


def consult_document(
    patient: Patient,
    surgeries: Sequence[Surgery],
    profile: dict[str, Any],
    *,
    visit: int,
    visit_date: dt.date,
    rng: random.Random,
) -> dict[str, Any]:
    """One visit's consult document (surgery references are positions in `surgeries`)."""
    story = _STORY[profile["phenotype"]]
    index = len(surgeries) - 1
    level = surgeries[index].levels[-1]
    root = _ROOT.get(level, "L5")
    side = profile["side"] if profile["side"] != "both" else "left"
    drop = visit * rng.randint(1, 2) if profile["improving"] else rng.choice([0, 0, 1, -1])
    back = max(0, min(10, profile["back"] - drop))
    leg = max(0, min(10, profile["leg"] - drop)) if story["leg"] >= 30 else max(0, min(10, profile["leg"] - 3 - drop))
    weak = story["type"] == "neuropathic" and visit == 0
    surgery_date = surgeries[index].performed.latest
    weeks = max(1, min(200, (visit_date - surgery_date).days // 7 - rng.randint(2, 20)))
    history = {
        "index_surgery_id": index,
        "spine_operations": len(surgeries),
        "course": story["course"],
        "recurrence_weeks": weeks if story["course"] == "improved_then_recurred" else None,
        "pain_duration_months": max(3, (visit_date - surgery_date).days // 30),
        "pain_locations": ["low_back", "buttock"] + (["thigh", "below_knee"] if story["leg"] >= 40 else []),
        "leg_share_percent": story["leg"],
        "side": profile["side"],
        "back_nrs_now": back,
        "back_nrs_average": max(0, back - 1),
        "leg_nrs_now": leg,
        "leg_nrs_average": max(0, leg - 1),
        "neuropathic": ["burning", "tingling", "electric"] if story["type"] == "neuropathic" else [],
        "numbness": story["type"] == "neuropathic",
        "weakness": weak,
        "red_flags": {
            code: False
            for code in (
                "bladder_change",
                "bowel_change",
                "saddle_numbness",
                "fever",
                "wound_problem",
                "weight_loss",
                "cancer_history",
                "night_pain",
                "iv_drug_use",
                "immunosuppression",
                "trauma",
                "sexual_dysfunction",
                "bilateral_leg_symptoms",
                "progressive_weakness",
            )
        },
        "comorbidities": profile["comorbidities"],
        "hba1c_percent": profile["hba1c"],
        "egfr": profile["egfr"],
        "weight_kg": profile["weight"],
        "devices": {"pacemaker": False, "icd": False, "scs": False, "pump": False, "mri_need": False},
        "smoking": profile["smoking"],
        "alcohol": profile["alcohol"],
        "substance_use": "none",
        "prior_overdose": False,
        "medicine_history": {"maoi_recent": False, "opioid_restart": False},
        "medications": profile["medications"],
        "no_known_allergies": not profile["allergies"],
        "allergies": profile["allergies"],
        "work_status": profile["work"],
        "litigation": False,
        "compensation_claim": profile["claim"],
        "prior_procedures": [],
    }
    if story["leg"] >= 40 and visit_date - dt.timedelta(days=120) > surgery_date:
        history["prior_procedures"].append(
            {
                "procedure": "ESI",
                "performed": (visit_date - dt.timedelta(days=100)).strftime("%Y-%m"),
                "region": "lumbar",
                "levels": [level],
                "side": side,
                "relief_percent": rng.choice([20, 40, 60, 70]),
                "relief_weeks": rng.choice([2, 6, 10]),
                "steroid_mpe_mg": 80,
            }
        )
    motor = {m: {"left": 5, "right": 5} for m in ("L2", "L3", "L4", "L5", "S1")}
    if weak:
        motor[root][side] = 4
    exam = {
        "incision": "healed",
        "temperature_c": round(rng.uniform(36.3, 37.2), 1),
        "gait": "antalgic" if back + leg > 10 else "normal",
        "motor": motor,
        "sensation": {d: {"left": "normal", "right": "normal"} for d in ("L2", "L3", "L4", "L5", "S1", "saddle")}
        | {
            root: {"left": "normal", "right": "normal", side: "reduced" if story["type"] == "neuropathic" else "normal"}
        },
        "reflexes": {
            "knee": {"left": "2", "right": "2"},
            "ankle": {"left": "1" if root == "S1" and side == "left" else "2", "right": "2"},
        },
        "babinski": {"left": False, "right": False},
        "slr": {"left": story["leg"] >= 60 and side == "left", "right": story["leg"] >= 60 and side == "right"},
        "slr_angle": {side: rng.choice([35, 45, 55])} if story["leg"] >= 60 else {},
        "sij_tests": {  # a sacroiliac story: the four core tests and Gaenslen on the painful side
            t: profile["phenotype"] == "sij" and (i < 4 or t == f"gaenslen_{side}")
            for i, t in enumerate(
                ["thigh_thrust", "distraction", "compression", "sacral_thrust", "gaenslen_left", "gaenslen_right"]
            )
        },
        "tenderness": {
            "paraspinal": True,
            "sij": profile["phenotype"] == "sij",
            "facet": profile["phenotype"] == "facet",
        },
        "waddell": {c: False for c in ("tenderness", "simulation", "distraction", "regional", "overreaction")},
    }
    studies: list[dict[str, Any]] = []
    if visit == 0:
        study_date = visit_date - dt.timedelta(days=rng.randint(10, 40))
        if study_date > surgery_date:
            studies.append(
                {
                    "kind": story["kind"],
                    "performed": study_date.isoformat(),
                    "follows_surgery_id": index,
                    "levels": [level],
                    "findings": [{"level": level, "finding": f} for f in story["findings"]],
                    "report": f"Post-operative changes at {level}."
                    + (
                        " Findings: " + ", ".join(story["findings"]).replace("_", " ") + "."
                        if story["findings"]
                        else " No new structural finding."
                    ),
                }
            )
            studies.append(
                {
                    "kind": "labs",
                    "performed": study_date.isoformat(),
                    "labs": [
                        {"test": "crp", "value": round(rng.uniform(0.5, 6), 1)},
                        {"test": "esr", "value": rng.randint(4, 24)},
                    ],
                }
            )
    return {
        "consult_date": visit_date.isoformat(),
        "history": history,
        "exam": exam,
        "studies": studies,
        "questionnaires": _questionnaires(profile, visit, rng, patient.sex),
        "assessment": {
            "generators": [profile["phenotype"]],
            "pain_type": story["type"],
            "icd10": story["icd"],
            "note": "Pain after spine surgery; working diagnosis from history, examination and imaging.",
        },
    }
