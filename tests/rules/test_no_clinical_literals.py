"""Clinical numbers live in resources/ (rules, settings, tables) with their sources, never in the facts: a
fact returns a value and the rule data holds the threshold ({"fact": "temperature_c", "ge": 38.0}).

Nor in the consult screens: they show the MME, the SIJ count and derived questionnaire items from core, never
their own arithmetic, and take a range or a grade from core (the consult schema, the questionnaires, the
vocabulary). Their layout numbers are named in gui/metrics.py, outside the package scanned."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "fbss_desktop"
FACTS = PACKAGE / "rules" / "facts"
CONSULT_SCREENS = PACKAGE / "gui" / "consult"


def _numbers(package: Path) -> list[str]:
    """Every number in the package's modules (and its subpackages') but 0 and 1, booleans aside."""
    return [
        f"{path.relative_to(package).as_posix()} line {node.lineno}: {node.value}"
        for path in sorted(package.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text("utf-8")))
        if isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value not in (0, 1)
    ]


def test_the_facts_hold_no_number_other_than_0_and_1():
    assert _numbers(FACTS) == [], "move these thresholds into the rule data, a setting or a reference table"


def test_the_consult_screens_hold_no_number_other_than_0_and_1():
    assert _numbers(CONSULT_SCREENS) == [], (
        "take a clinical number from core (consult_schema's ranges, the questionnaires, the vocabulary) and "
        "name a layout number in gui/metrics.py"
    )


def test_the_scan_sees_every_facts_module():
    names = {path.stem for path in FACTS.rglob("*.py")}
    assert {"__init__", "registry", "patient", "medicines", "plan"} <= names


def test_the_scan_sees_every_consult_screen_module():
    names = {path.relative_to(CONSULT_SCREENS).as_posix() for path in CONSULT_SCREENS.rglob("*.py")}
    assert {"editor.py", "fields.py", "questionnaire_field.py", "pages/examination.py", "pages/history.py"} <= names
