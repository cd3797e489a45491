"""The sacroiliac cluster as a fact (Laslett 2005), and rule R14 with the condition that reads it."""

from __future__ import annotations

import copy
import json

import pytest

from fbss_desktop.core.findings import Outcome
from fbss_desktop.paths import resource
from fbss_desktop.rules.engine import evaluate_case
from fbss_desktop.rules.facts import Facts
from fbss_desktop.rules.ruleset import load_rules
from fbss_desktop.services.catalogues import reference_tables
from tests.rules.case_builder import FUSION_TO_S1, build

R14_CONDITION = {
    "all": [
        {"fact": "pain_location:buttock"},
        {"fact": "fusion_to_sacrum"},
        {"fact": "sij_cluster"},
        {"not": {"fact": "planned:SIJ_INJECTION"}},
    ]
}


def sij(**answers: bool):
    return build({"exam": {"sij_tests": answers}}, surgeries=[FUSION_TO_S1])


def facts(case) -> Facts:
    return Facts(case, reference_tables())


def r14_fires(case) -> bool:
    """R14 as decision_rules.json holds it once its condition reads the cluster fact."""
    with resource("rules", "decision_rules.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    data = copy.deepcopy(data)
    (rule,) = [r for r in data["rules"] if r["id"] == "R14"]
    rule["condition"] = R14_CONDITION
    data["rules"] = [rule]
    tables = reference_tables()
    return any(f.outcome is Outcome.FIRED for f in evaluate_case(load_rules(data, tables), case, tables))


CASES = [
    (
        "3 of 6, Gaenslen left and right counted apart",
        {"distraction": True, "gaenslen_left": True, "gaenslen_right": True},
        True,
    ),
    ("2 of the 4 core tests", {"thigh_thrust": True, "sacral_thrust": True, "distraction": False}, True),
    ("2, one of them Gaenslen", {"compression": True, "gaenslen_left": True, "distraction": False}, False),
    ("Gaenslen on both sides only", {"gaenslen_left": True, "gaenslen_right": True, "distraction": False}, False),
    ("stored: the retired Gaenslen and 2 others", {"gaenslen": True, "distraction": True, "compression": True}, True),
    ("stored: the retired Gaenslen counts once", {"gaenslen": True, "compression": True, "thigh_thrust": False}, False),
]


@pytest.mark.parametrize(("answers", "cluster"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_cluster_fact(answers, cluster):
    assert facts(sij(**answers)).value("sij_cluster") is cluster


@pytest.mark.parametrize(("answers", "cluster"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_r14_fires_on_the_cluster_and_only_then(answers, cluster):
    assert r14_fires(sij(**answers)) is cluster


def test_no_test_recorded_is_unknown_not_negative():
    case = build(surgeries=[FUSION_TO_S1])
    assert facts(case).value("sij_cluster") is None
    assert facts(case).value("sij_positive") is None


def test_the_count_stays_a_fact_out_of_six():
    value = facts(sij(distraction=True, gaenslen_left=True, gaenslen_right=True)).value("sij_positive")
    assert value == 3
    assert facts(sij(distraction=True)).show("sij_positive", value) == "3 of 6"
