"""Rule conditions as data, evaluated in three-valued logic: true, false, or unknown for want of an input.

    {"all": [c, ...]}  {"any": [c, ...]}  {"not": c}  {"ref": "named_condition"}
    {"fact": "comorbidity:ckd"}                      (the fact is true)
    {"fact": "renal_function", "lt": 30}             operators: is, in, lt, le, gt, ge, present
    {"fact": "item.esi_count_within:365", "ge": {"setting": "esi.max_per_12_months"}}
    {"fact": "daily_mg:gabapentin", "gt": {"fact": "renal_max:gabapentin"}}
    {"setting": "esi.max_per_6_months", "gt": 0}

"any" is true when one part is true, false when all are false, otherwise unknown; "all" the reverse. An
unknown result carries the inputs that would decide it; a true one carries the facts that made it true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from fbss_desktop.core.findings import Input

OPERATORS = ("is", "in", "lt", "le", "gt", "ge", "present")
COMBINATORS = ("all", "any", "not", "ref")

Condition = Mapping[str, Any]


@dataclass
class Result:
    truth: bool | None
    inputs: list[Input] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


class Resolver(Protocol):
    """What evaluation needs from the facts: a value (or the missing input's name), a label, a display."""

    def value(self, reference: str) -> tuple[Any, str | None]: ...  # (value, missing input or None)

    def label(self, reference: str) -> str: ...

    def show(self, reference: str, value: Any) -> str: ...

    def setting(self, key: str) -> Any: ...


def evaluate(condition: Condition, resolver: Resolver, named: Mapping[str, Condition]) -> Result:
    if "all" in condition:
        return _all([evaluate(c, resolver, named) for c in condition["all"]])
    if "any" in condition:
        return _any([evaluate(c, resolver, named) for c in condition["any"]])
    if "not" in condition:
        inner = evaluate(condition["not"], resolver, named)
        truth = None if inner.truth is None else not inner.truth
        return Result(truth, inner.inputs if truth else [], inner.missing)
    if "ref" in condition:
        return evaluate(named[condition["ref"]], resolver, named)
    return _leaf(condition, resolver)


def _all(parts: list[Result]) -> Result:
    if any(p.truth is False for p in parts):
        return Result(False, [i for p in parts if p.truth is False for i in p.inputs])
    if all(p.truth is True for p in parts):
        return Result(True, [i for p in parts for i in p.inputs])
    return Result(None, [i for p in parts for i in p.inputs], _unique(m for p in parts for m in p.missing))


def _any(parts: list[Result]) -> Result:
    true = [p for p in parts if p.truth is True]
    if true:
        return Result(True, [i for p in true for i in p.inputs])
    if all(p.truth is False for p in parts):
        return Result(False, [i for p in parts for i in p.inputs])
    return Result(None, [], _unique(m for p in parts if p.truth is None for m in p.missing))


def _unique(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _operand(raw: Any, resolver: Resolver) -> tuple[Any, str | None, Input | None]:
    if isinstance(raw, Mapping) and "setting" in raw:
        return resolver.setting(raw["setting"]), None, None
    if isinstance(raw, Mapping) and "fact" in raw:
        value, missing = resolver.value(raw["fact"])
        shown = Input(raw["fact"], resolver.label(raw["fact"]), resolver.show(raw["fact"], value))
        return value, missing, shown
    return raw, None, None


def _compare(op: str, value: Any, operand: Any) -> bool:
    compare: dict[str, Callable[[Any, Any], bool]] = {
        "is": lambda a, b: bool(a == b),
        "in": lambda a, b: a in b,
        "lt": lambda a, b: bool(a < b),
        "le": lambda a, b: bool(a <= b),
        "gt": lambda a, b: bool(a > b),
        "ge": lambda a, b: bool(a >= b),
    }
    return compare[op](value, operand)


def _leaf(condition: Condition, resolver: Resolver) -> Result:
    op = next((o for o in OPERATORS if o in condition), None)
    if "setting" in condition:
        value = resolver.setting(condition["setting"])
        operand, _, _ = _operand(condition[op], resolver) if op else (True, None, None)
        return Result(_compare(op or "is", value, operand))
    reference = condition["fact"]
    value, missing = resolver.value(reference)
    label = resolver.label(reference)
    if op == "present":
        truth = (value is not None and value != [] and value != "") == bool(condition["present"])
        return Result(truth, [Input(reference, label, resolver.show(reference, value))])
    if value is None:
        return Result(None, [], [missing or label])
    operand, operand_missing, operand_input = _operand(condition[op], resolver) if op else (True, None, None)
    if operand is None:
        return Result(None, [], [operand_missing or (operand_input.label if operand_input else "a setting")])
    if isinstance(value, list) and not op:
        truth = bool(value)
    else:
        truth = _compare(op or "is", value, operand)
    inputs = [Input(reference, label, resolver.show(reference, value))]
    if operand_input is not None:
        inputs.append(operand_input)
    return Result(truth, inputs)  # a false leaf keeps its inputs: under "not" they are why it fired
