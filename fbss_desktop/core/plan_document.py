"""The plan document (a JSON-shaped dict) <-> the typed TreatmentPlan, with validation at every field.

The plan document travels inside the consult editor's document under "plan", so error paths start with
"plan." ("plan.items[2].details.region", "plan.goals[0].target"). A draft may leave required details
empty; finalizing needs them, a follow-up interval and at least one item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from fbss_desktop.core.document_reader import DocumentReader, tracked
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.medications import MedicationList
from fbss_desktop.core.plans import (
    GOAL_KINDS,
    GOAL_MEASURES,
    Acknowledgement,
    Goal,
    ItemStatus,
    PlanItem,
    PlanStatus,
    TreatmentPlan,
)
from fbss_desktop.core.spine import normalize_segment
from fbss_desktop.core.text import sentence
from fbss_desktop.core.treatments import DetailField, Treatment, TreatmentCatalogue

PLAN_VERSION = 1
TEXT_MAX = 500
NOTE_MAX = 4000
MAX_PHASES = 6


@dataclass(frozen=True)
class PlanContext:
    catalogue: TreatmentCatalogue
    medications: MedicationList

    @property
    def written_with(self) -> dict[str, int]:
        """The versions of the resources a plan is read and written with, recorded in the document."""
        return {"catalogue": self.catalogue.version, "medications": self.medications.version}


def empty_plan(catalogue: TreatmentCatalogue) -> dict[str, Any]:
    return {"status": "draft", "phases": list(catalogue.phases), "items": [], "goals": [], "acknowledgements": []}


class _Reader(DocumentReader):
    def __init__(self, context: PlanContext, finalizing: bool) -> None:
        super().__init__()
        self.context = context
        self.finalizing = finalizing


def parse_plan(document: Mapping[str, Any], context: PlanContext, *, finalizing: bool = False) -> TreatmentPlan:
    """Validate a plan document; raise ValidationError keyed by "plan.…" paths, or return the plan."""
    plan, errors = read_plan(document, context, finalizing=finalizing)
    if errors:
        raise ValidationError(errors)
    return plan


def read_plan(
    document: Mapping[str, Any], context: PlanContext, *, finalizing: bool = False
) -> tuple[TreatmentPlan, dict[str, str]]:
    """The plan as far as it can be read, and the problems found (for live decision support on a draft)."""
    reader = _Reader(context, finalizing)
    document = tracked(document, "plan")
    version = document.get("plan_version", PLAN_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version > PLAN_VERSION:
        reader.fail("plan.plan_version", "This plan was written by a newer FBSS Desktop; update to open it.")
    reader.written_with(document, "written_with")
    phases = _phases(reader, document)
    items = []
    keys: set[str] = set()
    for i, raw in enumerate(reader.items(document, "items", "plan.items")):
        item = _item(reader, raw, f"plan.items[{i}]", len(phases))
        if item is None:
            continue
        if item.key in keys:
            reader.fail(f"plan.items[{i}]", f"Two plan items share the key {item.key}.")
            continue
        keys.add(item.key)
        items.append(item)
    goals = [
        goal
        for i, raw in enumerate(reader.items(document, "goals", "plan.goals"))
        if (goal := _goal(reader, raw, f"plan.goals[{i}]")) is not None
    ]
    follow_up = reader.number_value(
        document.get("follow_up_weeks"), "plan.follow_up_weeks", 1, 104, "Follow-up", integer=True
    )
    acknowledgements = [
        ack
        for i, raw in enumerate(reader.items(document, "acknowledgements", "plan.acknowledgements"))
        if (ack := _acknowledgement(reader, raw, f"plan.acknowledgements[{i}]")) is not None
    ]
    status_text = document.get("status") or "draft"
    if status_text not in ("draft", "finalized"):
        reader.fail("plan.status", "A plan is a draft or finalized.")
        status_text = "draft"
    if finalizing:
        if not items:
            reader.fail("plan.items", "Add at least one treatment before finalizing the plan.")
        if follow_up is None:
            reader.fail("plan.follow_up_weeks", "Set the follow-up interval before finalizing the plan.")
    finalized_at = _datetime(reader, document.get("finalized_at"), "plan.finalized_at")
    plan = TreatmentPlan(
        phases=phases,
        items=tuple(items),
        goals=tuple(goals),
        follow_up_weeks=int(follow_up) if follow_up is not None else None,
        acknowledgements=tuple(acknowledgements),
        status=PlanStatus(status_text),
        note=reader.text(document, "note", "plan.note", NOTE_MAX, "The plan note"),
        finalized_at=finalized_at,
        finalized_by=reader.text(document, "finalized_by", "plan.finalized_by", TEXT_MAX, "The name"),
    )
    reader.refuse_unread(document)
    return plan, reader.errors


def _phases(reader: _Reader, document: Mapping[str, Any]) -> tuple[str, ...]:
    raw = reader.items(document, "phases", "plan.phases")
    phases = []
    for i, title in enumerate(raw):
        if not isinstance(title, str) or not title.strip():
            reader.fail(f"plan.phases[{i}]", "Give the phase a title.")
            phases.append(f"Phase {i + 1}")
        else:
            phases.append(title.strip()[:80])
    if len(phases) > MAX_PHASES:
        reader.fail("plan.phases", f"A plan has at most {MAX_PHASES} phases.")
    return tuple(phases) or reader.context.catalogue.phases


def _item(reader: _Reader, raw: Any, path: str, phase_count: int) -> PlanItem | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a plan item here.")
        return None
    code = raw.get("treatment")
    treatment = reader.context.catalogue.get(code) if isinstance(code, str) else None
    if treatment is None:
        reader.fail(path + ".treatment", f"'{code}' is not in the treatment catalogue.")
        return None
    key = raw.get("key")
    if not isinstance(key, str) or not key.strip():
        reader.fail(path, "The plan item has no key.")
        return None
    phase = reader.number_value(
        raw.get("phase", treatment.default_phase), path + ".phase", 1, phase_count, "Phase", integer=True
    )
    status_text = raw.get("status") or "planned"
    if status_text not in {s.value for s in ItemStatus}:
        reader.fail(path + ".status", "The status is planned, scheduled, done or stopped.")
        status_text = "planned"
    details = _details(reader, treatment, raw.get("details"), path + ".details")
    return PlanItem(
        key=key.strip(),
        treatment=treatment.code,
        phase=int(phase) if phase is not None else min(treatment.default_phase, phase_count),
        status=ItemStatus(status_text),
        details=details,
        reason=reader.text(raw, "reason", path + ".reason", TEXT_MAX, "The reason"),
        note=reader.text(raw, "note", path + ".note", TEXT_MAX, "The note"),
    )


def _details(reader: _Reader, treatment: Treatment, raw: Any, path: str) -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected the treatment's details here.")
        return {}
    for key in raw:
        if treatment.detail(key) is None:
            reader.fail(f"{path}.{key}", f"{treatment.label} has no detail '{key}'.")
    details: dict[str, Any] = {}
    for spec in treatment.details:
        where = f"{path}.{spec.key}"
        value = _detail(reader, spec, raw.get(spec.key), where)
        if value is None or value == "" or value == []:
            if spec.required and reader.finalizing:
                reader.fail(where, f"{treatment.label}: fill in {spec.label.lower()} before finalizing.")
            continue
        details[spec.key] = value
    return details


def _detail(reader: _Reader, spec: DetailField, value: Any, where: str) -> Any:
    context = reader.context
    if value is None or value == "" or value == []:
        return None
    if spec.kind == "number":
        low = spec.low if spec.low is not None else 0
        high = spec.high if spec.high is not None else 1e6
        return reader.number_value(value, where, low, high, spec.label, integer=spec.integer)
    if spec.kind == "text":
        return reader.text({"v": value}, "v", where, TEXT_MAX, spec.label)
    if spec.kind == "choice":
        choices = context.catalogue.choices[spec.choices]
        if value not in choices:
            reader.fail(where, f"'{value}' is not a choice for {spec.label.lower()}.")
            return None
        return value
    if spec.kind == "codes":
        choices = context.catalogue.choices[spec.choices]
        values = value if isinstance(value, list) else [value]
        wrong = [v for v in values if v not in choices]
        if wrong:
            reader.fail(where, f"'{wrong[0]}' is not a choice for {spec.label.lower()}.")
        return [c for c in choices.codes if c in values]
    if spec.kind == "levels":
        values = value if isinstance(value, list) else [value]
        levels = []
        for v in values:
            try:
                levels.append(normalize_segment(str(v)))
            except ValueError as exc:
                reader.fail(where, sentence(str(exc)))
        return list(dict.fromkeys(levels))
    if spec.kind == "steroid":
        if context.catalogue.steroid(str(value)) is None:
            reader.fail(where, f"'{value}' is not a listed steroid.")
            return None
        return value
    # a drug: a code or a name from the medication list, of the class (or in the list) the field allows
    drug = context.medications.drug(str(value)) or context.medications.find(str(value))
    allowed = drug is not None and (
        (spec.drug_class and spec.drug_class in drug.classes) or (spec.drugs and drug.code in spec.drugs)
    )
    if drug is None or not allowed:
        reader.fail(where, f"'{value}' is not a {spec.label.lower()} this treatment lists.")
        return None
    return drug.code


def goal_problems(raw: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with one goal as typed, keyed by its field ("target"), in the words the save would use:
    the goal form refuses it at Add, not only at the save."""
    reader = _Reader(cast(PlanContext, None), False)  # a goal reads nothing of the context
    _goal(reader, raw, "goal")
    return {path.partition(".")[2] or path: message for path, message in reader.errors.items()}


