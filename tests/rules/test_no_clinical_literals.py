"""Clinical numbers live in resources/ (rules, settings, tables) with their sources, never in the facts: a
fact returns a value and the rule data holds the threshold ({"fact": "temperature_c", "ge": 38.0})."""

from __future__ import annotations

import ast
from pathlib import Path

FACTS = Path(__file__).resolve().parents[2] / "fbss_desktop" / "rules" / "facts"


def test_the_facts_hold_no_number_other_than_0_and_1():
    modules = sorted(FACTS.rglob("*.py"))
    found = [
        f"{path.name} line {node.lineno}: {node.value}"
        for path in modules
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value not in (0, 1)
    ]
    assert found == [], "move these thresholds into the rule data, a setting or a reference table"


def test_the_scan_sees_every_facts_module():
    names = {path.stem for path in FACTS.rglob("*.py")}
    assert {"__init__", "registry", "patient", "medicines", "plan"} <= names
