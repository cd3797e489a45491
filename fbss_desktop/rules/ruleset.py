"""The rule file (`resources/rules/decision_rules.json`) read into Rule objects and checked on load.

A rule that names an unknown fact, setting, treatment or code is refused when the rules are read, not
when a patient happens to trigger it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fbss_desktop.core.findings import Category, Severity
from fbss_desktop.core.settings import REGISTRY
from fbss_desktop.rules.case import ReferenceTables
from fbss_desktop.rules.conditions import COMBINATORS, OPERATORS, Condition
from fbss_desktop.rules.facts import ARG_LISTS, ARG_MANY, FACTS, split


class RuleError(ValueError):
    """The rule file is wrong; the message names the rule and the problem."""


@dataclass(frozen=True)
class RuleAction:
    treatment: str
    details: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    version: int
    severity: Severity
    category: Category
    title: str
    condition: Condition
    message: str
    rationale: str
    sources: tuple[str, ...]
    treatment: str | None = None  # the treatment the rule concerns (reported), if any
    treatments: tuple[str, ...] = ()  # when set, the rule is evaluated once per active plan item of these
    actions: tuple[RuleAction, ...] = ()
    ask_when_missing: bool = True
    reference: str = ""  # the rule number in clinical-reference.md section 5
    unconfirmed: bool = False
    patient_reason: str = ""  # what the patient's copy says of a treatment this rule suggests ("" : none)
    regions: tuple[str, ...] = ()  # the consult regions the rule applies to ("lumbar"...); () : every region
    # region -> the wording that replaces the rule's own for a consult about that region (message, title,
    # rationale, patient_reason, sources), where the lumbar wording would be wrong for the neck
    by_region: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def per_item(self) -> bool:
        return bool(self.treatments)


@dataclass(frozen=True)
class RuleSet:
    version: int
    rules: tuple[Rule, ...]
    conditions: Mapping[str, Condition]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)


def load_rules(data: Mapping[str, Any], tables: ReferenceTables) -> RuleSet:
    conditions = dict(data.get("conditions", {}))
    rules = []
    seen: set[str] = set()
    for raw in data["rules"]:
        rule = _rule(raw)
        if rule.id in seen:
            raise RuleError(f"{rule.id}: the id is used twice")
        seen.add(rule.id)
        _check_condition(rule.id, rule.condition, conditions, tables, per_item=rule.per_item)
        for code in (*rule.treatments, *([rule.treatment] if rule.treatment else [])):
            if code not in tables.catalogue:
                raise RuleError(f"{rule.id}: unknown treatment {code!r}")
        for action in rule.actions:
            if action.treatment not in tables.catalogue:
                raise RuleError(f"{rule.id}: the action names an unknown treatment {action.treatment!r}")
        rules.append(rule)
    for name, condition in conditions.items():
        _check_condition(f"condition {name}", condition, conditions, tables, per_item=True)
    return RuleSet(int(data["version"]), tuple(rules), conditions)


def _rule(raw: Mapping[str, Any]) -> Rule:
    rule_id = str(raw.get("id", "?"))
    try:
        treatments = tuple(raw.get("treatments", ()))
        return Rule(
            id=rule_id,
            version=int(raw["version"]),
            severity=Severity(raw["severity"]),
            category=Category(raw["category"]),
            title=raw["title"],
            condition=raw["condition"],
            message=raw["message"],
            rationale=raw["rationale"],
            sources=tuple(raw["sources"]),
            treatment=raw.get("treatment"),
            treatments=treatments,
            actions=tuple(
                RuleAction(a["treatment"], dict(a.get("details", {})), a.get("label", ""))
                for a in raw.get("actions", ())
            ),
            ask_when_missing=bool(raw.get("ask_when_missing", raw["severity"] in ("block", "warn"))),
            reference=str(raw.get("reference", "")),
            unconfirmed=bool(raw.get("unconfirmed")),
            patient_reason=str(raw.get("patient_reason", "")),
            regions=tuple(raw.get("regions", ())),
            by_region=_wordings(raw.get("by_region", {})),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise RuleError(f"{rule_id}: {exc}") from exc


_WORDED = frozenset({"title", "message", "rationale", "patient_reason", "sources"})


def _wordings(raw: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A rule's wording for other regions; only its words may change there, never its condition."""
    result = {}
    for region, wording in raw.items():
        unknown = set(wording) - _WORDED
        if unknown:
            raise ValueError(f"by_region {region} may change only {sorted(_WORDED)}, not {sorted(unknown)}")
        result[region] = {k: tuple(v) if k == "sources" else str(v) for k, v in wording.items()}
    return result


def _check_condition(
    where: str, condition: Any, named: Mapping[str, Condition], tables: ReferenceTables, *, per_item: bool
) -> None:
    if not isinstance(condition, Mapping) or not condition:
        raise RuleError(f"{where}: a condition must be an object")
    keys = set(condition)
    if keys & set(COMBINATORS):
        (kind,) = keys
        inner = condition[kind]
        if kind == "ref":
            if inner not in named:
                raise RuleError(f"{where}: unknown named condition {inner!r}")
            return
        parts: Sequence[Any] = [inner] if kind == "not" else inner
        for part in parts:
            _check_condition(where, part, named, tables, per_item=per_item)
        return
    ops = keys & set(OPERATORS)
    if len(ops) > 1 or keys - set(OPERATORS) - {"fact", "setting"}:
        raise RuleError(f"{where}: cannot read the condition {dict(condition)!r}")
    if "setting" in condition:
        if condition["setting"] not in REGISTRY:
            raise RuleError(f"{where}: unknown setting {condition['setting']!r}")
    else:
        _check_fact(where, condition["fact"], tables, per_item=per_item)
    for op in ops:
        operand = condition[op]
        if isinstance(operand, Mapping) and "setting" in operand and operand["setting"] not in REGISTRY:
            raise RuleError(f"{where}: unknown setting {operand['setting']!r}")
        if isinstance(operand, Mapping) and "fact" in operand:
            _check_fact(where, operand["fact"], tables, per_item=per_item)


def _check_fact(where: str, reference: str, tables: ReferenceTables, *, per_item: bool) -> None:
    name, arg = split(reference)
    spec = FACTS.get(name)
    if spec is None:
        raise RuleError(f"{where}: unknown fact {name!r}")
    if spec.item and not per_item:
        raise RuleError(f"{where}: {name} is read for a plan item, but the rule is not per item")
    if bool(arg) != bool(spec.arg):
        raise RuleError(f"{where}: {name} {'needs' if spec.arg else 'takes no'} argument")
    if spec.arg in ARG_MANY:
        for part in arg.split("+"):
            if not _known_arg(ARG_MANY[spec.arg], part, tables):
                raise RuleError(f"{where}: {part!r} is not a known argument of {name}")
    elif not _known_arg(spec.arg, arg, tables):
        raise RuleError(f"{where}: {arg!r} is not a known argument of {name}")


def _known_arg(kind: str, arg: str, tables: ReferenceTables) -> bool:
    known = True
    if kind in ARG_LISTS:
        known = arg in tables.vocabulary[ARG_LISTS[kind]]
    elif kind == "drug":
        known = tables.medications.drug(arg) is not None
    elif kind == "treatment":
        known = arg in tables.catalogue
    elif kind == "instrument":
        known = arg in tables.instruments
    elif kind == "days":
        known = arg.isdigit() and int(arg) > 0
    elif kind == "answer":
        code, _, number = arg.partition(".")
        known = code in tables.instruments and number.isdigit()
    return known