def _goal(reader: _Reader, raw: Any, path: str) -> Goal | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected a goal here.")
        return None
    kind = raw.get("kind") or ""
    if kind not in GOAL_KINDS:
        reader.fail(path + ".kind", "Choose the kind of goal.")
    text = reader.text(raw, "text", path + ".text", TEXT_MAX, "The goal")
    measure = raw.get("measure") or ""
    target = None
    if not measure and raw.get("target") not in (None, ""):
        reader.fail(path + ".measure", "Pick the measure the target is for.")
    if measure:
        if measure not in GOAL_MEASURES:
            reader.fail(path + ".measure", f"'{measure}' is not a measure a goal can use.")
        else:
            label, high = GOAL_MEASURES[measure]
            target = reader.number_value(raw.get("target"), path + ".target", 0, high, "The target", integer=False)
            if target is None and raw.get("target") in (None, ""):
                reader.fail(path + ".target", f"Give the value {label.lower()} should reach.")
    due = reader.number_value(raw.get("due_weeks"), path + ".due_weeks", 1, 104, "Weeks", integer=True)
    if not text and not measure:
        reader.fail(path + ".text", "Say what the goal is, or pick a measure and a target.")
    if kind not in GOAL_KINDS:
        return None
    return Goal(kind, text, measure, float(target) if target is not None else None, int(due) if due else None)


