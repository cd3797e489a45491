"""The plan's side of the decision support: the acknowledgements the plan stores (who, when and why) and the
flag each item carries for its worst unacknowledged finding.

Plain functions over the plan document and core findings; the plan builder calls them and shows the result.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fbss_desktop.core.findings import Finding, Outcome, Severity


def _key(acknowledgement: dict[str, Any]) -> str:
    return f"{acknowledgement.get('rule')}@{acknowledgement.get('item', '')}"


def acknowledgement(plan: dict[str, Any], finding_key: str) -> dict[str, Any]:
    """The plan's stored acknowledgement of a finding ("R32@i2"), or an empty dict."""
    return next((a for a in plan.get("acknowledgements", []) if _key(a) == finding_key), {})


def acknowledge(plan: dict[str, Any], finding: Finding, *, clinician: str, reason: str, clinician_id: Any) -> None:
    """Record (or replace) in `plan` the acknowledgement of `finding`: who, when and why."""
    kept = [a for a in plan.get("acknowledgements", []) if _key(a) != finding.key]
    kept.append(
        {
            "rule": finding.rule,
            "rule_version": finding.version,
            "item": finding.item or "",
            "severity": finding.severity.value,
            "reason": reason,
            "clinician": clinician,
            "clinician_id": clinician_id,
            "at": dt.datetime.now().isoformat(timespec="seconds"),
        }
    )
    plan["acknowledgements"] = kept


def item_flags(findings: tuple[Finding, ...], acknowledged: set[str]) -> dict[str, tuple[str, int]]:
    """Each item's worst unacknowledged finding that fired (its severity) and how many there are."""
    flags: dict[str, tuple[str, int]] = {}
    for finding in findings:
        if finding.item and finding.outcome is Outcome.FIRED and finding.key not in acknowledged:
            worst, count = flags.get(finding.item, (Severity.INFO.value, 0))
            rank = min(Severity(worst).rank, finding.severity.rank)
            flags[finding.item] = (list(Severity)[rank].value, count + 1)
    return flags
