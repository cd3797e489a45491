"""What changed between two versions of a plan, in words a clinician or the front desk reads at a glance."""

from __future__ import annotations

from typing import Any

from fbss_desktop.core.plans import PlanItem, TreatmentPlan
from fbss_desktop.core.treatments import TreatmentCatalogue


def _label(item: PlanItem, catalogue: TreatmentCatalogue) -> str:
    treatment = catalogue.get(item.treatment)
    return treatment.label if treatment else item.treatment


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return "none" if value in (None, "") else str(value).replace("_", " ")


def plan_changes(old: TreatmentPlan, new: TreatmentPlan, catalogue: TreatmentCatalogue) -> tuple[str, ...]:
    """Added, removed and changed treatments (matched by item key), goals and follow-up."""
    lines = []
    before = {i.key: i for i in old.items}
    after = {i.key: i for i in new.items}
    for key, item in after.items():
        if key not in before:
            lines.append(f"Added {_label(item, catalogue)}")
    for key, item in before.items():
        if key not in after:
            lines.append(f"Removed {_label(item, catalogue)}")
    for key in before.keys() & after.keys():
        was, now = before[key], after[key]
        parts = []
        if was.status != now.status:
            parts.append(f"{was.status.value} → {now.status.value}")
        if was.phase != now.phase:
            parts.append(f"phase {was.phase} → {now.phase}")
        for detail in sorted(set(was.details) | set(now.details)):
            if was.details.get(detail) != now.details.get(detail):
                parts.append(
                    f"{detail.replace('_', ' ')} {_value(was.details.get(detail))} → {_value(now.details.get(detail))}"
                )
        if parts:
            lines.append(f"Changed {_label(now, catalogue)}: {'; '.join(parts)}")
    if old.goals != new.goals:
        lines.append("Goals changed")
    if old.follow_up_weeks != new.follow_up_weeks:
        lines.append(f"Follow-up {_value(old.follow_up_weeks)} → {_value(new.follow_up_weeks)} weeks")
    if old.note != new.note:
        lines.append("Note changed")
    return tuple(
        sorted(
            lines,
            key=lambda line: (
                ("Added", "Removed", "Changed").index(line.split()[0])
                if line.split()[0] in ("Added", "Removed", "Changed")
                else 3
            ),
        )
    )
