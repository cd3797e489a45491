"""A draft plan that decision support stops is not printed for the patient: the editor says why and where."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fbss_desktop.gui.consult.editor import PLAN
from tests.gui.conftest import activate, click, find_patient, go_to
from tests.gui.test_plan_builder import add_from_catalogue

DEMO_MRN = "D000001"


def test_a_plan_with_an_unacknowledged_block_does_not_print_for_the_patient(open_window, qtbot):
    window = open_window(demo=1)
    find_patient(qtbot, window, DEMO_MRN)
    window.new_consult_action.trigger()
    (editor,) = window.editors.values()
    qtbot.addWidget(editor)
    go_to(qtbot, editor, PLAN)
    add_from_catalogue(qtbot, editor, "stimulator trial", "SCS_TRIAL")  # no psychological evaluation: a stop
    qtbot.waitUntil(lambda: bool(editor.evaluation.unacknowledged_blocks), timeout=3000)
    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not editor.dirty and editor.plan_id is not None

    click(qtbot, editor.print_button)
    assert getattr(editor, "preview", None) is None, "no patient copy is rendered"
    assert "blocking finding" in editor.problems.text() and "acknowledged" in editor.problems.text()
    assert editor.nav.currentRow() == PLAN
