"""A consult about the neck: its pain scores, Spurling test, C5-T1 examination and NDI are what the rules read,
and no lumbar-only wording (the low back, the leg, sciatica, the sacroiliac joint, the lumbosacral MRI)
reaches its findings. A consult stored before regions existed reads as the lumbar consult it was written as.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from fbss_desktop.rules.facts import Facts
from fbss_desktop.services.catalogues import reference_tables
from tests.rules.case_builder import FUSION_TO_S1, QUIET, build, findings, fired, item, merge

NECK_DISCECTOMY = ("2024-06-03", "DISCECTOMY", ("C5-C6",), False)
CERVICAL_MOTOR = {m: {"left": 5, "right": 5} for m in ("C5", "C6", "C7", "C8", "T1")}

# The quiet consult, about the neck: neck and arm scores, arm pain, a positive Spurling test, the NDI.
NECK: dict[str, Any] = merge(
    {k: v for k, v in QUIET.items() if k not in ("history", "exam", "questionnaires")},
    {
        "history": {
            **{k: v for k, v in QUIET["history"].items() if not k.startswith(("back_", "leg_"))},
            "region": "cervical",
            "pain_locations": ["neck", "arm"],
            "arm_share_percent": 60,
            "neck_nrs_now": 5,
            "arm_nrs_now": 6,
        },
        "exam": {"incision": "healed", "temperature_c": 36.8, "motor": CERVICAL_MOTOR, "spurling": {"left": True}},
        "questionnaires": {
            "ndi": {"answers": [2] * 10},
            "phq9": {"answers": [0] * 9},
            "gad7": {"answers": [0] * 7},
        },
        "assessment": {"generators": ["epidural_fibrosis"], "icd10": ["M96.1", "M54.12"]},
    },
)
LUMBAR_WORDS = re.compile(
    r"\b(lumbar|lumbosacral|low back|legs?|sciatica|buttock|sacroiliac|bottom of your spine)\b", re.I
)
ESI_C = {"approach": "interlaminar", "region": "cervical", "levels": ["C6-C7"], "side": "left"}


def neck(change: dict[str, Any] | None = None, items: Any = (), **kwargs: Any) -> Any:
    return build(change, items, base=NECK, surgeries=kwargs.pop("surgeries", (NECK_DISCECTOMY,)), **kwargs)


def test_a_consult_without_a_region_reads_as_lumbar_and_a_neck_consult_as_cervical():
    assert build().consult.region == "lumbar"
    assert neck().consult.region == "cervical"


def test_the_quiet_neck_consult_fires_nothing():
    assert fired(neck()) == {}


def test_radicular_pain_of_the_neck_is_arm_pain_or_a_positive_spurling_test():
    facts = Facts(neck(), reference_tables())
    assert facts.value("radicular") is True
    assert facts.label("radicular") == "radicular (arm) pain or signs"
    axial = neck(
        {"history": {"arm_share_percent": 0, "pain_locations": ["neck"]}, "exam": {"spurling": {"left": False}}}
    )
    assert Facts(axial, reference_tables()).value("radicular") is False
    only_spurling = neck({"history": {"arm_share_percent": 0, "pain_locations": ["neck"]}})
    assert Facts(only_spurling, reference_tables()).value("radicular") is True


def test_leg_pain_does_not_make_a_neck_consult_radicular():
    legs = neck(
        {
            "history": {"arm_share_percent": 0, "pain_locations": ["neck", "below_knee"], "leg_share_percent": 80},
            "exam": {"spurling": {"left": False}, "slr": {"left": True}},
        }
    )
    assert Facts(legs, reference_tables()).value("radicular") is False


def test_the_worst_pain_score_of_a_neck_consult_is_the_neck_or_arm_score():
    facts = Facts(neck({"history": {"back_nrs_now": 9}}), reference_tables())
    assert facts.value("pain_nrs") == 6
    assert facts.label("pain_nrs") == "worst pain score now (neck or arm)"


def test_esi_for_axial_neck_pain_warns_in_neck_words_without_nice_low_back_advice():
    axial = {"history": {"arm_share_percent": 0, "pain_locations": ["neck"]}, "exam": {"spurling": {"left": False}}}
    finding = fired(neck(axial, [item("ESI", **ESI_C)]))["R23"]
    assert "neck pain is purely axial" in finding.message
    assert "NICE" not in " ".join(finding.sources) and not LUMBAR_WORDS.search(finding.message + finding.rationale)
    assert "R23" not in fired(neck(None, [item("ESI", **ESI_C)]))


def test_baseline_function_for_a_neck_procedure_is_the_ndi():
    esi = [item("ESI", **ESI_C)]
    assert "R52" not in {f.rule for f in findings(neck(None, esi))}
    document = merge(NECK, {"questionnaires": {"odi": {"version": "odi-2.1a", "answers": [2] * 10}}})
    del document["questionnaires"]["ndi"]
    case = build(None, esi, base=document, surgeries=(NECK_DISCECTOMY,))
    assert case.consult.score_of("odi") is not None  # an ODI does not stand in for the neck's NDI
    finding = fired(case)["R52"]
    assert "(the NDI)" in finding.message and "ODI" not in finding.message


@pytest.mark.parametrize("rule", ["R48", "R48B"])
def test_nice_sciatica_advice_is_for_the_low_back_only(rule):
    gabapentin = {"history": {"medications": [{"name": "gabapentin", "dose": 300, "per_day": 3}]}}
    opioid = {"history": {"medications": [{"name": "oxycodone", "dose": 5, "per_day": 2}]}}
    change = gabapentin if rule == "R48" else opioid
    nice = {"rules.guideline_mode": "nice"}
    assert rule in fired(build(change, settings=nice))
    assert rule not in fired(neck(change, settings=nice))


def test_the_sacroiliac_rule_never_fires_for_a_neck_consult():
    sij = {
        "history": {"pain_locations": ["neck", "arm", "buttock"], "spine_operations": 2},
        "exam": {"sij_tests": {"distraction": True, "thigh_thrust": True, "compression": True}},
    }
    assert "R14" in fired(
        build(merge({"exam": {"sij_tests": sij["exam"]["sij_tests"]}}, {}), surgeries=(FUSION_TO_S1,))
    )
    assert "R14" not in fired(neck(sij, surgeries=(NECK_DISCECTOMY, FUSION_TO_S1)))


def test_axial_stimulation_note_on_leg_share_is_for_the_low_back_only():
    back_only = {"history": {"leg_share_percent": 20}}
    assert "R36" in fired(build(back_only, [item("SCS_TRIAL")]))
    assert "R36" not in fired(neck({"history": {"leg_share_percent": 20}}, [item("SCS_TRIAL")]))


def test_weakness_of_both_arms_is_not_a_cauda_equina_feature_but_is_multi_root():
    arms = {"exam": {"motor": {"C6": {"left": 4, "right": 4}, "C7": {"left": 4, "right": 5}}}}
    found = fired(neck(arms))
    assert "R01" not in found
    assert "arm or hand" in found["R02"].patient_reason and "leg" not in found["R02"].patient_reason
    legs = {"exam": {"motor": {"L4": {"left": 4, "right": 4}}}}
    assert "R01" in fired(build(legs))


def test_a_cauda_equina_symptom_in_a_neck_consult_still_blocks_in_words_that_do_not_send_it_to_the_low_back():
    finding = fired(neck({"history": {"red_flags": {"bladder_change": True}}}))["R01"]
    assert finding.severity.value == "block"
    assert "lumbosacral" not in finding.message and "bottom of your spine" not in finding.patient_reason
    lumbar = fired(build({"history": {"red_flags": {"bladder_change": True}}}))["R01"]
    assert "lumbosacral" in lumbar.message  # the lumbar consult's wording is unchanged


def test_no_lumbar_only_wording_reaches_a_neck_consult():
    change = {
        "history": {
            "red_flags": {"bladder_change": True, "progressive_weakness": True},
            "arm_share_percent": 0,
            "pain_locations": ["neck"],
            "medications": [{"name": "gabapentin", "dose": 300, "per_day": 3}],
        },
        "exam": {"spurling": {"left": False}, "motor": {"C6": {"left": 3, "right": 3}}},
    }
    case = neck(change, [item("ESI", **ESI_C), item("SCS_TRIAL")], settings={"rules.guideline_mode": "nice"})
    seen = findings(case)
    assert {"R01", "R02", "R23"} <= {f.rule for f in seen}
    for finding in seen:
        words = " ".join((finding.title, finding.message, finding.rationale, finding.patient_reason))
        assert not LUMBAR_WORDS.search(words), (finding.rule, words)


def test_a_rule_may_change_only_its_words_by_region():
    from fbss_desktop.rules.ruleset import RuleError, load_rules
    from fbss_desktop.services.catalogues import decision_rules

    raw = {
        "version": 1,
        "rules": [
            {
                "id": "X1",
                "version": 1,
                "severity": "info",
                "category": "evidence",
                "title": "t",
                "condition": {"fact": "radicular"},
                "message": "m",
                "rationale": "r",
                "sources": [],
                "by_region": {"cervical": {"condition": {"fact": "radicular"}}},
            }
        ],
    }
    with pytest.raises(RuleError, match="only"):
        load_rules(raw, reference_tables())
    assert decision_rules().rule("R14").regions == ("lumbar",)


def test_a_neck_consult_that_answered_no_to_weakness_in_both_legs_is_not_asked_for_leg_strength():
    from tests.rules.case_builder import needing

    answered = neck({"history": {"red_flags": {"bilateral_leg_symptoms": False}}})
    assert "R01" not in needing(answered) and "R01" not in fired(answered)
    unanswered = neck({"history": {"red_flags": {"bilateral_leg_symptoms": None}}})
    assert "R01" in needing(unanswered)  # not asked: the question, never a silent no
