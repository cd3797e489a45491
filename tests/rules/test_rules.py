"""Every decision rule, table-driven: one case that fires it and one close case that must not.

Each case is a small change to a quiet consult (see case_builder), so the row reads as the clinical
situation it tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from fbss_desktop.core.findings import Outcome, Severity
from fbss_desktop.rules.case import Case
from fbss_desktop.services.catalogues import decision_rules
from tests.rules.case_builder import (
    FUSION_TO_S1,
    QUIET,
    build,
    findings,
    fired,
    item,
    meds,
    merge,
    needing,
)

ESI_L = {"approach": "transforaminal", "region": "lumbar", "levels": ["L4-L5"], "side": "left"}
ESI_STEROID = {**ESI_L, "steroid": "dexamethasone", "steroid_mg": 10}
LABS_ONLY = {"studies": [QUIET["studies"][1]]}
OLD = {"born": __import__("datetime").date(1955, 1, 10)}  # 71 at the consult
SEVENTY_FOUR = __import__("datetime").date(1952, 6, 1)


def flags(**answers: bool) -> dict[str, Any]:
    return {"history": {"red_flags": answers}}


def comorbid(**answers: bool) -> dict[str, Any]:
    return {"history": {"comorbidities": answers}}


def history(**values: Any) -> dict[str, Any]:
    return {"history": values}


def motor(**grades: tuple[int, int]) -> dict[str, Any]:
    return {"exam": {"motor": {root: {"left": left, "right": right} for root, (left, right) in grades.items()}}}


def esis(
    *rows: tuple[str, int | None], region: str = "lumbar", steroid: float | None = None, weeks: int | None = None
) -> dict[str, Any]:
    procedures = [
        {
            "procedure": "ESI",
            "performed": day,
            "region": region,
            "relief_percent": relief,
            "relief_weeks": weeks,
            "steroid_mpe_mg": steroid,
        }
        for day, relief in rows
    ]
    return history(prior_procedures=procedures)


def prior(*codes: str) -> dict[str, Any]:
    return history(prior_procedures=[{"procedure": c, "performed": "2026-06"} for c in codes])


def answers(code: str, values: list[int]) -> dict[str, Any]:
    return {"questionnaires": {code: {"answers": values}}}


def both(*changes: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for change in changes:
        result = merge(result, change)
    return result


Builder = Callable[[], Case]
# rule -> (what the firing case is, builder that must fire, builder of a close case that must not fire)
CASES: dict[str, tuple[str, Builder, Builder]] = {
    "R01": (
        "saddle numbness",
        lambda: build(flags(saddle_numbness=True)),
        lambda: build(motor(L5=(4, 5))),
    ),
    "R02": (
        "weakness in two roots",
        lambda: build(motor(L4=(4, 5), L5=(4, 5))),
        lambda: build(motor(L5=(4, 5))),
    ),
    "R03": (
        "temperature 38.4",
        lambda: build({"exam": {"temperature_c": 38.4}}),
        lambda: build({"exam": {"temperature_c": 37.9}}),
    ),
    "R03B": (
        "fever with an ESI planned",
        lambda: build({"exam": {"temperature_c": 38.4}}, [item("ESI", **ESI_L)]),
        lambda: build({"exam": {"temperature_c": 38.4}}, [item("PHYSICAL_THERAPY")]),
    ),
    "R03C": (
        "CRP 25 and white cells 13 without fever",
        lambda: build(
            {
                "studies": [
                    {
                        "kind": "labs",
                        "performed": "2026-11-10",
                        "labs": [{"test": "crp", "value": 25}, {"test": "wbc", "value": 13}],
                    }
                ]
            }
        ),
        lambda: build(
            {
                "studies": [
                    {
                        "kind": "labs",
                        "performed": "2026-11-10",
                        "labs": [{"test": "crp", "value": 25}, {"test": "wbc", "value": 9}],
                    }
                ]
            }
        ),
    ),
    "R04": (
        "ESR 60 with pain back after surgery",
        lambda: build(
            {"studies": [{"kind": "labs", "performed": "2026-11-01", "labs": [{"test": "esr", "value": 60}]}]}
        ),
        lambda: build(
            {"studies": [{"kind": "labs", "performed": "2026-11-01", "labs": [{"test": "esr", "value": 45}]}]}
        ),
    ),
    "R05": (
        "cancer history, no contrast MRI since surgery",
        lambda: build(both(flags(cancer_history=True), LABS_ONLY)),
        lambda: build(flags(cancer_history=True)),
    ),
    "R06": (
        "trauma",
        lambda: build(flags(trauma=True)),
        lambda: build(comorbid(osteoporosis=True)),
    ),
    "R07": (
        "PHQ-9 item 9 answered 1",
        lambda: build(answers("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])),
        lambda: build(answers("phq9", [3, 3, 3, 3, 3, 3, 3, 3, 0])),
    ),
    "R08": (
        "pain back after surgery, no contrast MRI since",
        lambda: build(LABS_ONLY),
        lambda: build(both(LABS_ONLY, history(course="never_improved", recurrence_weeks=None))),
    ),
    "R09": (
        "MRI planned 19 days after surgery",
        lambda: build(
            LABS_ONLY,
            [item("IMAGING", study="mri_with_gad")],
            surgeries=[("2026-11-01", "DISCECTOMY", ("L4-L5",), False)],
        ),
        lambda: build(
            LABS_ONLY,
            [item("IMAGING", study="mri_with_gad")],
            surgeries=[("2026-09-01", "DISCECTOMY", ("L4-L5",), False)],
        ),
    ),
    "R10": (
        "gadolinium with a clearance of 26",
        lambda: build(history(creatinine_mg_dl=2.5), [item("IMAGING", study="mri_with_gad")]),
        lambda: build(history(creatinine_mg_dl=1.6), [item("IMAGING", study="mri_with_gad")]),
    ),
    "R10C": (
        "an iodinated contrast allergy and a transforaminal ESI",
        lambda: build(
            {
                "history": {
                    "no_known_allergies": False,
                    "allergies": [{"substance": "iodinated_contrast", "kind": "allergy"}],
                }
            },
            [item("ESI", **ESI_L)],
        ),
        lambda: build(
            {"history": {"no_known_allergies": False, "allergies": [{"substance": "latex", "kind": "allergy"}]}},
            [item("ESI", **ESI_L)],
        ),
    ),
    "R11": (
        "fusion with suspected non-union and no fine-cut CT",
        lambda: build({"assessment": {"generators": ["pseudarthrosis"]}}, surgeries=[FUSION_TO_S1]),
        lambda: build(
            {
                "assessment": {"generators": ["pseudarthrosis"]},
                "studies": [{"kind": "ct_fine_cut", "performed": "2026-09-01"}],
            },
            surgeries=[FUSION_TO_S1],
        ),
    ),
    "R11B": (
        "bone scan after fusion",
        lambda: build(items=[item("IMAGING", study="bone_scan")], surgeries=[FUSION_TO_S1]),
        lambda: build(items=[item("IMAGING", study="bone_scan")]),
    ),
    "R12": (
        "instrumented revision at 71, no DEXA",
        lambda: build(items=[item("REVISION_SURGERY", kind="fusion_repair", instrumented="yes")], **OLD),
        lambda: build(items=[item("REVISION_SURGERY", kind="fusion_repair", instrumented="no")], **OLD),
    ),
    "R12B": (
        "instrumented revision with osteoporosis",
        lambda: build(comorbid(osteoporosis=True), [item("REVISION_SURGERY", kind="hardware", instrumented="yes")]),
        lambda: build(items=[item("REVISION_SURGERY", kind="hardware", instrumented="yes")]),
    ),
    "R13": (
        "RFA with no block on file",
        lambda: build(items=[item("RFA", region="lumbar")]),
        lambda: build(items=[item("MEDIAL_BRANCH_BLOCK", region="lumbar"), item("RFA", region="lumbar")]),
    ),
    "R13B": (
        "facet pain suspected",
        lambda: build({"assessment": {"generators": ["facet"]}}),
        lambda: build({"assessment": {"generators": ["sij"]}}),
    ),
    "R14": (
        "buttock pain, fusion to S1, 3 of 6 SIJ tests",
        lambda: build(
            {"exam": {"sij_tests": {"distraction": True, "thigh_thrust": True, "compression": True}}},
            surgeries=[FUSION_TO_S1],
        ),
        lambda: build(  # one core test and one Gaenslen: neither 3 of 6 nor 2 of the 4 core tests
            {"exam": {"sij_tests": {"distraction": True, "gaenslen_left": True, "compression": False}}},
            surgeries=[FUSION_TO_S1],
        ),
    ),
    "R15": (
        "painDETECT 19",
        lambda: build(answers("paindetect", [5, 5, 5, 4, 0, 0, 0, 0, 0])),
        lambda: build(answers("paindetect", [5, 5, 4, 4, 0, 0, 0, 0, 0])),
    ),
    "R15B": (
        "painDETECT 13",
        lambda: build(answers("paindetect", [3, 3, 3, 3, 1, 0, 0, 0, 0])),
        lambda: build(answers("paindetect", [3, 3, 3, 3, 0, 0, 0, 0, 0])),
    ),
    "R15C": (
        "painDETECT 12",
        lambda: build(answers("paindetect", [3, 3, 3, 3, 0, 0, 0, 0, 0])),
        lambda: build(answers("paindetect", [3, 3, 3, 3, 1, 0, 0, 0, 0])),
    ),
    "R16": (
        "stimulator trial on apixaban, no hold plan",
        lambda: build(meds(("Apixaban", 5, 2)), [item("SCS_TRIAL")]),
        lambda: build(
            meds(("Apixaban", 5, 2)),
            [item("SCS_TRIAL", antithrombotic_hold="Stop 3 days before", prescriber_agreed="yes")],
        ),
    ),
    "R16B": (
        "ESI on apixaban, no hold plan",
        lambda: build(meds(("Apixaban", 5, 2)), [item("ESI", **ESI_L)]),
        lambda: build(
            meds(("Apixaban", 5, 2)), [item("ESI", **ESI_L, antithrombotic_hold="3 days", prescriber_agreed="yes")]
        ),
    ),
    "R17": (
        "ESI on aspirin after spine surgery",
        lambda: build(meds(("Aspirin", 81, 1)), [item("ESI", **ESI_L)]),
        lambda: build(
            both(meds(("Aspirin", 81, 1)), history(spine_operations=0)),
            [item("ESI", **ESI_L)],
            surgeries=[],
        ),
    ),
    "R18": (
        "ESI on warfarin",
        lambda: build(meds(("Warfarin", 5, 1)), [item("ESI", **ESI_L)]),
        lambda: build(meds(("Warfarin", 5, 1)), [item("MEDIAL_BRANCH_BLOCK", region="lumbar")]),
    ),
    "R19": (
        "stimulator trial on aspirin for primary prevention",
        lambda: build(meds(("Aspirin", 81, 1)), [item("SCS_TRIAL", aspirin_indication="primary")]),
        lambda: build(meds(("Aspirin", 81, 1)), [item("SCS_TRIAL", aspirin_indication="secondary")]),
    ),
    "R19B": (
        "stimulator trial on aspirin for secondary prevention",
        lambda: build(meds(("Aspirin", 81, 1)), [item("SCS_TRIAL", aspirin_indication="secondary")]),
        lambda: build(meds(("Aspirin", 81, 1)), [item("SCS_TRIAL", aspirin_indication="primary")]),
    ),
    "R20": (
        "stimulator trial on naproxen",
        lambda: build(meds(("Naproxen", 500, 2)), [item("SCS_TRIAL")]),
        lambda: build(items=[item("SCS_TRIAL")]),
    ),
    "R21": (
        "ESI with chronic kidney disease",
        lambda: build(comorbid(ckd=True), [item("ESI", **ESI_L)]),
        lambda: build(items=[item("ESI", **ESI_L)]),
    ),
    "R22": (
        "RFA with a stimulator implanted",
        lambda: build({"history": {"devices": {"scs": True}}}, [item("RFA", region="lumbar")]),
        lambda: build(items=[item("RFA", region="lumbar")]),
    ),
    "R22B": (
        "MRI with a stimulator implanted",
        lambda: build({"history": {"devices": {"scs": True}}}, [item("IMAGING", study="mri_without")]),
        lambda: build({"history": {"devices": {"scs": True}}}, [item("IMAGING", study="xray")]),
    ),
    "R23": (
        "ESI for back pain only",
        lambda: build(
            history(leg_share_percent=0, pain_locations=["low_back"], leg_nrs_now=0)
            | {"exam": {"slr": {"left": False, "right": False}}},
            [item("ESI", **ESI_L)],
        ),
        lambda: build(
            history(leg_share_percent=10, pain_locations=["low_back"], leg_nrs_now=0)
            | {"exam": {"slr": {"left": False, "right": False}}},
            [item("ESI", **ESI_L)],
        ),
    ),
    "R24": (
        "fifth lumbar ESI in 12 months",
        lambda: build(
            esis(("2026-01-10", 60), ("2026-04-10", 60), ("2026-07-10", 60), ("2026-10-10", 60)),
            [item("ESI", **ESI_L)],
        ),
        lambda: build(esis(("2025-11-01", 60), ("2026-04-10", 60), ("2026-07-10", 60)), [item("ESI", **ESI_L)]),
    ),
    "R24B": (
        "fourth ESI in 6 months under the eviCore profile",
        lambda: build(
            esis(("2026-06-10", 60), ("2026-08-10", 60), ("2026-10-10", 60)),
            [item("ESI", **ESI_L)],
            settings={"esi.max_per_6_months": 3},
        ),
        lambda: build(esis(("2026-06-10", 60), ("2026-08-10", 60), ("2026-10-10", 60)), [item("ESI", **ESI_L)]),
    ),
    "R24C": (
        "ESI 10 days after the last with a 14-day minimum",
        lambda: build(esis(("2026-11-10", 60)), [item("ESI", **ESI_L)], settings={"esi.min_days_between": 14}),
        lambda: build(esis(("2026-10-30", 60)), [item("ESI", **ESI_L)], settings={"esi.min_days_between": 14}),
    ),
    "R25": (
        "repeat ESI after 30% relief",
        lambda: build(esis(("2026-05-10", 30), weeks=16), [item("ESI", **ESI_L)]),
        lambda: build(esis(("2026-05-10", 60), weeks=16), [item("ESI", **ESI_L)]),
    ),
    "R26": (
        "cervical transforaminal ESI with triamcinolone",
        lambda: build(items=[item("ESI", approach="transforaminal", region="cervical", steroid="triamcinolone")]),
        lambda: build(items=[item("ESI", approach="transforaminal", region="cervical", steroid="dexamethasone")]),
    ),
    "R27": (
        "steroid ESI with diabetes",
        lambda: build(comorbid(diabetes=True), [item("ESI", **ESI_STEROID)]),
        lambda: build(comorbid(diabetes=True), [item("ESI", **ESI_L, steroid="none")]),
    ),
    "R28": (
        "240 mg of steroid in a year with this plan",
        lambda: build(
            esis(("2026-03-10", 60), ("2026-06-10", 60), steroid=80),
            [item("ESI", **ESI_L, steroid="methylprednisolone", steroid_mg=80)],
        ),
        lambda: build(
            esis(("2026-03-10", 60), ("2026-06-10", 60), steroid=80),
            [item("ESI", **ESI_L, steroid="methylprednisolone", steroid_mg=20)],
        ),
    ),
    "R28B": (
        "240 mg of steroid in a year for a man",
        lambda: build(
            esis(("2026-03-10", 60), ("2026-06-10", 60), steroid=80),
            [item("ESI", **ESI_L, steroid="methylprednisolone", steroid_mg=80)],
            sex="M",
        ),
        lambda: build(
            esis(("2026-03-10", 60), ("2026-06-10", 60), steroid=80),
            [item("ESI", **ESI_L, steroid="methylprednisolone", steroid_mg=80)],
        ),
    ),
    "R29": (
        "ESI a few days after an mRNA vaccine",
        lambda: build(items=[item("ESI", **ESI_STEROID, recent_mrna_vaccine="yes")]),
        lambda: build(items=[item("ESI", **ESI_STEROID, recent_mrna_vaccine="no")]),
    ),
    "R30": (
        "any ESI",
        lambda: build(items=[item("ESI", **ESI_L)]),
        lambda: build(items=[item("PHYSICAL_THERAPY")]),
    ),
    "R31": (
        "stimulator trial for pain of 4 months",
        lambda: build(history(pain_duration_months=4), [item("SCS_TRIAL", conventional_care_failed="yes")]),
        lambda: build(history(pain_duration_months=24), [item("SCS_TRIAL", conventional_care_failed="yes")]),
    ),
    "R32": (
        "stimulator trial with no psychological evaluation",
        lambda: build(items=[item("SCS_TRIAL")]),
        lambda: build(prior("PSYCH_EVALUATION"), [item("SCS_TRIAL")]),
    ),
    "R32B": (
        "stimulator trial after a planned evaluation",
        lambda: build(items=[item("PSYCH_EVALUATION"), item("SCS_TRIAL")]),
        lambda: build(prior("PSYCH_EVALUATION"), [item("SCS_TRIAL")]),
    ),
    "R33": (
        "stimulator trial with a pacemaker",
        lambda: build({"history": {"devices": {"pacemaker": True}}}, [item("SCS_TRIAL")]),
        lambda: build(items=[item("SCS_TRIAL")]),
    ),
    "R34": (
        "stimulator trial for a patient who cannot work the device",
        lambda: build(items=[item("SCS_TRIAL", can_operate_device="no")]),
        lambda: build(items=[item("SCS_TRIAL", can_operate_device="yes")]),
    ),
    "R35": (
        "implant after a trial with 30% relief",
        lambda: build(prior("SCS_TRIAL"), [item("SCS_IMPLANT", trial_relief_percent=30)]),
        lambda: build(prior("SCS_TRIAL"), [item("SCS_IMPLANT", trial_relief_percent=60)]),
    ),
    "R35B": (
        "implant with no trial",
        lambda: build(items=[item("SCS_IMPLANT", trial_relief_percent=60)]),
        lambda: build(prior("SCS_TRIAL"), [item("SCS_IMPLANT", trial_relief_percent=60)]),
    ),
    "R36": (
        "stimulator for pain 30% in the leg",
        lambda: build(history(leg_share_percent=30), [item("SCS_TRIAL")]),
        lambda: build(history(leg_share_percent=70), [item("SCS_TRIAL")]),
    ),
    "R37": (
        "naproxen with a clearance of 23",
        lambda: build(history(creatinine_mg_dl=3.0), [item("NSAID", drug="naproxen")]),
        lambda: build(history(creatinine_mg_dl=1.6), [item("NSAID", drug="naproxen")]),
    ),
    "R37B": (
        "NSAID after recent bypass surgery",
        lambda: build(comorbid(recent_cabg=True), [item("NSAID", drug="ibuprofen")]),
        lambda: build(comorbid(cardiovascular_disease=True), [item("NSAID", drug="ibuprofen")]),
    ),
    "R38": (
        "long-term naproxen at 71",
        lambda: build(meds(("Naproxen", 500, 2)), **OLD),
        lambda: build(items=[item("NSAID", drug="naproxen", duration_weeks=2)], **OLD),
    ),
    "R38B": (
        "NSAID with clopidogrel",
        lambda: build(meds(("Clopidogrel", 75, 1)), [item("NSAID", drug="ibuprofen")]),
        lambda: build(items=[item("NSAID", drug="ibuprofen")]),
    ),
    "R39": (
        "gabapentin 1800 mg a day at a clearance of 42",
        lambda: build(
            history(creatinine_mg_dl=1.6), [item("NEUROPATHIC_AGENT", drug="gabapentin", dose=600, per_day=3)]
        ),
        lambda: build(
            history(creatinine_mg_dl=1.6), [item("NEUROPATHIC_AGENT", drug="gabapentin", dose=400, per_day=3)]
        ),
    ),
    "R39B": (
        "pregabalin 300 mg a day at a clearance of 26",
        lambda: build(
            history(creatinine_mg_dl=2.5), [item("NEUROPATHIC_AGENT", drug="pregabalin", dose=150, per_day=2)]
        ),
        lambda: build(
            history(creatinine_mg_dl=2.5), [item("NEUROPATHIC_AGENT", drug="pregabalin", dose=75, per_day=2)]
        ),
    ),
    "R40": (
        "gabapentin with oxycodone",
        lambda: build(meds(("Oxycodone", 5, 2)), [item("NEUROPATHIC_AGENT", drug="gabapentin", dose=300, per_day=3)]),
        lambda: build(items=[item("NEUROPATHIC_AGENT", drug="gabapentin", dose=300, per_day=3)]),
    ),
    "R41": (
        "oxycodone with lorazepam",
        lambda: build(meds(("Oxycodone", 5, 2), ("Lorazepam", 1, 1))),
        lambda: build(meds(("Oxycodone", 5, 2))),
    ),
    "R42": (
        "oxycodone at 90 MME a day",
        lambda: build(meds(("Oxycodone", 20, 3))),
        lambda: build(meds(("Oxycodone", 20, 3)), [item("NALOXONE")]),
    ),
    "R42B": (
        "oxycodone at 70",
        lambda: build(meds(("Oxycodone", 5, 2)), born=dt.date(1955, 1, 1)),
        lambda: build(meds(("Oxycodone", 5, 2))),
    ),
    "R43": (
        "opioid taper of 25% a month",
        lambda: build(
            meds(("Oxycodone", 20, 3)), [item("OPIOID_TAPER", drug="oxycodone", reduction_percent_per_month=25)]
        ),
        lambda: build(
            meds(("Oxycodone", 20, 3)), [item("OPIOID_TAPER", drug="oxycodone", reduction_percent_per_month=10)]
        ),
    ),
    "R44": (
        "duloxetine with liver disease",
        lambda: build(comorbid(liver_disease=True), [item("NEUROPATHIC_AGENT", drug="duloxetine", dose=60, per_day=1)]),
        lambda: build(items=[item("NEUROPATHIC_AGENT", drug="duloxetine", dose=60, per_day=1)]),
    ),
    "R44B": (
        "duloxetine with phenelzine",
        lambda: build(meds(("Phenelzine", 15, 3)), [item("NEUROPATHIC_AGENT", drug="duloxetine", dose=60, per_day=1)]),
        lambda: build(meds(("Sertraline", 50, 1)), [item("NEUROPATHIC_AGENT", drug="duloxetine", dose=60, per_day=1)]),
    ),
    "R44C": (
        "duloxetine within 14 days of stopping an MAOI",
        lambda: build(
            history(medicine_history={"maoi_recent": True}),
            [item("NEUROPATHIC_AGENT", drug="duloxetine", dose=60, per_day=1)],
        ),
        lambda: build(
            history(medicine_history={"maoi_recent": False}),
            [item("NEUROPATHIC_AGENT", drug="duloxetine", dose=60, per_day=1)],
        ),
    ),
    "R45": (
        "tizanidine with ciprofloxacin",
        lambda: build(meds(("Ciprofloxacin", 500, 2)), [item("MUSCLE_RELAXANT", drug="tizanidine")]),
        lambda: build(meds(("Metformin", 500, 2)), [item("MUSCLE_RELAXANT", drug="tizanidine")]),
    ),
    "R46": (
        "cyclobenzaprine at 71",
        lambda: build(items=[item("MUSCLE_RELAXANT", drug="cyclobenzaprine")], **OLD),
        lambda: build(items=[item("MUSCLE_RELAXANT", drug="cyclobenzaprine")]),
    ),
    "R46B": (
        "amitriptyline at 71",
        lambda: build(items=[item("NEUROPATHIC_AGENT", drug="amitriptyline", dose=10, per_day=1)], **OLD),
        lambda: build(items=[item("NEUROPATHIC_AGENT", drug="nortriptyline", dose=10, per_day=1)], **OLD),
    ),
    "R46C": (
        "lorazepam at 71",
        lambda: build(meds(("Lorazepam", 1, 1)), **OLD),
        lambda: build(meds(("Lorazepam", 1, 1))),
    ),
    "R47": (
        "ORT 10",
        lambda: build(answers("ort", [1, 1, 1, 1, 0, 0, 0, 0, 0, 0])),
        lambda: build(answers("ort", [1, 1, 1, 0, 0, 0, 0, 0, 0, 0])),
    ),
    "R48": (
        "gabapentin for sciatica in NICE mode",
        lambda: build(
            items=[item("NEUROPATHIC_AGENT", drug="gabapentin", dose=300, per_day=3)],
            settings={"rules.guideline_mode": "nice"},
        ),
        lambda: build(items=[item("NEUROPATHIC_AGENT", drug="gabapentin", dose=300, per_day=3)]),
    ),
    "R48B": (
        "opioid for sciatica of 2 years in NICE mode",
        lambda: build(meds(("Oxycodone", 5, 2)), settings={"rules.guideline_mode": "nice"}),
        lambda: build(
            both(meds(("Oxycodone", 5, 2)), history(pain_duration_months=2)), settings={"rules.guideline_mode": "nice"}
        ),
    ),
    "R49": (
        "PHQ-9 of 10",
        lambda: build(answers("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 0])),
        lambda: build(answers("phq9", [2, 2, 2, 2, 1, 0, 0, 0, 0])),
    ),
    "R50": (
        "STarT Back psychosocial 4",
        lambda: build(answers("startback", [0, 0, 0, 0, 1, 1, 1, 1, 0])),
        lambda: build(answers("startback", [0, 0, 0, 0, 1, 1, 1, 0, 0])),
    ),
    "R51": (
        "M96.1 with no surgery recorded",
        lambda: build(history(spine_operations=None), surgeries=[]),
        lambda: build(),
    ),
    "R52": (
        "ESI with no ODI",
        lambda: build({"questionnaires": {"odi": {"answers": []}}}, [item("ESI", **ESI_L)]),
        lambda: build(items=[item("ESI", **ESI_L)]),
    ),
}


def test_every_rule_has_a_table_row() -> None:
    assert sorted(CASES) == sorted(rule.id for rule in decision_rules())


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires(rule_id: str) -> None:
    what, firing, _close = CASES[rule_id]
    found = fired(firing())
    assert rule_id in found, f"{rule_id} should fire for: {what}"
    finding = found[rule_id]
    rule = decision_rules().rule(rule_id)
    assert finding.severity is rule.severity and finding.category is rule.category
    assert finding.sources and finding.message and "{" not in finding.message
    if rule.condition != {"all": []}:
        assert finding.inputs, f"{rule_id} fired without saying which inputs fired it"


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_close_case_does_not_fire(rule_id: str) -> None:
    what, _firing, close = CASES[rule_id]
    assert rule_id not in fired(close()), f"{rule_id} fired for the close case of: {what}"


def test_quiet_consult_raises_nothing() -> None:
    assert findings(build()) == ()


def test_item_rules_name_the_plan_item() -> None:
    found = fired(build(meds(("Apixaban", 5, 2)), [item("PHYSICAL_THERAPY"), item("ESI", **ESI_L)]))
    assert found["R16B"].item == "i2" and found["R16B"].treatment == "ESI"
    assert found["R16B"].key == "R16B@i2"


def test_findings_come_most_severe_first() -> None:
    result = findings(build(both(flags(saddle_numbness=True), meds(("Oxycodone", 20, 3)))))
    ranks = [f.severity.rank for f in result if f.outcome is Outcome.FIRED]
    assert ranks == sorted(ranks) and result[0].severity is Severity.BLOCK


def test_suggested_work_up_is_not_offered_twice() -> None:
    offered = fired(build(flags(saddle_numbness=True)))["R01"].actions
    assert {a.treatment for a in offered} == {"REFERRAL", "IMAGING"}
    planned = build(flags(saddle_numbness=True), [item("REFERRAL", to="emergency")])
    assert [a.treatment for a in fired(planned)["R01"].actions] == ["IMAGING"]


def test_settings_move_the_thresholds() -> None:
    three = esis(("2026-03-10", 60), ("2026-06-10", 60), ("2026-09-10", 60))
    assert "R24" not in fired(build(three, [item("ESI", **ESI_L)]))
    assert "R24" in fired(build(three, [item("ESI", **ESI_L)], settings={"esi.max_per_12_months": 3}))


def test_asra_edition_changes_the_facet_class() -> None:
    rfa = [item("MEDIAL_BRANCH_BLOCK", region="lumbar")]
    on_apixaban = meds(("Apixaban", 5, 2))
    assert "R16B" not in fired(build(on_apixaban, rfa))  # lumbar MBB: low risk in ASRA 2018
    assert "R16B" in fired(build(on_apixaban, rfa, settings={"rules.asra_edition": "asra2015"}))


def mbb_on_file(*reliefs: int) -> dict[str, Any]:
    return history(
        prior_procedures=[
            {
                "procedure": "MEDIAL_BRANCH_BLOCK",
                "performed": f"2026-0{n + 6}-01",
                "region": "lumbar",
                "relief_percent": r,
            }
            for n, r in enumerate(reliefs)
        ]
    )


def test_one_block_with_half_the_pain_gone_supports_rfa_and_a_payer_setting_asks_two():
    """Reference section 3.5 (corrected 2026-12-03, Cohen 2020): one block with >= 50% relief in routine
    practice; two where a payer requires them (the clinic setting rfa.mbb_blocks_required)."""
    rfa = [item("RFA", region="lumbar")]
    assert "R13" not in fired(build(mbb_on_file(60), rfa))
    two = {"rfa.mbb_blocks_required": 2}
    assert "R13" in fired(build(mbb_on_file(60), rfa, settings=two))
    assert "R13" not in fired(build(mbb_on_file(60, 70), rfa, settings=two))


def test_returning_to_opioids_after_lost_tolerance_offers_naloxone() -> None:
    """CDC 2022: a return to a previous dose after tolerance was lost is an overdose risk of its own."""
    low_dose = meds(("Oxycodone", 5, 2))
    assert "R42" in fired(build(merge(low_dose, history(medicine_history={"opioid_restart": True}))))
    assert "R42" not in fired(build(merge(low_dose, history(medicine_history={"opioid_restart": False}))))


def test_a_planned_nsaid_course_of_four_weeks_or_more_counts_as_long_term_at_65_and_older() -> None:
    """The 4 weeks are in the rule data (R38), the fact returns the longest planned course."""
    assert "R38" in fired(build(items=[item("NSAID", drug="naproxen", duration_weeks=6)], **OLD))
    assert "R38" not in fired(build(items=[item("NSAID", drug="naproxen", duration_weeks=3)], **OLD))
    assert "R38" in needing(build(items=[item("NSAID", drug="naproxen")], **OLD))


def test_strength_of_three_or_less_is_a_serious_deficit_for_a_stimulator() -> None:
    """The MRC grade 3 is in the rule data (R34), the fact returns the weakest grade."""
    disc = {
        "studies": [
            {
                "kind": "mri_with_gad",
                "performed": "2026-10-01",
                "levels": ["L4-L5"],
                "findings": [{"level": "L4-L5", "finding": "recurrent_disc"}],
            },
            QUIET["studies"][1],
        ]
    }
    trial = [item("SCS_TRIAL", can_operate_device="yes")]
    assert "R34" in fired(build(merge(disc, motor(L5=(3, 5))), trial))
    assert "R34" not in fired(build(merge(disc, motor(L5=(4, 5))), trial))
