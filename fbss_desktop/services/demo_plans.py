"""Treatment plans for the demo consults: what a specialist would plan for each phenotype, by visit.

Earlier visits' plans are finalized, with their treatments done or stopped; the latest visit's plan is a
draft or finalized. Finalizing acknowledges every blocking finding with a plausible written reason (see
Clinic.demo.load), so a newcomer sees the whole planning flow.
"""

from __future__ import annotations

import random
from typing import Any

GOAL_WEEKS = (8, 12, 16)

# A clinician's reason when a demo plan goes ahead past a blocking finding.
ACKNOWLEDGEMENT_REASONS = {
    "R01": "Symptoms unchanged for years; urgent MRI last week showed no compression. Safety-netted.",
    "R07": "Same-day safety assessment done: passive thoughts only, no plan; safety plan and crisis line given.",
    "R16": "Hold plan agreed with the prescriber by phone; documented in the procedure booking.",
    "R24": "Payer exception requested; prior injections gave more than 60% relief for 3 months.",
    "R32": "Psychology evaluation completed at the referring centre; report requested and reviewed by phone.",
    "R34": "Discussed in the multidisciplinary meeting; the concern does not apply to this patient.",
    "R39": "Dose reduction to the kidney maximum starts with this plan; current dose continues 3 more days.",
    "R39B": "Dose reduction to the kidney maximum starts with this plan; current dose continues 3 more days.",
}
DEFAULT_REASON = "Reviewed with the patient; the expected benefit outweighs this risk here."


def _item(key: int, treatment: str, phase: int, reason: str, **details: Any) -> dict[str, Any]:
    return {
        "key": f"i{key}",
        "treatment": treatment,
        "phase": phase,
        "status": "planned",
        "details": {k: v for k, v in details.items() if v is not None},
        "reason": reason,
    }


def _drugs(document: dict[str, Any]) -> set[str]:
    return {str(m.get("name", "")).lower() for m in document["history"].get("medications", [])}


def plan_document(
    document: dict[str, Any], phenotype: str, *, visit: int, last: bool, rng: random.Random
) -> tuple[dict[str, Any], bool]:
    """The plan for one demo consult and whether it is to be finalized."""
    history = document["history"]
    level = (document["studies"][0]["levels"] if document["studies"] else ["L4-L5"])[-1]
    side = history.get("side") if history.get("side") in ("left", "right") else "left"
    drugs = _drugs(document)
    items: list[dict[str, Any]] = []

    def add(treatment: str, phase: int, reason: str, **details: Any) -> None:
        items.append(_item(len(items) + 1, treatment, phase, reason, **details))

    focus = "psychologically_informed" if document["questionnaires"].get("phq9") else "graded_exercise"
    add("PHYSICAL_THERAPY", 1, "Active rehabilitation is part of every plan", focus=focus, sessions_per_week=2, weeks=8)
    esi = {"region": "lumbar", "levels": [level], "side": side, "steroid": "dexamethasone", "steroid_mg": 10}
    if phenotype in ("recurrent_disc", "epidural_fibrosis", "neuropathic_root"):
        if not drugs & {"gabapentin", "pregabalin", "duloxetine"}:
            add(
                "NEUROPATHIC_AGENT",
                1,
                "Neuropathic leg pain",
                drug="pregabalin",
                dose=75,
                per_day=2,
                titration="75 mg at night for a week, then twice a day; review at 4 weeks",
            )
        add("ESI", 2, "Radicular leg pain concordant with imaging", approach="transforaminal", **esi)
        if phenotype == "recurrent_disc":
            add("REFERRAL", 3, "Recurrent disc: discuss revision discectomy", to="spine_surgery", urgency="routine")
        else:
            add("PSYCH_EVALUATION", 2, "Required before a stimulator trial")
            add(
                "SCS_TRIAL",
                3,
                "Persistent neuropathic leg pain despite conventional care",
                conventional_care_failed="yes",
                can_operate_device="yes",
                days=7,
                region="thoracic",
            )
    elif phenotype == "pseudarthrosis":
        add("IMAGING", 1, "Confirm non-union", study="ct_fine_cut", levels=[level])
        add("LAB_TESTS", 1, "Bone health before revision", tests=["vitamin_d"])
        add("REFERRAL", 2, "Symptomatic non-union", to="spine_surgery", urgency="routine")
        add(
            "REVISION_SURGERY",
            3,
            "Repair of non-union if confirmed",
            kind="fusion_repair",
            levels=[level],
            instrumented="yes",
        )
    elif phenotype in ("adjacent_segment", "residual_stenosis"):
        add("ESI", 2, "Neurogenic claudication", approach="interlaminar", **esi)
        add("REFERRAL", 3, "Decompression if injections and therapy fail", to="spine_surgery", urgency="routine")
    elif phenotype == "sij":
        add("HEAT_COLD", 1, "Self-care for flares", instructions="Heat 20 minutes, 2-3 times a day")
        add(
            "SIJ_INJECTION",
            2,
            "Buttock pain with a positive provocation cluster",
            side=side,
            diagnostic="yes",
            steroid="triamcinolone",
            steroid_mg=40,
        )
    else:  # facet
        add(
            "MEDIAL_BRANCH_BLOCK",
            2,
            "Axial pain suspected from the facet joints",
            region="lumbar",
            levels=[level],
            side="both",
        )
        add("RFA", 3, "If the diagnostic blocks give enough relief", region="lumbar", levels=[level], side="both")
    opioid = next((d for d in ("oxycodone", "hydrocodone", "tramadol") if d in drugs), None)
    if opioid and visit > 0:
        add(
            "OPIOID_TAPER",
            1,
            "Long-term opioid without functional gain",
            drug=opioid,
            reduction_percent_per_month=10,
            long_term="yes",
            review_weeks=4,
        )
    phq9 = document["questionnaires"].get("phq9", {}).get("answers") or []
    if sum(a or 0 for a in phq9) >= 10:
        add("PAIN_PSYCHOLOGY", 1, "Pain coping and low mood (PHQ-9 10 or more)", kind="cbt", sessions=8)
    leg = history.get("leg_nrs_now")
    back = history.get("back_nrs_now")
    worse, measure = (leg, "leg_nrs") if (leg or 0) >= (back or 0) else (back, "back_nrs")
    goals = [
        {
            "kind": "pain",
            "measure": measure,
            "target": max(0, (worse or 4) - 2),
            "due_weeks": rng.choice(GOAL_WEEKS),
            "text": "Less pain day to day",
        },
        {
            "kind": "activity",
            "text": rng.choice(
                ["Walk 30 minutes without stopping", "Sit through a 1-hour drive", "Garden for an hour on weekends"]
            ),
            "due_weeks": 12,
        },
    ]
    odi = document["questionnaires"].get("odi")
    if odi:
        goals.append(
            {
                "kind": "function",
                "measure": "odi",
                "target": 30,
                "due_weeks": 16,
                "text": "Do more of your daily tasks with less help",
            }
        )
    if history.get("work_status") == "off_work":
        goals.append({"kind": "return_to_work", "text": "Back to modified duties", "due_weeks": 16})
    if not last:
        for item in items:  # an earlier visit's plan has been carried out
            item["status"] = "done" if rng.random() < 0.7 else "stopped"
    plan = {
        "phases": ["Conservative care", "Interventional", "Surgical"],
        "items": items,
        "goals": goals,
        "follow_up_weeks": rng.choice([4, 6, 8]),
        "acknowledgements": [],
    }
    return plan, (not last) or rng.random() < 0.4
