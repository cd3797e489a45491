"""A number typed out of range is kept as typed and refused at its field, never cut to another number."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.editor import HISTORY
from fbss_desktop.gui.widgets.field_errors import message_of
from tests.gui.conftest import click, go_to
from tests.gui.test_consult_editor import no_blocking_questions, patient_window, start_consult, type_into_spin

__all__ = ["no_blocking_questions"]


def test_fifteen_in_a_pain_box_stays_fifteen_and_the_save_is_refused_there(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, HISTORY)
    box = type_into_spin(qtbot, "history.back_nrs_now", editor, "15")
    assert editor.form.fields["history.back_nrs_now"].get() == 15  # not 1
    assert "out of range" in message_of(box) and box.styleSheet()  # said at once, beside the box
    qtbot.wait(20)
    assert box.width() < metrics.FIELD_MESSAGE_MIN_WIDTH  # the message under it is wide, not the box
    click(qtbot, editor.save_button)
    assert "Back pain now must be between 0 and 10" in editor.problems.text()
    assert window.clinic.patients.open(patient.id).consults == []  # nothing saved
    box.selectAll()
    qtbot.keyClicks(box, "7")
    assert editor.form.fields["history.back_nrs_now"].get() == 7 and not box.styleSheet()
    assert message_of(box) == ""  # fixed: the message goes at once
    click(qtbot, editor.save_button)
    assert len(window.clinic.patients.open(patient.id).consults) == 1


def test_the_arrows_stop_at_the_top_of_the_range(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, HISTORY)
    box = type_into_spin(qtbot, "history.back_nrs_now", editor, "9")
    for _ in range(3):
        qtbot.keyClick(box, Qt.Key.Key_Up)
    assert box.value() == 10


def test_a_number_typed_into_a_not_recorded_box_is_kept_and_clearing_it_makes_it_not_recorded(
    open_window, qtbot, tmp_path
):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, HISTORY)
    field = editor.form.fields["history.back_nrs_now"]
    box = field.widget
    assert field.get() is None
    box.setFocus()
    box.lineEdit().end(False)  # the cursor after the "—", where a click leaves it
    qtbot.keyClicks(box, "6")
    assert field.get() == 6
    qtbot.keyClick(box, Qt.Key.Key_Backspace)
    assert field.get() is None  # back to "not recorded", not 0
