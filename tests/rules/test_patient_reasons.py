"""A rule that suggests a treatment says, in the patient's words, why it is planned, and its finding carries
that wording to the plan item the clinician adds with one click; the rule's title and id stay clinical."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from fbss_desktop.paths import resource
from fbss_desktop.rules.engine import evaluate_case
from fbss_desktop.services.catalogues import decision_rules, reference_tables
from tests.rules.case_builder import build


def _raw_rules() -> list[dict[str, object]]:
    with resource("rules", "decision_rules.json").open(encoding="utf-8") as handle:
        return list(json.load(handle)["rules"])


def test_every_rule_that_suggests_a_treatment_has_a_patient_reason_free_of_codes():
    for rule in _raw_rules():
        if not rule.get("actions"):
            continue
        reason = str(rule.get("patient_reason", ""))
        assert reason.strip(), f"{rule['id']} suggests a treatment but has no patient_reason"
        assert not re.search(r"\bR\d{2}|[a-z]+_[a-z]+|[A-Z]+_[A-Z]+|PHQ|GAD|MME", reason), (rule["id"], reason)
        assert reason.endswith("."), rule["id"]


def test_a_findings_patient_reason_is_its_rules_and_empty_for_a_rule_without_one():
    rules = decision_rules()
    case = build({"questionnaires": {"phq9": {"answers": [2, 2, 2, 2, 1, 1, 1, 1, 0]}}})
    found = {f.rule: f for f in evaluate_case(rules, case, reference_tables())}
    worded = {r.id: r.patient_reason for r in rules.rules}
    assert worded["R49"] and found["R49"].patient_reason == worded["R49"]
    silent = replace(rules, rules=tuple(replace(r, patient_reason="") for r in rules.rules))
    assert all(f.patient_reason == "" for f in evaluate_case(silent, case, reference_tables()))
