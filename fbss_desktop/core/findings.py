"""Decision-support findings: what a rule says about a consult and its plan, with its provenance.

A finding names the rule (id and version), its severity and category, the treatment and plan item it
concerns, the message and rationale, its sources, and the inputs that triggered it, so the clinician can
see why. A rule that cannot be decided because an input is missing says which input instead of guessing: a
"needs information" finding, at information severity whatever the rule's own, never blocking or warning.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    BLOCK = "block"
    WARN = "warn"
    SUGGEST = "suggest"
    INFO = "info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @property
    def label(self) -> str:
        return {"block": "Stop and acknowledge", "warn": "Warning", "suggest": "Suggestion", "info": "Information"}[
            self.value
        ]


class Category(StrEnum):
    RED_FLAG = "red_flag"
    CONTRAINDICATION = "contraindication"
    INTERACTION = "interaction"
    PREREQUISITE = "prerequisite"
    FREQUENCY_LIMIT = "frequency_limit"
    DOSE = "dose"
    WORKUP = "workup"
    DOCUMENTATION = "documentation"
    EVIDENCE = "evidence"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Outcome(StrEnum):
    FIRED = "fired"
    NEEDS_INPUT = "needs_input"


@dataclass(frozen=True)
class Input:
    """One fact that led to a finding: what it is and the value it had."""

    fact: str
    label: str
    value: str


@dataclass(frozen=True)
class Action:
    """A plan item a finding proposes, added with one click."""

    treatment: str
    label: str
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    rule: str
    version: int
    severity: Severity
    category: Category
    title: str
    message: str
    rationale: str
    sources: tuple[str, ...]
    treatment: str | None = None
    item: str | None = None
    inputs: tuple[Input, ...] = ()
    missing: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    outcome: Outcome = Outcome.FIRED
    patient_reason: str = ""  # why its suggested treatment is planned, in the patient's words ("" if none)

    def __post_init__(self) -> None:
        if self.outcome is Outcome.NEEDS_INPUT and self.severity in (Severity.BLOCK, Severity.WARN):
            # A question is not a warning: it never blocks a plan, needs no acknowledgement, and is never shown or
            # exported at the severity of the rule that asks it (the engine gives it Severity.INFO).
            raise ValueError(f"{self.rule}: a finding that needs information cannot be {self.severity.value}")

    @property
    def key(self) -> str:
        """Identifies the finding across evaluations, for acknowledgements: rule and plan item."""
        return f"{self.rule}@{self.item or ''}"

    @property
    def needs_acknowledgement(self) -> bool:
        return self.outcome is Outcome.FIRED and self.severity is Severity.BLOCK

    @property
    def can_acknowledge(self) -> bool:
        return self.outcome is Outcome.FIRED and self.severity in (Severity.BLOCK, Severity.WARN)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape `fbss-desktop check` prints."""
        return {
            "rule": self.rule,
            "version": self.version,
            "severity": self.severity.value,
            "category": self.category.value,
            "treatment": self.treatment,
            "item": self.item,
            "outcome": self.outcome.value,
            "title": self.title,
            "message": self.message,
            "rationale": self.rationale,
            "source": "; ".join(self.sources),
            "sources": list(self.sources),
            "inputs": [{"fact": i.fact, "label": i.label, "value": i.value} for i in self.inputs],
            "missing": list(self.missing),
            "actions": [{"treatment": a.treatment, "label": a.label, "details": dict(a.details)} for a in self.actions],
        }