def _acknowledgement(reader: _Reader, raw: Any, path: str) -> Acknowledgement | None:
    if not isinstance(raw, Mapping):
        reader.fail(path, "Expected an acknowledgement here.")
        return None
    rule = raw.get("rule")
    if not isinstance(rule, str) or not rule:
        reader.fail(path + ".rule", "The acknowledgement names no rule.")
        return None
    reason = reader.text(raw, "reason", path + ".reason", TEXT_MAX, "The reason")
    severity = str(raw.get("severity") or "warn")
    if severity == "block" and not reason:
        reader.fail(path + ".reason", "A blocking finding needs a written reason.")
    at = _datetime(reader, raw.get("at"), path + ".at")
    clinician_id = raw.get("clinician_id")
    return Acknowledgement(
        rule=rule,
        item=str(raw.get("item") or ""),
        severity=severity,
        reason=reason,
        clinician=reader.text(raw, "clinician", path + ".clinician", TEXT_MAX, "The clinician"),
        at=at or dt.datetime(1970, 1, 1),
        clinician_id=clinician_id if isinstance(clinician_id, int) else None,
        rule_version=int(raw.get("rule_version") or 1),
    )


def _datetime(reader: _Reader, value: Any, path: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(value))
    except ValueError:
        reader.fail(path, "Expected a date and time (YYYY-MM-DDTHH:MM:SS).")
        return None


def dump_plan(plan: TreatmentPlan, written_with: Mapping[str, int] | None = None) -> dict[str, Any]:
    """The normalized plan document; `written_with` records the resource versions it was checked against."""
    return ({"written_with": dict(written_with)} if written_with else {}) | {
        "plan_version": PLAN_VERSION,
        "status": plan.status.value,
        "phases": list(plan.phases),
        "items": [
            {
                "key": i.key,
                "treatment": i.treatment,
                "phase": i.phase,
                "status": i.status.value,
                "details": dict(i.details),
                "reason": i.reason,
                "note": i.note,
            }
            for i in plan.items
        ],
        "goals": [
            {"kind": g.kind, "text": g.text, "measure": g.measure, "target": g.target, "due_weeks": g.due_weeks}
            for g in plan.goals
        ],
        "follow_up_weeks": plan.follow_up_weeks,
        "acknowledgements": [
            {
                "rule": a.rule,
                "rule_version": a.rule_version,
                "item": a.item,
                "severity": a.severity,
                "reason": a.reason,
                "clinician": a.clinician,
                "clinician_id": a.clinician_id,
                "at": a.at.isoformat(timespec="seconds"),
            }
            for a in plan.acknowledgements
        ],
        "note": plan.note,
        "finalized_at": plan.finalized_at.isoformat(timespec="seconds") if plan.finalized_at else None,
        "finalized_by": plan.finalized_by,
    }
