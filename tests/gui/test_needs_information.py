"""The findings panel shows a question as a question: a block or warning rule that cannot be decided for want of
an input is listed under "Needs information", says so in its detail, names the input, and cannot be
acknowledged (issue 16, part 8)."""

from __future__ import annotations

from fbss_desktop.core.findings import Outcome, Severity
from fbss_desktop.services.catalogues import decision_rules
from tests.gui.test_plan_builder import open_scenario, rules_shown, select_finding


def test_a_question_from_a_blocking_rule_is_shown_as_needing_information(open_window, qtbot):
    editor, _window = open_scenario(open_window, qtbot, "apixaban_esi")  # not every red-flag question answered
    questions = {
        rule: finding
        for rule, finding in rules_shown(editor, fired_only=False).items()
        if finding.outcome is Outcome.NEEDS_INPUT
        and decision_rules().rule(rule).severity in (Severity.BLOCK, Severity.WARN)
    }
    assert questions, "the scenario should leave a blocking or warning rule undecided"
    rule = next(r for r, f in questions.items() if decision_rules().rule(r).severity is Severity.BLOCK)
    select_finding(qtbot, editor, rule)
    detail = editor.findings.detail.toPlainText()
    assert "Needs information" in detail and Severity.BLOCK.label not in detail
    assert all(missing in detail for missing in questions[rule].missing)
    assert not editor.findings.acknowledge_button.isEnabled()
    waiting = [f.key for f in editor.findings.findings if f.needs_acknowledgement]
    assert questions[rule].key not in waiting  # the plan can be finalized without answering it
