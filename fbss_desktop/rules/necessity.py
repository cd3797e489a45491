"""The payer criteria of a medical-necessity letter (resources/rules/necessity_criteria.json), checked against
one case as the decision rules are: each criterion met, not met, or not documented for want of an input.

The criteria file is checked when it loads (an unknown fact, setting or code is refused then, not when a
patient's letter is written). A criterion read for a plan item ("per_item") is checked against the plan's
item of the procedure asked for; without one it is not documented.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fbss_desktop.core.letters import Criterion, LetterKind
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.rules.case import Case, ReferenceTables
from fbss_desktop.rules.conditions import Condition, evaluate
from fbss_desktop.rules.engine import FactResolver
from fbss_desktop.rules.facts import Facts
from fbss_desktop.rules.ruleset import RuleError, _check_condition


@dataclass(frozen=True)
class CriterionRule:
    id: str
    text: str
    source: str
    condition: Condition
    per_item: bool = False


@dataclass(frozen=True)
class NecessityCriteria:
    request: str  # what the letter asks for, in words
    treatments: tuple[str, ...]  # the plan items a letter of this kind is about
    criteria: tuple[CriterionRule, ...]


def load_criteria(data: Mapping[str, Any], tables: ReferenceTables) -> dict[LetterKind, NecessityCriteria]:
    """The criteria of each kind of medical-necessity letter, checked against the facts and catalogues."""
    result = {}
    for kind_text, raw in data["letters"].items():
        kind = LetterKind(kind_text)
        treatments = tuple(raw["treatments"])
        for code in treatments:
            if code not in tables.catalogue:
                raise RuleError(f"{kind_text}: unknown treatment {code!r}")
        rules = []
        for row in raw["criteria"]:
            rule = CriterionRule(
                str(row["id"]), row["text"], row["source"], row["condition"], bool(row.get("per_item"))
            )
            if not rule.source.strip():
                raise RuleError(f"{rule.id}: a criterion names its source")
            _check_condition(rule.id, rule.condition, {}, tables, per_item=rule.per_item)
            rules.append(rule)
        result[kind] = NecessityCriteria(str(raw["request"]), treatments, tuple(rules))
    return result


def requested_item(criteria: NecessityCriteria, case: Case) -> PlanItem | None:
    """The plan's item of the procedure the letter asks for (the first one planned), if any."""
    items = case.plan.active_items(*criteria.treatments) or tuple(
        i for i in case.plan.items if i.treatment in criteria.treatments
    )
    return items[0] if items else None


def check_criteria(criteria: NecessityCriteria, case: Case, tables: ReferenceTables) -> tuple[Criterion, ...]:
    """Each criterion as the case documents it."""
    facts = Facts(case, tables)
    item = requested_item(criteria, case)
    result = []
    for rule in criteria.criteria:
        if rule.per_item and item is None:
            result.append(Criterion(rule.id, rule.text, rule.source, None, missing=("the planned procedure",)))
            continue
        outcome = evaluate(rule.condition, FactResolver(facts, item if rule.per_item else None, case.settings), {})
        evidence = "; ".join(dict.fromkeys(f"{i.label}: {i.value}" for i in outcome.inputs))
        result.append(Criterion(rule.id, rule.text, rule.source, outcome.truth, evidence, tuple(outcome.missing)))
    return tuple(result)
