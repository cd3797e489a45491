"""A list row is added once, when the user means it, and a row typed but not added is never lost in silence."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fbss_desktop.gui.consult.editor import MEDICATIONS
from tests.gui.conftest import activate, answer_message_box, choose_data, click, go_to
from tests.gui.test_consult_editor import no_blocking_questions, patient_window, start_consult

__all__ = ["no_blocking_questions"]


def medication_row(editor):
    return editor.form.fields["history.medications"]


def test_enter_on_a_suggestion_takes_it_and_the_next_enter_adds_one_row(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    activate(qtbot, editor)
    go_to(qtbot, editor, MEDICATIONS)
    medicines = medication_row(editor)
    name = medicines.row_form.fields["name"].widget
    name.setFocus()
    qtbot.keyClicks(name, "gaba")
    suggestions = name.completer().popup()
    qtbot.waitUntil(suggestions.isVisible)
    qtbot.keyClick(suggestions, Qt.Key.Key_Down)
    qtbot.keyClick(suggestions, Qt.Key.Key_Return)  # takes "Gabapentin"
    assert medicines.model.rows == [] and name.text() == "Gabapentin"
    qtbot.keyClick(name, Qt.Key.Key_Return)  # adds it
    assert [row["name"] for row in medicines.model.rows] == ["Gabapentin"]
    qtbot.keyClick(name, Qt.Key.Key_Return)  # an empty row editor adds nothing
    assert len(medicines.model.rows) == 1


def typed_not_added(qtbot, editor):
    go_to(qtbot, editor, MEDICATIONS)
    row = medication_row(editor).row_form.fields
    qtbot.keyClicks(row["dose"].widget, "300")
    qtbot.keyClicks(row["per_day"].widget, "3")
    row["name"].widget.setText("Gabapentin")


def test_a_medicine_typed_but_not_added_is_added_when_the_save_asks(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    typed_not_added(qtbot, editor)
    asked = []
    answer = answer_message_box("Add and save", asked)
    click(qtbot, editor.save_button)
    answer.check(qtbot)
    assert "Gabapentin" in asked[0]
    assert editor.consult_id is not None
    stored = window.clinic.consults.open(editor.consult_id).document
    assert [m["name"] for m in stored["history"]["medications"]] == ["Gabapentin"]


def test_cancel_keeps_the_typed_row_and_saves_nothing(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    typed_not_added(qtbot, editor)
    answer = answer_message_box("Cancel")
    click(qtbot, editor.save_button)
    answer.check(qtbot)
    assert editor.consult_id is None and window.clinic.patients.open(patient.id).consults == []
    assert medication_row(editor).row_form.fields["name"].widget.text() == "Gabapentin"


def test_the_allergies_show_above_every_section_as_they_are_recorded(open_window, qtbot, tmp_path):
    """The walkthrough planned an injection without the contrast allergy anywhere in sight."""
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    assert editor.allergy_label.text() == "Allergies: not recorded"
    allergies = editor.form.fields["history.allergies"]
    go_to(qtbot, editor, MEDICATIONS)
    row = allergies.row_form.fields
    choose_data(qtbot, row["substance"].widget, "latex")
    click(qtbot, allergies.add_button)
    assert "Allergies: Latex" in editor.allergy_label.text()


def test_a_listed_medicine_shows_its_class_as_soon_as_it_is_added(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, MEDICATIONS)
    medicines = medication_row(editor)
    row = medicines.row_form.fields
    row["name"].widget.setFocus()
    qtbot.keyClicks(row["name"].widget, "Gabapentin")
    click(qtbot, medicines.add_button)
    model = medicines.model
    klass = [c for c, (title, _text) in enumerate(model.columns) if title == "Class"][0]
    assert model.index(0, klass).data() == "Gabapentinoid"  # before any save fills the classes in
