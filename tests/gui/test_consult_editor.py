"""The consult editor on a real window and database: filling by keyboard and mouse, saving, errors at their
fields, autosave and restore after a crash, carry-forward confirmation, signing and amending."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QPushButton, QSpinBox, QTableView, QToolButton

from fbss_desktop.core.patients import PatientInput
from fbss_desktop.core.surgeries import SurgeryInput
from fbss_desktop.gui.consult.editor import EXAM, HISTORY, MEDICATIONS, QUESTIONNAIRES, ConsultEditor
from fbss_desktop.gui.consult.lists import RowTableModel
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.services.clinic import Clinic
from fbss_desktop.services.recovery import RecoveryStore
from tests.conftest import TODAY


@pytest.fixture(autouse=True)
def no_blocking_questions(monkeypatch):
    """A question nobody answers would block the test run: unless a test says otherwise, discard."""
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)


def patient_window(open_window, tmp_path):
    window = open_window(recovery_dir=tmp_path / "recovery")
    clinic = window.clinic
    patient, _ = clinic.save_patient(
        PatientInput(mrn="K-1", family_name="Ortega", given_names="Lucía", date_of_birth="1968-03-14", sex="F")
    )
    clinic.save_surgery(
        SurgeryInput(patient_id=patient.id, performed="2024-02-12", procedure="DISCECTOMY", levels="L4-L5")
    )
    window.open_patient(patient.id)
    return window, patient


def start_consult(window, qtbot, *, carry_forward=False) -> ConsultEditor:
    window.new_consult(carry_forward)
    (editor,) = window.editors.values()
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


def test_a_consult_filled_by_keyboard_and_mouse_is_saved_in_one_go(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    assert editor.form.fields["consult_date"].get() == "2026-11-21"

    type_into_spin(qtbot, "history.back_nrs_now", editor, "6")
    type_into_spin(qtbot, "history.leg_nrs_now", editor, "8")
    qtbot.mouseClick(child(editor, QToolButton, "history.numbness:yes"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(child(editor, QPushButton, "history.red_flags:all_no"), Qt.MouseButton.LeftButton)

    editor.go_to(MEDICATIONS)
    name = editor.form.fields["history.medications"].row_form.fields["name"].widget
    name.setText("Oxycodone")  # typed text would open the completer popup, which offscreen Qt cannot grab
    qtbot.keyClicks(editor.form.fields["history.medications"].row_form.fields["dose"].widget, "10")
    qtbot.keyClicks(editor.form.fields["history.medications"].row_form.fields["per_day"].widget, "3")
    qtbot.keyClick(name, Qt.Key.Key_Return)  # Enter adds the row
    assert editor.form.fields["history.medications"].get()[0]["name"] == "Oxycodone"
    assert "45 morphine milligram equivalents" in editor.mme_label.text()

    editor.go_to(EXAM)
    qtbot.mouseClick(child(editor, QPushButton, "exam.motor:all5"), Qt.MouseButton.LeftButton)
    type_into_spin(qtbot, "exam.motor.L5.left", editor, "4")
    for test in ("thigh_thrust", "distraction", "compression"):
        qtbot.mouseClick(child(editor, QToolButton, f"exam.sij_tests.{test}:yes"), Qt.MouseButton.LeftButton)
    assert editor.sij_label.text().startswith("3 of 5 positive")

    editor.go_to(QUESTIONNAIRES)
    for i, value in enumerate([3, 2, 3, 2, 3, 2, 2, 2, 2, 2]):
        qtbot.mouseClick(
            child(editor, QToolButton, f"questionnaires.odi.{item_code(editor, 'odi', i)}:{value}"),
            Qt.MouseButton.LeftButton,
        )
    assert editor.questionnaire_tabs.tabText(0) == "ODI 46%"
    assert editor.questionnaires["odi"].result.text() == "ODI 46% (severe disability)"

    save_shortcut(editor).activated.emit()  # Ctrl+S (offscreen windows are never active to receive it)
    assert not editor.dirty and editor.consult_id is not None
    stored = window.clinic.open_consult(editor.consult_id).document
    assert stored["history"]["back_nrs_now"] == 6 and stored["history"]["numbness"] is True
    assert stored["history"]["red_flags"]["saddle_numbness"] is False
    assert window.clinic.check_consult(patient.id, stored).history.total_mme_per_day == 45.0
    assert stored["exam"]["motor"]["L5"] == {"left": 4, "right": 5}
    assert stored["exam"]["sij_positive"] == 3
    assert stored["questionnaires"]["odi"]["total"] == 46.0
    assert window.panel.consult_model.rowCount() == 1  # the panel refreshed


def save_shortcut(editor):
    (shortcut,) = [
        s
        for s in editor.findChildren(QShortcut)
        if s.key().matches(QKeySequence.StandardKey.Save) == QKeySequence.SequenceMatch.ExactMatch
    ]
    return shortcut


def item_code(editor, instrument, index):
    return editor.questionnaires[instrument].instrument.items[index].code


def test_phq9_item_nine_shows_its_alert_at_once(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    editor.go_to(QUESTIONNAIRES)
    editor.questionnaire_tabs.setCurrentIndex(1)
    phq = editor.questionnaires["phq9"]
    row = phq.rows[8]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_1)
    assert phq.alert.isVisibleTo(editor) and "same-day" in phq.alert.text()
    assert editor.questionnaire_tabs.tabText(1).startswith("⚠")
    qtbot.keyClick(row, Qt.Key.Key_Delete)
    assert not phq.alert.isVisibleTo(editor)


def test_a_refused_save_marks_each_wrong_field_keeps_everything_and_saves_nothing(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    editor.form.fields["history.egfr"].widget.setText("abc")
    editor.form.fields["exam.temperature_c"].widget.setText("45")
    editor.form.fields["history.egfr"].edited.emit()
    editor.save()
    assert editor.consult_id is None and window.clinic.open_patient(patient.id).consults == []
    assert "must be a number" in editor.form.fields["history.egfr"].widget.toolTip()
    assert "between 34 and 43" in editor.form.fields["exam.temperature_c"].widget.toolTip()
    assert editor.nav.item(HISTORY).text().startswith("⚠") and editor.nav.item(EXAM).text().startswith("⚠")
    assert editor.problems.text().startswith("Not saved:")
    assert editor.form.fields["history.egfr"].widget.text() == "abc"  # nothing typed is lost
    editor.form.fields["history.egfr"].widget.setText("48")
    editor.form.fields["exam.temperature_c"].widget.setText("37.1")
    editor.save()
    assert editor.consult_id is not None and not editor.nav.item(HISTORY).text().startswith("⚠")


def test_a_wrong_medication_row_is_selected_and_its_field_marked(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    medications = editor.form.fields["history.medications"]
    medications.set(
        [{"name": "Ibuprofen", "dose": 400, "per_day": 3}, {"name": "Gabapentin", "dose": 300, "per_day": 40}]
    )
    editor.save()
    assert editor.nav.currentRow() == MEDICATIONS
    assert medications.selected_row() == 1
    assert "between 0.1 and 24" in medications.row_form.fields["per_day"].widget.toolTip()
    assert "row 2" in medications.message.text()


def test_autosave_survives_a_crash_and_the_next_start_restores_it(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.leg_nrs_now", editor, "7")
    editor.form.fields["reason"].widget.setText("Autosaved reason")
    editor.form.fields["reason"].edited.emit()
    editor.go_to(EXAM)  # a section change autosaves at once
    store = RecoveryStore(tmp_path / "recovery", window.clinic.database_key)
    (saved,) = store.pending()
    assert saved.patient_id == patient.id and saved.document["history"]["leg_nrs_now"] == 7
    assert list((tmp_path / "recovery").iterdir())[0].name == f"{editor.token}.json"  # no patient name

    # The crash: the editor vanishes without closing; a new window opens on the same database.
    editor.autosave_timer.stop()
    window.editors.clear()
    again = open_window(recovery_dir=tmp_path / "recovery")
    (item,) = again.recovery.pending()
    again.restore_consult(item)
    (restored,) = again.editors.values()
    qtbot.addWidget(restored)
    assert restored.dirty and restored.form.fields["reason"].get() == "Autosaved reason"
    assert restored.form.fields["history.leg_nrs_now"].get() == 7
    restored.save()
    assert store.pending() == []  # saving removes the autosave copy
    assert again.clinic.open_consult(restored.consult_id).document["reason"] == "Autosaved reason"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_editor(open_window, qtbot, tmp_path, monkeypatch):
    window, _ = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.back_nrs_now", editor, "5")
    editor.autosave()
    asked = []

    def answer(choice):
        def question(*args, **kwargs):
            asked.append(args[2])
            return choice

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert editor.close() is False and editor.isVisible()
    assert "not saved" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Discard))
    assert editor.close() is True
    assert RecoveryStore(tmp_path / "recovery", window.clinic.database_key).pending() == []
    assert window.editors == {}


def test_closing_the_main_window_asks_about_open_unsaved_consults(open_window, qtbot, tmp_path, monkeypatch):
    window, _ = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.back_nrs_now", editor, "5")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Cancel)
    assert window.close() is False and editor.isVisible()


def test_carry_forward_must_be_confirmed_before_signing_and_signed_consults_open_read_only(
    open_window, qtbot, tmp_path, monkeypatch
):
    window, patient = patient_window(open_window, tmp_path)
    first = start_consult(window, qtbot)
    first.form.fields["history.medications"].set([{"name": "Apixaban", "dose": 5, "per_day": 2}])
    first.form.fields["consult_date"].set("2026-08-01")
    first.save()
    first.close()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    editor = start_consult(window, qtbot, carry_forward=True)
    assert editor.carry_banner.isVisibleTo(editor) and "2026-08-01" in editor.carry_text.text()
    assert editor.form.fields["history.medications"].get()[0]["name"] == "Apixaban"
    editor.save(sign=True)
    assert "Confirm the history" in editor.problems.text() and editor.consult_id is None
    editor.confirm_field.box.setChecked(True)
    editor.save(sign=True)
    assert editor.draft.document["status"] == "signed"
    assert not editor.pages.widget(HISTORY).isEnabled() and editor.amend_button.isVisibleTo(editor)
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    assert editor.pages.widget(HISTORY).isEnabled() and editor.save_button.text() == "&Save amendment"


def test_the_patient_panel_opens_a_consult_with_enter_and_shows_the_trend(open_window, qtbot):
    window = open_window(demo=6)
    for row in range(window.patient_model.rowCount()):
        window.patient_view.selectRow(row)
        if window.panel.consult_model.rowCount() >= 2:
            break
    assert window.panel.trend_box.isVisibleTo(window)
    assert window.panel.chart.series_points  # at least one measure plotted
    assert "→" in window.panel.trend_summary.text()
    view = window.panel.consult_view
    view.selectRow(0)
    consult = window.panel.selected_consult()
    view.setCurrentIndex(view.model().index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert consult.id in window.editors
    qtbot.addWidget(window.editors[consult.id])
    window.open_consult(consult.id)  # a second open raises the same editor
    assert len(window.editors) == 1


def test_row_table_model_passes_the_model_tester(qtmodeltester):
    model = RowTableModel([("Name", lambda r: r["name"]), ("Dose", lambda r: str(r["dose"]))])
    model.set_rows([{"name": "Gabapentin", "dose": 300}, {"name": "Ibuprofen", "dose": 400}])
    qtmodeltester.check(model)


def test_record_list_tables_are_model_views(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    assert isinstance(editor.findChild(QTableView, "history.medications:table").model(), RowTableModel)


def test_case_files_export_and_import_from_the_file_menu(open_window, qtbot, tmp_path, monkeypatch):
    window, patient = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    editor.save()
    target = tmp_path / "exported.json"
    window.export_case_file(str(target))
    assert json.loads(target.read_text("utf-8"))["patient"]["mrn"] == "K-1"
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    window.import_case_file(str(target))
    assert "MRN K-1 is already in this database" in warnings[0]

    other = MainWindow(SyncTaskRunner(), AppEvents(), today=lambda: TODAY)
    qtbot.addWidget(other)
    other.open_database(
        lambda: Clinic.open(f"sqlite:///{tmp_path}/other.sqlite3", backup_dir=None, today=lambda: TODAY)
    )
    other.import_case_file(str(target))
    assert other.panel.patient is not None and other.panel.patient.mrn == "K-1"
    assert other.panel.consult_model.rowCount() == 1
    other.close_database()


def test_the_next_start_asks_about_each_autosaved_consult(open_window, qtbot, tmp_path, monkeypatch):
    window, patient = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    editor.form.fields["reason"].widget.setText("Left before saving")
    editor.form.fields["reason"].edited.emit()
    editor.autosave()
    editor.autosave_timer.stop()
    window.editors.clear()  # the crash

    asked = []

    def answer_with(text):
        def exec_(box):
            asked.append(box.text())
            box.chosen = next(b for b in box.buttons() if b.text() == text)
            return 0

        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer_with("Decide later"))
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.chosen)
    again = open_window(recovery_dir=tmp_path / "recovery")
    again.offer_recovery()
    assert "Ortega, Lucía" in asked[0] and "was not saved" in asked[0]
    assert again.editors == {} and len(again.recovery.pending()) == 1  # kept for later

    monkeypatch.setattr(QMessageBox, "exec", answer_with("Restore"))
    again.offer_recovery()
    (restored,) = again.editors.values()
    qtbot.addWidget(restored)
    assert restored.form.fields["reason"].get() == "Left before saving"
    restored.dirty = False
    restored.close()

    monkeypatch.setattr(QMessageBox, "exec", answer_with("Discard"))
    RecoveryStore(tmp_path / "recovery", again.clinic.database_key).write(
        "f" * 32, patient_id=patient.id, consult_id=None, row_version=0, document={"consult_date": "2026-11-21"}
    )
    again.offer_recovery()
    assert again.recovery.pending() == []


def test_a_reopened_consult_shows_its_scores_in_the_questionnaire_tabs(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, tmp_path)
    editor = start_consult(window, qtbot)
    editor.form.fields["questionnaires.odi"].set({"answers": [3, 2, 3, 2, 3, 2, 2, 2, 2, 2]})
    editor.save()
    consult_id = editor.consult_id
    editor.close()
    window.open_consult(consult_id)
    reopened = window.editors[consult_id]
    qtbot.addWidget(reopened)
    assert reopened.questionnaire_tabs.tabText(0) == "ODI 46%"
