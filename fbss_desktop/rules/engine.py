"""Evaluate the rules over a case: pure, no Qt and no database, and never raising on an incomplete consult.

Each rule gives at most one finding per plan item it concerns (or one for the consult): fired, with the
inputs that fired it, or needing input, with the inputs that would decide it. A finding that needs input is
information whatever the rule's severity: it asks, it never blocks or warns. Messages may quote facts
("{antithrombotics}") so the clinician reads the patient's own drugs and numbers.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from fbss_desktop.core.findings import Action, Finding, Outcome, Severity
from fbss_desktop.core.plans import PlanItem, TreatmentPlan
from fbss_desktop.core.settings import REGISTRY
from fbss_desktop.rules.case import Case, ReferenceTables
from fbss_desktop.rules.conditions import Resolver, evaluate
from fbss_desktop.rules.facts import Facts, NeedsInput
from fbss_desktop.rules.ruleset import Rule, RuleAction, RuleSet

log = logging.getLogger(__name__)
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.:+]+)\}")


class FactResolver(Resolver):
    """Facts and clinic settings as a condition reads them (the rules, and the necessity letters' criteria)."""

    def __init__(self, facts: Facts, item: PlanItem | None, settings: Mapping[str, Any]) -> None:
        self.facts = facts
        self.item = item
        self.settings = settings

    def value(self, reference: str) -> tuple[Any, str | None]:
        try:
            return self.facts.value(reference, self.item), None
        except NeedsInput as exc:
            return None, str(exc)

    def label(self, reference: str) -> str:
        return self.facts.label(reference, self.item)

    def show(self, reference: str, value: Any) -> str:
        return self.facts.show(reference, value, self.item)

    def setting(self, key: str) -> Any:
        return self.settings.get(key, REGISTRY[key].default)


def evaluate_case(rules: RuleSet, case: Case, tables: ReferenceTables) -> tuple[Finding, ...]:
    """Every finding for this case, most severe first."""
    facts = Facts(case, tables)
    findings: list[Finding] = []
    # a lumbar-only rule (the sacroiliac joint, NICE's sciatica advice) says nothing of the neck; a rule whose
    # words name the low back says it in the region's words (decision_rules.json "regions", "by_region")
    region = facts.region
    for rule in (replace(r, **r.by_region.get(region, {})) for r in rules if not r.regions or region in r.regions):
        targets: tuple[PlanItem | None, ...] = case.plan.active_items(*rule.treatments) if rule.per_item else (None,)
        for item in targets:
            resolver = FactResolver(facts, item, case.settings)
            try:
                finding = _finding(rule, resolver, rules, case.plan, item, tables)
            except Exception:  # one faulty rule must not take the consult editor down with it
                log.exception("decision rule %s could not be evaluated", rule.id)
                finding = _broken(rule, item)
            if finding is not None:
                findings.append(finding)
    return tuple(sorted(findings, key=_order))


def _order(finding: Finding) -> tuple[int, int, int, str, str]:
    number = int(re.sub(r"\D", "", finding.rule) or 0)
    return (finding.outcome is Outcome.NEEDS_INPUT, finding.severity.rank, number, finding.rule, finding.item or "")


def _finding(
    rule: Rule,
    resolver: FactResolver,
    rules: RuleSet,
    plan: TreatmentPlan,
    item: PlanItem | None,
    tables: ReferenceTables,
) -> Finding | None:
    result = evaluate(rule.condition, resolver, rules.conditions)
    if result.truth is False or (result.truth is None and not rule.ask_when_missing):
        return None
    finding = _base(rule, item)
    if result.truth is None:
        return replace(
            finding,
            severity=Severity.INFO,  # a question, not a warning: it never blocks, whatever the rule's severity
            message=f"Cannot be checked yet: record {', '.join(result.missing)}.",
            missing=tuple(result.missing),
            outcome=Outcome.NEEDS_INPUT,
        )
    return replace(
        finding,
        message=_fill(rule.message, resolver),
        inputs=tuple(dict.fromkeys(result.inputs)),
        actions=tuple(_action(a, tables) for a in rule.actions if not _already_planned(a, plan)),
    )


def _fill(message: str, resolver: FactResolver) -> str:
    def quote(match: re.Match[str]) -> str:
        value, missing = resolver.value(match[1])
        return resolver.show(match[1], value) if missing is None else "not recorded"

    return _PLACEHOLDER.sub(quote, message)


def _already_planned(action: RuleAction, plan: TreatmentPlan) -> bool:
    for item in plan.active_items(action.treatment):
        if all(_covers(item.details.get(k), v) for k, v in action.details.items() if k != "urgency"):
            return True
    return False


def _covers(planned: Any, wanted: Any) -> bool:
    if isinstance(wanted, list):
        return isinstance(planned, list) and set(wanted) <= set(planned)
    return bool(planned == wanted)


def _action(action: RuleAction, tables: ReferenceTables) -> Action:
    treatment = tables.catalogue[action.treatment]
    label = action.label
    if not label:
        study = action.details.get("study")
        label = tables.catalogue.choices["imaging_study"].label(study) if study else treatment.label
    return Action(action.treatment, label, dict(action.details))


def _base(rule: Rule, item: PlanItem | None) -> Finding:
    """The rule's finding for this item (or the consult), before its outcome and message are known."""
    return Finding(
        rule=rule.id,
        version=rule.version,
        severity=rule.severity,
        category=rule.category,
        title=rule.title,
        message="",
        rationale=rule.rationale,
        sources=rule.sources,
        treatment=item.treatment if item is not None else rule.treatment,
        item=item.key if item is not None else None,
        patient_reason=_patient_reason(rule),
    )


def _patient_reason(rule: Rule) -> str:
    """The rule's `patient_reason` (decision_rules.json): what the patient's copy says about a treatment the
    rule suggested. Read where the rule has it, so a rule loaded without it gives "" (the clinician writes one)."""
    return rule.patient_reason


def _broken(rule: Rule, item: PlanItem | None) -> Finding:
    return replace(
        _base(rule, item),
        severity=Severity.INFO,
        message="This check could not be run; review it yourself.",
        outcome=Outcome.NEEDS_INPUT,
    )
