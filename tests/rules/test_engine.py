"""The engine itself: three-valued conditions, inputs named when missing, robustness, and rule-file checks."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from fbss_desktop.core.findings import Outcome
from fbss_desktop.rules.conditions import Resolver, evaluate
from fbss_desktop.rules.ruleset import RuleError, load_rules
from fbss_desktop.services.catalogues import reference_tables, treatment_catalogue
from tests.rules.case_builder import QUIET, build, findings, fired, item, needing


class _Values(Resolver):
    def __init__(self, **values: Any) -> None:
        self.values = values

    def value(self, reference: str) -> tuple[Any, str | None]:
        return self.values.get(reference), None

    def label(self, reference: str) -> str:
        return reference

    def show(self, reference: str, value: Any) -> str:
        return str(value)

    def setting(self, key: str) -> Any:
        return 4


@pytest.mark.parametrize(
    ("condition", "values", "truth"),
    [
        ({"any": [{"fact": "a"}, {"fact": "b"}]}, {"a": True}, True),
        ({"any": [{"fact": "a"}, {"fact": "b"}]}, {"a": False}, None),
        ({"any": [{"fact": "a"}, {"fact": "b"}]}, {"a": False, "b": False}, False),
        ({"all": [{"fact": "a"}, {"fact": "b"}]}, {"a": False}, False),
        ({"all": [{"fact": "a"}, {"fact": "b"}]}, {"a": True}, None),
        ({"not": {"fact": "a"}}, {}, None),
        ({"not": {"fact": "a"}}, {"a": False}, True),
        ({"fact": "n", "ge": {"setting": "esi.max_per_12_months"}}, {"n": 4}, True),
        ({"fact": "n", "gt": {"fact": "m"}}, {"n": 5}, None),
        ({"fact": "n", "gt": {"fact": "m"}}, {"n": 5, "m": 4}, True),
        ({"fact": "n", "present": False}, {}, True),
    ],
)
def test_three_valued_logic(condition: dict[str, Any], values: dict[str, Any], truth: bool | None) -> None:
    assert evaluate(condition, _Values(**values), {}).truth is truth


def test_unknown_parts_name_the_inputs_needed() -> None:
    result = evaluate({"any": [{"fact": "a"}, {"fact": "b"}, {"fact": "c"}]}, _Values(b=False), {})
    assert result.truth is None and result.missing == ["a", "c"]


def test_unasked_cauda_equina_questions_are_named() -> None:
    consult = copy.deepcopy(QUIET)
    consult["history"]["red_flags"] = {"saddle_numbness": False, "bowel_change": False}
    finding = needing(build(base=consult))["R01"]
    assert "red flag: new or worse bladder problems (retention, loss of the urge, incontinence)" in finding.missing
    assert not any("saddle" in m for m in finding.missing)
    assert finding.message.startswith("Cannot be checked yet: record")


def test_missing_kidney_function_is_named_for_an_nsaid() -> None:
    consult = copy.deepcopy(QUIET)
    for key in ("egfr", "creatinine_mg_dl"):
        del consult["history"][key]
    finding = needing(build(items=[item("NSAID", drug="naproxen")], base=consult))["R37"]
    assert finding.missing == ("kidney function (eGFR, or creatinine with weight)",)
    assert finding.severity.value == "info"  # a question, not the rule's warning


def test_a_precise_missing_input_is_named() -> None:
    history = {"prior_procedures": [{"procedure": "ESI", "performed": "2026-05", "region": "lumbar"}]}
    esi = item("ESI", approach="interlaminar", region="lumbar")
    assert needing(build({"history": history}, [esi]))["R25"].missing == ("the relief the ESI of 2026-05 gave",)


def test_suggestions_do_not_ask_for_inputs() -> None:
    consult = copy.deepcopy(QUIET)
    consult["questionnaires"] = {}
    assert "R49" not in needing(build(base=consult))  # a suggestion stays quiet rather than nag
    assert "R07" in needing(build(base=consult))  # a blocking safety question asks


def test_engine_never_raises_on_an_incomplete_consult() -> None:
    every_treatment = [item(t.code) for t in treatment_catalogue().treatments]
    for case in (
        build({}, every_treatment, base={"consult_date": "2026-11-20"}, surgeries=[]),
        build({}, every_treatment, base={"consult_date": "2026-11-20"}),
        build({"history": {"medications": [{"name": "Gabapentin"}, {"name": "Oxycodone"}]}}, every_treatment),
    ):
        result = findings(case)
        assert result, "an empty consult with every treatment planned should raise questions"
        assert not [f for f in result if "could not be run" in f.message]


def test_engine_never_raises_on_random_partial_consults() -> None:
    rng = random.Random(4)
    full = copy.deepcopy(QUIET)
    full["history"]["medications"] = [{"name": "Apixaban", "dose": 5, "per_day": 2}, {"name": "Gabapentin"}]
    plan = [
        item("ESI", approach="transforaminal", region="lumbar", steroid="triamcinolone"),
        item("SCS_TRIAL"),
        item("NEUROPATHIC_AGENT", drug="pregabalin"),
        item("OPIOID_TAPER", drug="oxycodone"),
        item("RFA"),
    ]
    for _ in range(60):
        consult = copy.deepcopy(full)
        for section in ("history", "exam"):
            for key in list(consult[section]):
                if rng.random() < 0.5:
                    del consult[section][key]
        for key in ("studies", "questionnaires", "assessment"):
            if rng.random() < 0.5:
                consult.pop(key, None)
        result = findings(build(base=consult, items=rng.sample(plan, rng.randint(0, len(plan))), lenient=True))
        assert not [f for f in result if "could not be run" in f.message]


def test_acknowledgement_key_is_stable_across_evaluations() -> None:
    case = build(items=[item("SCS_TRIAL")])
    assert fired(case)["R32"].key == fired(case)["R32"].key == "R32@i1"
    assert fired(case)["R32"].outcome is Outcome.FIRED


def _rules(condition: dict[str, Any], **extra: Any) -> dict[str, Any]:
    rule = {
        "id": "T1",
        "version": 1,
        "severity": "warn",
        "category": "evidence",
        "title": "t",
        "condition": condition,
        "message": "m",
        "rationale": "r",
        "sources": ["s"],
        **extra,
    }
    return {"version": 1, "rules": [rule]}


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (_rules({"fact": "no_such_fact"}), "unknown fact"),
        (_rules({"fact": "comorbidity:gout"}), "not a known argument"),
        (_rules({"fact": "item.esi_count_within:365", "ge": 4}), "not per item"),
        (_rules({"setting": "esi.nonsense", "gt": 0}), "unknown setting"),
        (_rules({"fact": "age", "ge": 65}, treatments=["ACUPUNCTURE"]), "unknown treatment"),
        (_rules({"ref": "nowhere"}), "unknown named condition"),
        (_rules({"fact": "age", "older": 65}), "cannot read"),
    ],
)
def test_a_wrong_rule_file_is_refused_on_load(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(RuleError, match=problem):
        load_rules(data, reference_tables())


def test_every_rule_is_listed_in_the_rules_page() -> None:
    from pathlib import Path

    from fbss_desktop.services.catalogues import decision_rules

    page = (Path(__file__).resolve().parents[2] / "docs" / "decision-rules.md").read_text("utf-8")
    missing = [r.id for r in decision_rules() if f"| {r.id} | {r.reference} | {r.severity.value} |" not in page]
    assert missing == [], "run python tools/rules_doc.py"
