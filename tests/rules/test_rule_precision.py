"""Issue 16, part 8: a warning appears only when it applies to this patient, and a missing input is a question.

A rule that cannot be decided for want of an input asks for that input ("needs information", at information
severity, never blocking or warning, never to be acknowledged) and names the input it needs; it asks only when
the answer could change something. Each changed rule has a case that fires and close cases that must not.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from fbss_desktop.core.findings import Category, Finding, Outcome, Severity
from fbss_desktop.services.catalogues import decision_rules, medication_list, treatment_catalogue
from fbss_desktop.services.printing import procedure_allergens
from tests.rules.case_builder import QUIET, build, findings, fired, item, meds, merge, needing

KIDNEY = "kidney function (eGFR, or creatinine with weight)"
OLD = dt.date(1955, 1, 10)  # 71 at the consult
ESI_L = {"approach": "transforaminal", "region": "lumbar", "levels": ["L4-L5"], "side": "left"}


def _without(*keys: str, labs: bool = False) -> dict[str, Any]:
    """The quiet consult with these history fields left out (as a consult typed without them), and without
    its lab results if `labs`."""
    base = copy.deepcopy(QUIET)
    for key in keys:
        del base["history"][key]
    if labs:
        base["studies"] = [s for s in base["studies"] if s["kind"] != "labs"]
    return base


NO_KIDNEY = _without("egfr", "creatinine_mg_dl")
NO_KIDNEY_NO_LABS = _without("egfr", "creatinine_mg_dl", labs=True)


def labs(day: str, **values: float) -> dict[str, Any]:
    return {"kind": "labs", "performed": day, "labs": [{"test": t, "value": v} for t, v in values.items()]}


def studies(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"studies": list(rows)}


def gaba(drug: str, dose: float, per_day: int) -> dict[str, Any]:
    return item("NEUROPATHIC_AGENT", drug=drug, dose=dose, per_day=per_day)


# --- needs information --------------------------------------------------------------------------------------
# (what the consult lacks, the case, the rule that asks, the input it must name)
ASKS = [
    (
        "gabapentin 1800 mg a day, no kidney function",
        lambda: build(items=[gaba("gabapentin", 600, 3)], base=NO_KIDNEY),
        "R39",
        KIDNEY,
    ),
    (
        "pregabalin 300 mg a day, no kidney function",
        lambda: build(items=[gaba("pregabalin", 150, 2)], base=NO_KIDNEY),
        "R39B",
        KIDNEY,
    ),
    (
        "an RFA, allergies not asked",
        lambda: build(items=[item("RFA", region="lumbar")], base=_without("no_known_allergies")),
        "R10C",
        "allergy: iodinated contrast",
    ),
    (
        "a raised CRP, no white cell count",
        lambda: build(studies(labs("2026-11-10", crp=25))),
        "R03C",
        "latest white cell count",
    ),
    (
        "an RFA after a block whose relief was not recorded",
        lambda: build(
            {
                "history": {
                    "prior_procedures": [
                        {"procedure": "MEDIAL_BRANCH_BLOCK", "performed": "2026-09", "region": "lumbar"}
                    ]
                }
            },
            [item("RFA", region="lumbar")],
        ),
        "R13",
        "the relief the earlier medial branch block gave",
    ),
]


@pytest.mark.parametrize(("what", "case", "rule", "wanted"), ASKS, ids=[row[0] for row in ASKS])
def test_a_missing_input_is_asked_for_by_name_as_information(what, case, rule, wanted) -> None:
    finding = needing(case())[rule]
    assert wanted in finding.missing, f"{rule} for {what} should ask for {wanted!r}, asked {finding.missing}"
    assert finding.severity is Severity.INFO, "a question never carries the rule's block or warn"
    assert not finding.needs_acknowledgement and not finding.can_acknowledge
    assert finding.as_dict()["severity"] == "info" and finding.as_dict()["outcome"] == "needs_input"


# (the case, the rule that must neither fire nor ask)
QUIET_CASES = [
    (
        "gabapentin 900 mg a day at the lowest maximum 300? no: 300 mg a day, no kidney function",
        lambda: build(items=[gaba("gabapentin", 100, 3)], base=NO_KIDNEY),
        "R39",
    ),
    (
        "pregabalin 75 mg a day, no kidney function",
        lambda: build(items=[gaba("pregabalin", 75, 1)], base=NO_KIDNEY),
        "R39B",
    ),
    ("worse pain two years after surgery, no labs", lambda: build(base=NO_KIDNEY_NO_LABS), "R04"),
    ("no labs at all", lambda: build(base=NO_KIDNEY_NO_LABS), "R03C"),
    (
        "a medial branch block, which the allergen table says uses no contrast",
        lambda: build(items=[item("MEDIAL_BRANCH_BLOCK", region="lumbar")], base=_without("no_known_allergies")),
        "R10C",
    ),
]


@pytest.mark.parametrize(("what", "case", "rule"), QUIET_CASES, ids=[row[0] for row in QUIET_CASES])
def test_a_rule_asks_only_when_the_answer_could_matter(what, case, rule) -> None:
    assert rule not in {f.rule for f in findings(case())}, f"{rule} should stay quiet for: {what}"


def test_a_quiet_consult_without_kidney_function_or_labs_asks_nothing() -> None:
    assert findings(build(base=NO_KIDNEY_NO_LABS)) == ()


def test_no_question_anywhere_is_a_block_or_a_warning() -> None:
    every_treatment = [item(t.code) for t in treatment_catalogue().treatments]
    cases = [
        build({}, every_treatment, base={"consult_date": "2026-11-20"}, surgeries=[]),
        build(
            {"history": {"medications": [{"name": "Gabapentin"}, {"name": "Pregabalin", "dose": 300, "per_day": 2}]}},
            every_treatment,
            base=NO_KIDNEY,
        ),
    ]
    questions = [f for case in cases for f in findings(case) if f.outcome is Outcome.NEEDS_INPUT]
    assert questions, "these incomplete consults should raise questions"
    assert {f.severity for f in questions} == {Severity.INFO}
    assert not [f for f in questions if f.needs_acknowledgement]


def test_a_question_cannot_be_made_a_block() -> None:
    with pytest.raises(ValueError, match="needs information"):
        Finding("R39", 2, Severity.BLOCK, Category.DOSE, "t", "m", "r", ("s",), outcome=Outcome.NEEDS_INPUT)


def test_the_kidney_maximum_still_blocks_when_the_kidney_function_is_known() -> None:
    found = fired(build({"history": {"creatinine_mg_dl": 1.6}}, [gaba("gabapentin", 600, 3)]))["R39"]
    assert found.severity is Severity.BLOCK and found.needs_acknowledgement


# --- R04: discitis reads an ESR taken two weeks or more after surgery -----------------------------------------
SURGERY_OCT = [("2026-10-01", "DISCECTOMY", ("L4-L5",), False)]


@pytest.mark.parametrize(
    ("what", "esr_day", "esr", "fires"),
    [
        ("ESR 62 four weeks after surgery", "2026-10-29", 62, True),
        ("ESR 62 a week after surgery", "2026-10-08", 62, False),
        ("ESR 62 taken before the surgery", "2026-09-20", 62, False),
        ("ESR 40 four weeks after surgery", "2026-10-29", 40, False),
    ],
)
def test_discitis_reads_an_esr_taken_two_weeks_or_more_after_surgery(what, esr_day, esr, fires) -> None:
    case = build(studies(labs(esr_day, esr=esr)), surgeries=SURGERY_OCT)
    assert ("R04" in fired(case)) is fires, what
    assert "R04" not in needing(case)


# --- R03C: raised CRP and white cells without fever -------------------------------------------------------------
@pytest.mark.parametrize(
    ("what", "change", "settings", "fires"),
    [
        ("CRP 25, white cells 13", studies(labs("2026-11-10", crp=25, wbc=13)), {}, True),
        (
            "CRP 15 with the laboratory's limit at 20",
            studies(labs("2026-11-10", crp=15, wbc=13)),
            {"labs.crp_upper_mg_l": 20},
            False,
        ),
        ("CRP 25, white cells 9", studies(labs("2026-11-10", crp=25, wbc=9)), {}, False),
        (
            "CRP 25, white cells 13 and a fever (R03 instead)",
            merge(studies(labs("2026-11-10", crp=25, wbc=13)), {"exam": {"temperature_c": 38.6}}),
            {},
            False,
        ),
    ],
)
def test_infection_suggested_by_labs_without_fever(what, change, settings, fires) -> None:
    found = fired(build(change, settings=settings))
    assert ("R03C" in found) is fires, what
    if fires:
        assert found["R03C"].severity is Severity.WARN and "25" in found["R03C"].message


def test_with_a_fever_the_infection_rule_speaks_once() -> None:
    found = fired(build(merge(studies(labs("2026-11-10", crp=25, wbc=13)), {"exam": {"temperature_c": 38.6}})))
    assert "R03" in found and "R03C" not in found


# --- R08: disc or scar is asked only where it applies -------------------------------------------------------------
LABS_ONLY = {"studies": [QUIET["studies"][1]]}
NOT_RADICULAR = {
    "history": {"leg_share_percent": 0, "pain_locations": ["low_back"], "leg_nrs_now": 0},
    "exam": {"slr": {"left": False, "right": False}},
}


@pytest.mark.parametrize(
    ("what", "change", "plan", "fires"),
    [
        ("radicular pain back after surgery, no MRI since", LABS_ONLY, [], True),
        ("the pain is not radicular", merge(LABS_ONLY, NOT_RADICULAR), [], False),
        ("an MRI is planned", LABS_ONLY, [item("IMAGING", study="mri_without")], False),
        (
            "an MRI without contrast since surgery",
            {"studies": [{"kind": "mri_without", "performed": "2026-09-01"}]},
            [],
            False,
        ),
        ("the working diagnosis is facet pain", merge(LABS_ONLY, {"assessment": {"generators": ["facet"]}}), [], False),
        (
            "a CT since surgery shows non-union",
            {
                "studies": [
                    {
                        "kind": "ct",
                        "performed": "2026-09-01",
                        "levels": ["L4-L5"],
                        "findings": [{"level": "L4-L5", "finding": "pseudarthrosis"}],
                    }
                ],
                "assessment": {"generators": ["undetermined"]},
            },
            [],
            False,
        ),
        (
            "the cause is not yet determined",
            merge(LABS_ONLY, {"assessment": {"generators": ["undetermined"]}}),
            [],
            True,
        ),
    ],
)
def test_contrast_mri_for_disc_or_scar_only_where_it_applies(what, change, plan, fires) -> None:
    assert ("R08" in fired(build(change, plan))) is fires, what


# --- R10C: contrast allergy before every procedure that uses contrast, once per item, naming it --------------------
DETAILS = {"ESI": ESI_L, "RFA": {"region": "lumbar"}, "MEDIAL_BRANCH_BLOCK": {"region": "lumbar"}}
ALLERGIC = {
    "history": {"no_known_allergies": False, "allergies": [{"substance": "iodinated_contrast", "kind": "allergy"}]}
}


def test_a_contrast_allergy_is_flagged_before_each_procedure_that_uses_contrast() -> None:
    plan = [
        item("ESI", **ESI_L),
        item("RFA", region="lumbar"),
        item("SCS_TRIAL"),
        item("TRIGGER_POINT_INJECTION"),
        item("MEDIAL_BRANCH_BLOCK", region="lumbar"),
    ]
    flagged = [f for f in findings(build(ALLERGIC, plan)) if f.rule == "R10C" and f.outcome is Outcome.FIRED]
    assert [(f.item, f.treatment) for f in flagged] == [("i1", "ESI"), ("i2", "RFA"), ("i3", "SCS_TRIAL")]
    assert "radiofrequency ablation" in flagged[1].message.lower()


def test_the_clinician_warning_and_the_patient_copy_agree_on_which_treatments_use_contrast() -> None:
    table = procedure_allergens()
    rule = decision_rules().rule("R10C")
    for code in rule.treatments:
        planned = build(ALLERGIC, [item(code, **DETAILS.get(code, {}))])
        uses = "iodinated_contrast" in table.used_by(planned.plan.items[0])
        assert ("R10C" in fired(planned)) is uses, code
    assert {t for t, codes in table.uses.items() if "iodinated_contrast" in codes} <= set(rule.treatments)


# --- R13: RFA without a positive block is a warning; the threshold is a clinic setting -----------------------------
def mbb(relief: int) -> dict[str, Any]:
    block = {
        "procedure": "MEDIAL_BRANCH_BLOCK",
        "performed": "2026-09-01",
        "region": "lumbar",
        "relief_percent": relief,
    }
    return {"history": {"prior_procedures": [block]}}


@pytest.mark.parametrize(
    ("what", "change", "plan", "settings", "fires"),
    [
        ("no block on file", {}, [item("RFA", region="lumbar")], {}, True),
        ("a block with 60% relief", mbb(60), [item("RFA", region="lumbar")], {}, False),
        (
            "a block with 60% relief where the clinic asks 80%",
            mbb(60),
            [item("RFA", region="lumbar")],
            {"rfa.mbb_relief_percent": 80},
            True,
        ),
        (
            "a block planned before the RFA",
            {},
            [item("MEDIAL_BRANCH_BLOCK", region="lumbar"), item("RFA", region="lumbar")],
            {},
            False,
        ),
    ],
)
def test_rfa_without_a_positive_diagnostic_block_warns(what, change, plan, settings, fires) -> None:
    found = fired(build(change, plan, settings=settings))
    assert ("R13" in found) is fires, what
    if fires:
        assert found["R13"].severity is Severity.WARN


# --- R21: one coagulation suggestion per consult ------------------------------------------------------------------
def test_coagulation_tests_are_suggested_once_for_the_consult() -> None:
    plan = [item("ESI", **ESI_L), item("SCS_TRIAL"), item("SCS_IMPLANT")]
    found = [f for f in findings(build({"history": {"comorbidities": {"ckd": True}}}, plan)) if f.rule == "R21"]
    assert len(found) == 1 and found[0].item is None
    assert not [f for f in findings(build({"history": {"comorbidities": {"ckd": True}}})) if f.rule == "R21"]


# --- R28: the yearly steroid limit is cited for post-menopausal women ---------------------------------------------
YEAR_OF_STEROID = {
    "history": {
        "prior_procedures": [
            {"procedure": "ESI", "performed": d, "region": "lumbar", "relief_percent": 60, "steroid_mpe_mg": 80}
            for d in ("2026-03-10", "2026-06-10")
        ]
    }
}
STEROID_ESI = [item("ESI", **ESI_L, steroid="methylprednisolone", steroid_mg=80)]


@pytest.mark.parametrize(
    ("what", "sex", "settings", "rule", "severity"),
    [
        ("a woman", "F", {}, "R28", Severity.WARN),
        ("a man", "M", {}, "R28B", Severity.INFO),
        ("a patient of another sex", "X", {}, "R28B", Severity.INFO),
        (
            "a man, where the clinic applies the limit to everyone",
            "M",
            {"steroid.annual_limit_everyone": True},
            "R28",
            Severity.WARN,
        ),
    ],
)
def test_the_yearly_steroid_limit_warns_where_it_is_established(what, sex, settings, rule, severity) -> None:
    found = {f.rule: f for f in findings(build(YEAR_OF_STEROID, STEROID_ESI, sex=sex, settings=settings))}
    assert rule in found and found[rule].severity is severity, what
    assert len({"R28", "R28B"} & set(found)) == 1
    assert "240" in found[rule].message


# --- R46: the older-adult caution follows the drug ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("what", "change", "plan", "rule", "drug", "treatment"),
    [
        (
            "cyclobenzaprine planned",
            {},
            [item("MUSCLE_RELAXANT", drug="cyclobenzaprine")],
            "R46",
            "Cyclobenzaprine",
            "MUSCLE_RELAXANT",
        ),
        ("amitriptyline planned", {}, [gaba("amitriptyline", 10, 1)], "R46B", "Amitriptyline", "NEUROPATHIC_AGENT"),
        ("diazepam taken", meds(("Diazepam", 5, 1)), [], "R46C", "Diazepam", None),
    ],
)
def test_the_older_adult_caution_names_the_drug(what, change, plan, rule, drug, treatment) -> None:
    found = fired(build(change, plan, born=OLD))[rule]
    assert drug in found.message and found.treatment == treatment, what


@pytest.mark.parametrize("drug", ["tizanidine", "baclofen"])
def test_muscle_relaxants_off_the_beers_list_raise_no_beers_caution(drug: str) -> None:
    found = fired(build(items=[item("MUSCLE_RELAXANT", drug=drug)], born=OLD))
    assert not {"R46", "R46B", "R46C"} & set(found)


def test_the_beers_caution_and_the_patient_copy_name_the_same_drugs() -> None:
    """The patient's copy prints a 'best avoided at 65 or older' caution for a drug (drug_cautions.json) exactly
    when R46 or R46B warns the clinician about it."""
    import json

    from fbss_desktop.paths import resource

    drugs = json.loads(resource("clinical", "drug_cautions.json").read_text("utf-8"))["drugs"]
    printed = {d for d, entry in drugs.items() if {"MR_OLDER", "AMITRIPTYLINE_OLDER"} & set(entry["cautions"])}
    listed = medication_list()
    relevant = [d for d in drugs if {"muscle_relaxant", "antidepressant"} & set(listed.drug(d).classes)]
    warned = {d for d in relevant if {"R46", "R46B"} & set(fired(build(meds((listed.drug(d).label, 10, 1)), born=OLD)))}
    assert printed == warned == {"cyclobenzaprine", "methocarbamol", "carisoprodol", "amitriptyline"}
