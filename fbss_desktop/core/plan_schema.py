"""The plan document's fields, declared once: the plan itself, its items, goals and acknowledgements, with
path, kind, label, unit, range and the values a field may take.

From these come the plan's part of the case-file JSON Schema (case_schema.py) and the labels and ranges a
screen or a message may quote (`spec`). The plan reader (plan_document.py `read_plan`) still reads each field
by hand; tests/core/test_case_schema.py holds it to the ranges and keys declared here. A treatment's details
are declared per treatment in resources/clinical/treatments.json (core/treatments.py `DetailField`).
"""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.fields import KINDS, WRITTEN_WITH, FieldSpec, list_of
from fbss_desktop.core.findings import Severity
from fbss_desktop.core.plan_document import MAX_PHASES, NOTE_MAX, PLAN_VERSION, TEXT_MAX
from fbss_desktop.core.plans import GOAL_KINDS, GOAL_MEASURES, ItemStatus, PlanStatus


def _row(section: str) -> Any:
    def declare(key: str, kind: str, label: str, **extra: Any) -> FieldSpec:
        return FieldSpec(section, key, kind, label, **extra)

    return declare


_p = _row("plan")
PLAN: tuple[FieldSpec, ...] = (
    _p("written_with", "custom", "Resource versions", json=WRITTEN_WITH),
    _p("plan_version", "custom", "Plan version", json={"const": PLAN_VERSION}),
    _p("status", "custom", "Status", json={"enum": [s.value for s in PlanStatus]}),
    _p(
        "phases",
        "custom",
        "Phases",
        json={"type": "array", "maxItems": MAX_PHASES, "items": {"type": "string", "minLength": 1}},
    ),
    _p("items", "custom", "Treatments", json=list_of("plan_item")),
    _p("goals", "custom", "Goals", json=list_of("goal")),
    _p("follow_up_weeks", "integer", "Follow-up in", unit="weeks", low=1, high=104, what="Follow-up"),
    _p("acknowledgements", "custom", "Acknowledged findings", json=list_of("acknowledgement")),
    _p("note", "text", "Plan note", limit=NOTE_MAX, what="The plan note"),
    _p("finalized_at", "custom", "Finalized at", json={"type": ["string", "null"]}),
    _p("finalized_by", "text", "Finalized by", limit=TEXT_MAX, what="The name"),
)

_i = _row("plan_item")
PLAN_ITEM: tuple[FieldSpec, ...] = (
    # the item's reference inside the plan (i1, i2...), which findings and acknowledgements name
    _i("key", "custom", "Key", required=True, json={"type": "string", "pattern": "^i[0-9]+$"}),
    # a code of the treatment catalogue (resources/clinical/treatments.json)
    _i("treatment", "custom", "Treatment", required=True, json={"type": "string", "pattern": "^[A-Z_]+$"}),
    # 1 is the plan's first phase; the highest is the plan's number of phases (by default the treatment's own)
    _i("phase", "custom", "Phase", low=1, what="Phase", json={"type": "integer", "minimum": 1}),
    _i("status", "custom", "Status", json={"enum": [s.value for s in ItemStatus]}),  # "planned" by default
    _i("details", "custom", "Details", json={"type": "object"}),  # as the catalogue declares for the treatment
    _i("reason", "text", "Reason", limit=TEXT_MAX, what="The reason"),
    _i("note", "text", "Note", limit=TEXT_MAX, what="The note"),
)

_g = _row("goal")
GOAL: tuple[FieldSpec, ...] = (
    _g("kind", "custom", "Kind of goal", required=True, json={"enum": list(GOAL_KINDS)}),
    _g("text", "text", "Goal", limit=TEXT_MAX, what="The goal"),
    _g("measure", "custom", "Measured by", json={"enum": ["", *GOAL_MEASURES]}),
    # the highest target is the measure's (plans.GOAL_MEASURES)
    _g("target", "number", "Target", low=0, what="The target"),
    _g("due_weeks", "integer", "Due in", unit="weeks", low=1, high=104, what="Weeks"),
)

_a = _row("acknowledgement")
ACKNOWLEDGEMENT: tuple[FieldSpec, ...] = (
    _a("rule", "custom", "Rule", required=True, json=KINDS["choice"]),
    _a("rule_version", "custom", "Rule version", json={"type": "integer"}),
    _a("item", "custom", "Plan item", json=KINDS["choice"]),  # the item's key, or "" for the consult
    _a("severity", "custom", "Severity", json={"enum": [s.value for s in Severity]}),
    _a("reason", "text", "Reason", limit=TEXT_MAX, what="The reason", required=True),  # a block needs one
    _a("clinician", "text", "Clinician", limit=TEXT_MAX, what="The clinician"),
    _a("clinician_id", "custom", "Clinician", exported=False),  # a database id; the case file keeps the name
    _a("at", "custom", "Acknowledged at", json={"type": "string"}),
)

ROWS: dict[str, tuple[FieldSpec, ...]] = {
    "plan": PLAN,
    "plan_item": PLAN_ITEM,
    "goal": GOAL,
    "acknowledgement": ACKNOWLEDGEMENT,
}
_BY_PATH = {s.path: s for section in ROWS.values() for s in section}


def spec(path: str) -> FieldSpec:
    """The declared plan field at `path` ("plan.follow_up_weeks", "goal.due_weeks")."""
    return _BY_PATH[path]
