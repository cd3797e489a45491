"""The mouse wheel scrolls the consult page; it never changes a field the user is not editing."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from fbss_desktop.gui.consult.editor import EXAM, HISTORY
from tests.gui.conftest import click, go_to
from tests.gui.test_consult_editor import no_blocking_questions, patient_window, start_consult

__all__ = ["no_blocking_questions"]  # the fixture, used by these tests too

NOTCH = 120  # one notch of a mouse wheel, in eighths of a degree


def turn_wheel(widget: QWidget, notches: int) -> None:
    """One turn of the wheel with the pointer over `widget`."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(widget.rect().center())),
        QPoint(),
        QPoint(0, NOTCH * notches),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_a_strength_box_leaves_it_as_it_was_even_with_the_focus(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    editor.resize(1366, 700)
    go_to(qtbot, editor, EXAM)
    field = editor.form.fields["exam.motor.L4.left"]
    assert field.get() is None
    editor.form.fields["reason"].widget.setFocus()  # typing elsewhere, the pointer resting over the box
    assert field.widget.focusPolicy() != Qt.FocusPolicy.WheelFocus  # the wheel does not give it focus
    turn_wheel(field.widget, -1)
    turn_wheel(field.widget, 1)
    assert field.get() is None and not editor.dirty  # nothing recorded, no motor finding
    click(qtbot, field.widget)  # the box has the focus (a click, or Tab from the box before): still no change
    turn_wheel(field.widget, 1)
    assert field.get() is None and not editor.dirty


def test_the_wheel_over_smoking_does_not_change_it(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, HISTORY)
    smoking = editor.form.fields["history.smoking"]
    combo = smoking.widget
    combo.setCurrentIndex(1)
    chosen = smoking.get()
    editor.form.fields["reason"].widget.setFocus()
    turn_wheel(combo, -1)
    turn_wheel(combo, -1)
    assert smoking.get() == chosen
