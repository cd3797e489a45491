"""A neck patient's copy: the warning signs and handout sentences worded for the neck where the clinical
reference names no region, the cauda equina signs (given for the lumbosacral spine only) left off, and the
low back patient's copy unchanged. A finalized plan freezes its trend's neck scores and treatment markers;
a plan frozen before them still prints."""

from __future__ import annotations

import datetime as dt
import json
import re

from fbss_desktop.core.plan_print import Letterhead, PlanPrint, TrendMarker, TrendPoint
from fbss_desktop.core.plan_snapshot import from_snapshot, snapshot
from fbss_desktop.paths import resource
from fbss_desktop.services.catalogues import handouts, warning_signs

LUMBAR_ONLY = re.compile(
    r"\b((?<!arm or )leg pain|both legs|low back|lower back|between your legs|on your bottom)\b", re.I
)
CAUDA_EQUINA = ("CAUDA_EQUINA_LATE", "CAUDA_EQUINA_BLADDER", "CAUDA_EQUINA_SADDLE", "CAUDA_EQUINA_SEXUAL")


def page_text(region: str, treatments=("ESI", "NEUROPATHIC_AGENT", "NERVE_DECOMPRESSION")) -> str:
    page = handouts().warning_page(treatments, region=region)
    return " ".join(b for s in page.sections for b in (*s.paragraphs, *s.bullets))


def test_a_neck_patients_warning_page_has_arm_signs_and_no_lumbar_only_sign():
    codes = warning_signs().for_plan(["ESI"], "cervical")
    assert not set(codes) & {*CAUDA_EQUINA, "BOTH_LEGS_WEAK", "LEG_WEAKER", "FEVER_BACK_PAIN", "BLEED_NEAR_SPINE"}
    assert {"LIMB_WEAKER", "FEVER_SPINE_PAIN", "BLEED_NEAR_SPINE_NECK", "SELF_HARM"} <= set(codes)
    text = page_text("cervical")
    assert "An arm or a leg gets weaker" in text and "change in bladder or bowel control" in text
    assert not LUMBAR_ONLY.search(text), LUMBAR_ONLY.findall(text)


def test_a_low_back_patients_warning_page_is_as_before():
    assert warning_signs().for_plan(["ESI"], "lumbar") == warning_signs().for_plan(["ESI"])
    assert set(CAUDA_EQUINA) <= set(warning_signs().for_plan([], "lumbar"))


def test_a_neck_patients_handouts_say_arm_or_leg_and_name_only_the_necks_signs():
    library = handouts()
    for code in ("ESI", "NEUROPATHIC_AGENT", "NERVE_DECOMPRESSION", "MEDIAL_BRANCH_BLOCK", "REVISION_SURGERY"):
        neck = library.regional(library.get(code), "cervical")
        assert not LUMBAR_ONLY.search(neck.text), (code, LUMBAR_ONLY.findall(neck.text))
        assert not set(neck.sign_codes) & {*CAUDA_EQUINA, "BOTH_LEGS_WEAK", "LEG_WEAKER"}
        assert library.regional(library.get(code), "lumbar") == library.get(code)
    assert "eases arm or leg pain" in library.regional(library.get("ESI"), "cervical").text


def test_every_reworded_sentence_is_found_in_the_patient_texts_it_rewords():
    texts = " ".join(h.text for h in handouts().handouts.values())
    for name in ("treatments.json", "diagnosis_explanations.json"):
        with resource("clinical", name).open(encoding="utf-8") as handle:
            texts += json.dumps(json.load(handle), ensure_ascii=False)
    for before, _after in warning_signs().wording("cervical").phrases:
        assert before in texts, before  # a sentence edited in a handout must be edited here too


def test_a_frozen_plan_keeps_its_neck_scores_and_markers_and_an_older_snapshot_still_reads():
    day, later = dt.date(2026, 3, 2), dt.date(2026, 5, 4)
    plan = PlanPrint(
        letterhead=Letterhead("Riverside"),
        patient_name="Ana",
        date_of_birth=dt.date(1970, 1, 1),
        plan_date=later,
        clinician="Dr. Osei",
        diagnosis=(),
        goals=(),
        phases=(),
        medicines=(),
        warning_signs=handouts().warning_page((), region="cervical"),
        follow_up=None,
        trend=(TrendPoint(day, None, None, None, 6, 7, 60.0), TrendPoint(later, None, None, None, 4, 5, 40.0)),
        markers=(TrendMarker(day, "Epidural steroid injection (C5-C6)"),),
    )
    frozen = json.loads(json.dumps(snapshot(plan)))
    again = from_snapshot(frozen)
    assert again.trend == plan.trend and again.markers == plan.markers
    frozen.pop("markers")
    for point in frozen["trend"]:
        point.pop("neck"), point.pop("arm"), point.pop("ndi")
    older = from_snapshot(frozen)
    assert older.markers == () and older.trend[0].neck is None


def test_a_neck_patients_diagnosis_is_explained_in_neck_and_arm_words():
    from fbss_desktop.services.catalogues import diagnosis_explanations

    words = warning_signs().wording("cervical").words
    explained = [words(text) for text in diagnosis_explanations().values()]
    assert "This can cause neck or arm pain." in " ".join(explained)
    for text in explained:
        assert not re.search(r"\b(leg pain|in the leg|your back)\b", text), text


def test_a_neck_patients_goal_is_measured_in_arm_pain_or_the_ndi():
    from fbss_desktop.core.plan_print import _goal
    from fbss_desktop.core.plans import GOAL_MEASURES

    assert {"neck_nrs", "arm_nrs", "ndi"} <= set(GOAL_MEASURES)
    assert _goal("pain", "Lift the grandchildren", "arm_nrs", 3, 12).startswith(
        "Lift the grandchildren, with arm pain at 3 out of 10 or less"
    )
    assert _goal("function", "", "ndi", 30, 16) == "Neck disability score at 30% or less, within 16 weeks"
