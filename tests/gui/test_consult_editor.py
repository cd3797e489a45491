"""The consult editor on a real window and database: filling by keyboard and mouse, saving, errors at their
fields, autosave and restore after a crash, carry-forward confirmation, signing and amending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QSpinBox, QTableView, QToolButton

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.gui.consult.editor import EXAM, HISTORY, MEDICATIONS, QUESTIONNAIRES, ConsultEditor
from fbss_desktop.gui.consult.lists import RowTableModel
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.gui.widgets.field_errors import message_of
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.recovery import RecoveryStore
from tests.conftest import TODAY
from tests.gui.conftest import (
    activate,
    answer_message_box,
    click,
    click_row,
    click_tab,
    find_patient,
    go_to,
    tick,
    type_text,
)

# Typing a medication's name opens its completer popup, which the offscreen platform cannot give the keyboard.
typing_a_medication = pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard", extend=True)


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A question nobody answers would block the test run: unless a test says otherwise, discard."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def patient_window(open_window, qtbot, tmp_path, demo=0):
    window = open_window(demo=demo, recovery_dir=tmp_path / "recovery")
    clinic = window.clinic
    patient, _ = clinic.patients.save(
        PatientInput(mrn="K-1", family_name="Ortega", given_names="Lucía", date_of_birth="1968-03-14", sex="F")
    )
    clinic.patients.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    find_patient(qtbot, window, "K-1")
    return window, patient


def start_consult(window, qtbot, *, carry_forward=False) -> ConsultEditor:
    """New consult ▸ Start blank, or ▸ Carry forward from the last consult (the New consult button's menu)."""
    action = window.panel.carry_action if carry_forward else window.panel.blank_action
    assert action.isEnabled()
    before = set(window.editors.values())
    action.trigger()
    (editor,) = set(window.editors.values()) - before
    qtbot.addWidget(editor)
    return editor


def child(editor, kind, name):
    found = editor.findChild(kind, name)
    assert found is not None, name
    return found


def type_into_spin(qtbot, field_name, editor, text):
    box = child(editor, QSpinBox, field_name)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)
    return box


def type_into(qtbot, editor, path, text):
    type_text(qtbot, editor.form.fields[path].widget, text)


def add_medication(qtbot, editor, name, dose, per_day):
    """Fill the medication row and press Enter, which adds it (the Medications section must be open)."""
    row = editor.form.fields["history.medications"].row_form.fields
    qtbot.keyClicks(row["name"].widget, name)
    suggestions = row["name"].widget.completer().popup()  # open while it holds a suggestion: keys go there
    qtbot.keyClick(suggestions if suggestions.isVisible() else row["name"].widget, Qt.Key.Key_Tab)  # on to dose
    qtbot.keyClicks(row["dose"].widget, dose)
    qtbot.keyClicks(row["per_day"].widget, per_day)
    qtbot.keyClick(row["name"].widget, Qt.Key.Key_Return)  # Enter adds the row


def answer_odi(qtbot, editor, answers):
    for i, value in enumerate(answers):
        qtbot.mouseClick(
            child(editor, QToolButton, f"questionnaires.odi.{item_code(editor, 'odi', i)}:{value}"),
            Qt.MouseButton.LeftButton,
        )


@typing_a_medication
def test_a_consult_filled_by_keyboard_and_mouse_is_saved_in_one_go(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    assert editor.form.fields["consult_date"].get() == "2026-11-21"

    type_into_spin(qtbot, "history.back_nrs_now", editor, "6")
    type_into_spin(qtbot, "history.leg_nrs_now", editor, "8")
    qtbot.mouseClick(child(editor, QToolButton, "history.numbness:yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(editor, QPushButton, "history.red_flags:all_no"), Qt.MouseButton.LeftButton)

    go_to(qtbot, editor, MEDICATIONS)
    add_medication(qtbot, editor, "Oxycodone", "10", "3")
    assert editor.form.fields["history.medications"].get()[0]["name"] == "Oxycodone"
    assert "45 morphine milligram equivalents" in editor.mme_label.text()

    go_to(qtbot, editor, EXAM)
    qtbot.mouseClick(child(editor, QPushButton, "exam.motor:all5"), Qt.MouseButton.LeftButton)
    type_into_spin(qtbot, "exam.motor.L5.left", editor, "4")
    for test in ("thigh_thrust", "distraction", "compression"):
        qtbot.mouseClick(child(editor, QToolButton, f"exam.sij_tests.{test}:yes"), Qt.MouseButton.LeftButton)
    assert editor.sij_label.text() == "3 of 6 positive (positive cluster)"

    go_to(qtbot, editor, QUESTIONNAIRES)
    answer_odi(qtbot, editor, [3, 2, 3, 2, 3, 2, 2, 2, 2, 2])
    assert editor.questionnaire_tabs.tabText(0) == "ODI 46%"
    assert editor.questionnaires["odi"].result.text() == "ODI 46% (severe disability)"

    activate(qtbot, editor)
    qtbot.keyClick(editor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
    assert not editor.dirty and editor.consult_id is not None
    stored = window.clinic.consults.open(editor.consult_id).document
    assert stored["history"]["back_nrs_now"] == 6 and stored["history"]["numbness"] is True
    assert stored["history"]["red_flags"]["saddle_numbness"] is False
    assert window.clinic.consults.check(patient.id, stored).history.total_mme_per_day == 45.0
    assert stored["exam"]["motor"]["L5"] == {"left": 4, "right": 5}
    assert stored["exam"]["sij_positive"] == 3
    assert stored["questionnaires"]["odi"]["total"] == 46.0
    assert window.panel.consult_model.rowCount() == 1  # the panel refreshed


def item_code(editor, instrument, index):
    return editor.questionnaires[instrument].instrument.items[index].code


def test_phq9_item_nine_shows_its_alert_at_once(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, QUESTIONNAIRES)
    click_tab(qtbot, editor.questionnaire_tabs, 1)
    phq = editor.questionnaires["phq9"]
    row = phq.rows[8]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_1)
    assert phq.alert.isVisibleTo(editor) and "same-day" in phq.alert.text()
    assert editor.questionnaire_tabs.tabText(1).startswith("⚠")
    qtbot.keyClick(row, Qt.Key.Key_Delete)
    assert not phq.alert.isVisibleTo(editor)


def test_a_refused_save_marks_each_wrong_field_keeps_everything_and_saves_nothing(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    type_into(qtbot, editor, "history.egfr", "9999")  # letters are refused as typed; a number out of range is kept
    go_to(qtbot, editor, EXAM)
    type_into(qtbot, editor, "exam.temperature_c", "45")
    click(qtbot, editor.save_button)
    assert editor.consult_id is None and window.clinic.patients.open(patient.id).consults == []
    assert "between 1 and 200" in editor.form.fields["history.egfr"].widget.toolTip()
    assert "between 34 and 43" in editor.form.fields["exam.temperature_c"].widget.toolTip()
    assert editor.nav.item(HISTORY).text().startswith("⚠") and editor.nav.item(EXAM).text().startswith("⚠")
    assert editor.problems.text().startswith("Not saved:")
    assert editor.form.fields["history.egfr"].widget.text() == "9999"  # nothing typed is lost
    go_to(qtbot, editor, HISTORY)
    type_into(qtbot, editor, "history.egfr", "48")
    go_to(qtbot, editor, EXAM)
    type_into(qtbot, editor, "exam.temperature_c", "37.1")
    click(qtbot, editor.save_button)
    assert editor.consult_id is not None and not editor.nav.item(HISTORY).text().startswith("⚠")


@typing_a_medication
def test_a_wrong_medication_row_is_selected_and_its_field_marked(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    medications = editor.form.fields["history.medications"]
    go_to(qtbot, editor, MEDICATIONS)
    add_medication(qtbot, editor, "Ibuprofen", "400", "3")
    add_medication(qtbot, editor, "Gabapentin", "300", "40")  # refused at Add, beside the field, as the save would
    assert [row["name"] for row in medications.get()] == ["Ibuprofen"]
    per_day = medications.row_form.fields["per_day"].widget
    assert "between 0.1 and 24" in message_of(per_day)
    per_day.selectAll()
    qtbot.keyClicks(per_day, "2")
    assert message_of(per_day) == ""  # the message goes as the value is changed
    # A wrong row that came another way (a consult from an older version) is still found at the save.
    medications.set([*medications.get(), {"name": "Gabapentin", "drug": "gabapentin", "dose": 300, "per_day": 40}])
    go_to(qtbot, editor, HISTORY)
    click(qtbot, editor.save_button)
    assert editor.nav.currentRow() == MEDICATIONS
    assert medications.selected_row() == 1
    assert "between 0.1 and 24" in medications.row_form.fields["per_day"].widget.toolTip()
    assert "row 2" in medications.message.text()


def test_autosave_survives_a_crash_and_the_next_start_restores_it(open_window, qtbot, tmp_path):
    # A clinic in use (the demo clinic has a name and clinicians): starting again asks no set-up questions.
    window, patient = patient_window(open_window, qtbot, tmp_path, demo=1)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.leg_nrs_now", editor, "7")
    type_into(qtbot, editor, "reason", "Autosaved reason")
    go_to(qtbot, editor, EXAM)  # a section change autosaves at once
    store = RecoveryStore(tmp_path / "recovery", window.clinic.database_key)
    (saved,) = store.pending()
    assert saved.patient_id == patient.id and saved.document["history"]["leg_nrs_now"] == 7
    assert list((tmp_path / "recovery").iterdir())[0].name == f"{editor.token}.json"  # no patient name

    # The crash: the editor vanishes without closing; the next start opens a new window on the same database,
    # which asks about the autosaved consult; the user presses Restore.
    editor.autosave_timer.stop()
    window.editors.clear()
    restore = answer_message_box("Restore")
    again = open_window(recovery_dir=tmp_path / "recovery", interactive=True)
    restore.check(qtbot)
    (restored,) = again.editors.values()
    qtbot.addWidget(restored)
    assert restored.dirty and restored.form.fields["reason"].get() == "Autosaved reason"
    assert restored.form.fields["history.leg_nrs_now"].get() == 7
    click(qtbot, restored.save_button)
    assert store.pending() == []  # saving removes the autosave copy
    assert again.clinic.consults.open(restored.consult_id).document["reason"] == "Autosaved reason"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_editor(open_window, qtbot, tmp_path, monkeypatch):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.back_nrs_now", editor, "5")
    go_to(qtbot, editor, EXAM)  # autosaves
    store = RecoveryStore(tmp_path / "recovery", window.clinic.database_key)
    assert len(store.pending()) == 1
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[2])
            return choice

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    click(qtbot, editor.close_button)
    assert editor.isVisible() and window.editors != {}
    assert "not saved" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    click(qtbot, editor.close_button)
    assert not editor.isVisible() and len(asked) == 2
    assert store.pending() == []
    assert window.editors == {}


def test_closing_the_main_window_asks_about_open_unsaved_consults(open_window, qtbot, tmp_path, monkeypatch):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.back_nrs_now", editor, "5")
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **k: asked.append(a[1]) or QMessageBox.StandardButton.Cancel
    )
    window.quit_action.trigger()  # File › Quit
    assert asked == ["Unsaved consult"]
    assert window.isVisible() and editor.isVisible()


@typing_a_medication
def test_carry_forward_must_be_confirmed_before_signing_and_signed_consults_open_read_only(
    open_window, qtbot, tmp_path, monkeypatch
):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    first = start_consult(window, qtbot)
    type_into(qtbot, first, "consult_date", "2026-08-01")
    go_to(qtbot, first, MEDICATIONS)
    add_medication(qtbot, first, "Apixaban", "5", "2")
    click(qtbot, first.save_button)
    assert first.consult_id is not None and not first.dirty
    click(qtbot, first.close_button)
    assert not first.isVisible()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    editor = start_consult(window, qtbot, carry_forward=True)
    assert editor.carry_banner.isVisibleTo(editor) and "2026-08-01" in editor.carry_text.text()
    assert editor.form.fields["history.medications"].get()[0]["name"] == "Apixaban"
    click(qtbot, editor.sign_button)
    assert "Confirm the history" in editor.problems.text() and editor.consult_id is None
    tick(qtbot, editor.confirm_field.box)
    assert editor.confirm_field.get() is True
    click(qtbot, editor.sign_button)
    assert editor.draft.document["status"] == "signed"
    assert not editor.pages.widget(HISTORY).widget().isEnabled() and editor.amend_button.isVisibleTo(editor)
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    assert editor.pages.widget(HISTORY).widget().isEnabled() and editor.save_button.text() == "&Save amendment"


def test_the_patient_panel_opens_a_consult_with_enter_and_shows_the_trend(open_window, qtbot):
    window = open_window(demo=6)
    for row in range(window.patient_model.rowCount()):
        click_row(qtbot, window.patient_view, row)
        if window.panel.consult_model.rowCount() >= 2:
            break
    assert window.panel.trend_box.isVisibleTo(window)
    assert window.panel.chart.series_points  # at least one measure plotted
    assert "→" in window.panel.trend_summary.text()
    view = window.panel.consult_view
    click_row(qtbot, view, 0)
    consult = window.panel.selected_consult()
    assert consult is not None
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert consult.id in window.editors
    qtbot.addWidget(window.editors[consult.id])
    click(qtbot, window.panel.open_consult)  # a second open raises the same editor
    assert len(window.editors) == 1


def test_row_table_model_passes_the_model_tester(qtmodeltester):
    model = RowTableModel([("Name", lambda r: r["name"]), ("Dose", lambda r: str(r["dose"]))])
    model.set_rows([{"name": "Gabapentin", "dose": 300}, {"name": "Ibuprofen", "dose": 400}])
    qtmodeltester.check(model)


def test_record_list_tables_are_model_views(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    assert isinstance(editor.findChild(QTableView, "history.medications:table").model(), RowTableModel)


def test_case_files_export_and_import_from_the_file_menu(open_window, qtbot, tmp_path, monkeypatch):
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    click(qtbot, editor.save_button)
    target = tmp_path / "exported.json"
    offered = []

    def save_file_name(parent, caption, name, filters):
        offered.append(Path(name).name)  # offered in Documents (or the folder last saved to)
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    window.export_case_action.trigger()  # File › Export case file…
    assert offered == ["case-K-1.json"]  # the suggested name carries the MRN, never the name
    assert json.loads(target.read_text("utf-8"))["patient"]["mrn"] == "K-1"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), "Case files (*.json)"))
    window.import_case_action.trigger()  # File › Import case file…
    assert "MRN K-1 is already in this database" in warnings[0]

    other = MainWindow(SyncTaskRunner(), AppEvents(), today=lambda: TODAY)
    other.interactive = False  # a fresh database would open the clinic set-up first
    qtbot.addWidget(other)
    other.open_database(
        lambda: Clinic.open(f"sqlite:///{tmp_path}/other.sqlite3", backup_dir=None, today=lambda: TODAY)
    )
    other.import_case_action.trigger()
    assert other.panel.patient is not None and other.panel.patient.mrn == "K-1"
    assert other.panel.consult_model.rowCount() == 1
    other.close_database()


def test_a_case_file_that_cannot_be_written_says_why(open_window, qtbot, tmp_path, monkeypatch):
    window, _patient = patient_window(open_window, qtbot, tmp_path)
    target = tmp_path / "exports" / "case.json"
    target.mkdir(parents=True)  # a folder already has the name chosen: the file cannot take it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Case files (*.json)"))
    said: list[str] = []
    refused = answer_message_box("OK", said)
    window.export_case_action.trigger()  # File › Export case file…
    refused.check(qtbot)
    assert said[0] == f"Is a directory ({target}). Choose another name or folder, then try again."
    assert [p.name for p in target.parent.iterdir()] == ["case.json"]  # no .part file is left behind


def test_the_next_start_asks_about_each_autosaved_consult(open_window, qtbot, tmp_path):
    # A clinic in use (the demo clinic has a name and clinicians): starting again asks no set-up questions.
    window, patient = patient_window(open_window, qtbot, tmp_path, demo=1)
    editor = start_consult(window, qtbot)
    type_into(qtbot, editor, "reason", "Left before saving")
    go_to(qtbot, editor, EXAM)  # autosaves
    editor.autosave_timer.stop()
    window.editors.clear()  # the crash

    asked = []
    later = answer_message_box("Decide later", asked)
    again = open_window(recovery_dir=tmp_path / "recovery", interactive=True)
    later.check(qtbot)
    assert "Ortega, Lucía" in asked[0] and "was not saved" in asked[0]
    assert again.editors == {} and len(again.recovery.pending()) == 1  # kept for later

    restore = answer_message_box("Restore")
    third = open_window(recovery_dir=tmp_path / "recovery", interactive=True)
    restore.check(qtbot)
    (restored,) = third.editors.values()
    qtbot.addWidget(restored)
    assert restored.form.fields["reason"].get() == "Left before saving"
    click(qtbot, restored.close_button)  # the question is answered Discard (see no_blocking_questions)
    assert not restored.isVisible()

    RecoveryStore(tmp_path / "recovery", again.clinic.database_key).write(
        "f" * 32, patient_id=patient.id, consult_id=None, row_version=0, document={"consult_date": "2026-11-21"}
    )
    discard = answer_message_box("Discard")
    fourth = open_window(recovery_dir=tmp_path / "recovery", interactive=True)
    discard.check(qtbot)
    assert fourth.editors == {} and fourth.recovery.pending() == []


def test_a_reopened_consult_shows_its_scores_in_the_questionnaire_tabs(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, QUESTIONNAIRES)
    answer_odi(qtbot, editor, [3, 2, 3, 2, 3, 2, 2, 2, 2, 2])
    click(qtbot, editor.save_button)
    consult_id = editor.consult_id
    click(qtbot, editor.close_button)
    click_row(qtbot, window.panel.consult_view, 0)
    click(qtbot, window.panel.open_consult)
    reopened = window.editors[consult_id]
    qtbot.addWidget(reopened)
    assert reopened.questionnaire_tabs.tabText(0) == "ODI 46%"
