"""What a specialist's walkthrough found, fixed: each worked as the specialist worked it, by keyboard and mouse."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QMessageBox, QScrollArea

from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.editor import EXAM, HISTORY, MEDICATIONS, QUESTIONNAIRES
from fbss_desktop.gui.consult.fields import dose_unit
from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog
from fbss_desktop.gui.ui_state import WorkstationState, documents_folder
from fbss_desktop.gui.widgets.field_errors import message_of
from tests.gui.conftest import activate, answer_message_box, click, go_to, search, tick, type_text
from tests.gui.test_consult_editor import (
    add_medication,
    no_blocking_questions,
    patient_window,
    start_consult,
    type_into,
)
from tests.gui.test_plan_builder import choose_clinician, open_scenario

__all__ = ["no_blocking_questions"]


def test_a_refused_save_scrolls_to_the_field_says_why_beside_it_and_the_mark_goes_once_fixed(
    open_window, qtbot, tmp_path
):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    activate(qtbot, editor)
    egfr = editor.form.fields["history.egfr"].widget
    type_into(qtbot, editor, "history.egfr", "9999")
    go_to(qtbot, editor, EXAM)
    click(qtbot, editor.save_button)
    assert editor.nav.currentRow() == HISTORY and egfr.hasFocus()
    assert "between 1 and 200" in message_of(egfr)  # said under the field, not only in its tooltip
    (label,) = [w for w in egfr.parentWidget().findChildren(QLabel) if w.text() == message_of(egfr)]
    assert label.isVisible()
    assert label.width() >= metrics.FIELD_MESSAGE_MIN_WIDTH > egfr.width()  # wraps at a width that reads
    assert label.height() >= label.heightForWidth(label.width())  # every line shows, none cut off
    area = editor.pages.widget(HISTORY)
    assert isinstance(area, QScrollArea) and not egfr.visibleRegion().isEmpty()  # scrolled to
    type_text(qtbot, egfr, "48")
    assert message_of(egfr) == "" and not egfr.styleSheet()  # the mark goes as the value is fixed
    assert not editor.nav.item(HISTORY).text().startswith("⚠")


def test_a_note_counts_its_characters_against_the_schema_limit(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    note = editor.form.fields["history.notes"].widget
    type_text(qtbot, note, "Better")
    assert note.counter.text() == "6 / 8,000" and note.counter.isVisible()
    assert "font-weight" not in note.counter.styleSheet()
    note.setPlainText("x" * 7949)  # a long note pasted in; then typed on
    note.setFocus()
    note.moveCursor(note.textCursor().MoveOperation.End)
    qtbot.keyClick(note, Qt.Key.Key_Y)
    assert note.counter.text() == "7,950 / 8,000" and "#b03a2e" in note.counter.styleSheet()  # a warning


def test_letters_are_refused_in_a_dose_as_typed_and_a_large_number_is_kept(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, MEDICATIONS)
    dose = editor.form.fields["history.medications"].row_form.fields["dose"]
    dose.widget.setFocus()
    qtbot.keyClicks(dose.widget, "4a0.5x.1")
    assert dose.widget.text() == "40.51" and dose.get() == 40.51
    type_text(qtbot, dose.widget, "99999")
    assert dose.get() == 99999  # out of range: kept as typed, for the core to refuse
    type_text(qtbot, dose.widget, "2,5")
    assert dose.get() == 2.5


def test_one_unit_reads_unit_in_the_medication_list(open_window, qtbot, tmp_path):
    assert (dose_unit(1, "units"), dose_unit(2, "units"), dose_unit(1.0, "puffs")) == ("unit", "units", "puff")
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, MEDICATIONS)
    medications = editor.form.fields["history.medications"]
    unit = medications.row_form.fields["unit"].combo
    unit.setCurrentIndex(unit.findData("units"))
    add_medication(qtbot, editor, "Insulin", "1", "1")
    model = medications.view.model()
    assert model.index(0, 1).data() == "1 unit"


def test_finalize_reads_the_consult_before_asking(open_window, qtbot, monkeypatch):
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    choose_clinician(qtbot, editor, window)
    go_to(qtbot, editor, HISTORY)
    type_into(qtbot, editor, "history.egfr", "9999")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    click(qtbot, editor.finalize_button)
    assert asked == [] and not editor.plan_builder.finalized
    assert "between 1 and 200" in message_of(editor.form.fields["history.egfr"].widget)
    type_into(qtbot, editor, "history.egfr", "48")
    click(qtbot, editor.finalize_button)
    assert asked and asked[0].startswith("Finalize this plan as") and editor.plan_builder.finalized


def test_phq9_item_nine_keeps_its_button_borders_and_no_licence_words_face_the_clinician(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, QUESTIONNAIRES)
    (frame,) = editor.findChildren(QFrame, "alertItem")
    assert "QToolButton" not in frame.styleSheet() and "#alertItem" in frame.styleSheet()
    shown = [label.text() for label in editor.findChildren(QLabel) if label.text()]
    assert not [text for text in shown if "UNCONFIRMED" in text or "copyright" in text.lower()]


def test_a_signed_consult_reads_dark_and_still_scrolls_but_takes_no_typing(open_window, qtbot, tmp_path, monkeypatch):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    type_into(qtbot, editor, "history.notes", "Signed note")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, editor.sign_button)
    assert editor.draft.document["status"] == "signed"
    note = editor.form.fields["history.notes"].widget
    palette = note.palette()
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        assert palette.color(QPalette.ColorGroup.Disabled, role) == palette.color(QPalette.ColorGroup.Active, role)
    assert not note.isEnabled()  # still impossible to edit
    qtbot.keyClicks(note, "more")
    assert editor.form.fields["history.notes"].get() == "Signed note"
    assert editor.pages.widget(HISTORY).isEnabled()  # the page scrolls
    assert editor.questionnaire_tabs.tabBar().isEnabled()  # the questionnaires' tabs turn


def test_carry_forward_from_a_draft_says_so_and_a_restore_keeps_the_date(open_window, qtbot, tmp_path):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    first = start_consult(window, qtbot)
    type_into(qtbot, first, "consult_date", "2026-08-01")
    click(qtbot, first.save_button)  # a draft, never signed
    click(qtbot, first.close_button)
    editor = start_consult(window, qtbot, carry_forward=True)
    text = editor.carry_text.text()
    assert "2026-08-01" in text and "draft, never signed" in text
    click(qtbot, editor.save_button)  # saved, still unconfirmed: the banner keeps what it knew
    assert "2026-08-01" in editor.carry_text.text() and "draft" in editor.carry_text.text()
    type_into(qtbot, editor, "reason", "Restored")
    editor.autosave_timer.stop()
    editor.session.autosave_due = True
    editor.autosave()
    (item,) = window.recovery.pending()
    window.editors.clear()
    window.consults.restore_consult(item)
    (restored,) = window.editors.values()
    qtbot.addWidget(restored)
    assert "2026-08-01" in restored.carry_text.text() and "draft" in restored.carry_text.text()
    tick(qtbot, restored.confirm_field.box)


def test_a_date_without_its_year_says_how_dates_are_searched_and_dashes_find_the_patient(open_window, qtbot, tmp_path):
    window, patient = patient_window(open_window, qtbot, tmp_path)  # born 1968-03-14
    search(qtbot, window, "14.03")
    assert "searched in full" in window.match_count.text() and window.patient_model.rowCount() == 0
    search(qtbot, window, "03-14-1968")  # the clinic's order (month first here), as with slashes
    assert window.patient_model.rowCount() == 1
    search(qtbot, window, "14.03.1968")
    assert window.patient_model.rowCount() == 1


def test_a_two_line_error_is_shown_whole_and_enter_in_the_language_submits_at_once(qtbot):
    submitted = []
    dialog = PatientDialog(lambda form, done, failed: submitted.append(form))
    qtbot.addWidget(dialog)
    dialog.show()
    activate(qtbot, dialog)
    dialog.errors.show({"mrn": "A medical record number has letters, digits and dashes only. " * 3})
    label = dialog.findChild(QLabel, "error_mrn")
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert label.heightForWidth(label.width()) > label.fontMetrics().height() * 2  # two lines or more, all shown
    for widget, text in (
        (dialog.mrn, "K-9"),
        (dialog.family_name, "Ortega"),
        (dialog.given_names, "Ana"),
        (dialog.date_of_birth, "1970-01-02"),
    ):
        type_text(qtbot, widget, text)
    dialog.language.setFocus()
    qtbot.keyClicks(dialog.language.lineEdit(), "Spa")
    assert dialog.language.currentText() == "Spanish"  # completed as typed
    qtbot.keyClick(dialog.language.lineEdit(), Qt.Key.Key_Return)  # once
    assert len(submitted) == 1 and submitted[0].preferred_language == "Spanish"


def test_a_pdf_is_offered_in_documents_then_the_last_folder_and_the_save_is_said(
    open_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(WorkstationState, "in_use", None)  # put back after the test
    state = WorkstationState(tmp_path / "config")  # this workstation's, as the application makes it
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    choose_clinician(qtbot, editor, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, editor.finalize_button)
    assert editor.plan_builder.finalized
    offered = []
    chosen = tmp_path / "letters"
    chosen.mkdir()

    def save_file_name(parent, caption, name, filters):
        offered.append(Path(name).parent)
        return str(chosen / Path(name).name), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    for expected in (documents_folder(), chosen):
        click(qtbot, editor.print_button)
        preview = editor.preview
        qtbot.addWidget(preview)
        click(qtbot, preview.save_button)
        assert offered[-1] == expected
        assert editor.autosave_label.text() == f"Saved patient plan to {chosen / preview.file_name}"
        assert "Saved patient plan to" in preview.pages.text()
        preview.close()
    assert state.last_folder() == chosen


def test_a_folder_that_refused_the_pdf_is_not_offered_again_and_the_refusal_says_why(
    open_window, qtbot, tmp_path, monkeypatch
):
    monkeypatch.setattr(WorkstationState, "in_use", None)  # put back after the test
    state = WorkstationState(tmp_path / "config")
    editor, window = open_scenario(open_window, qtbot, "apixaban_esi")
    choose_clinician(qtbot, editor, window)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, editor.finalize_button)
    refusing = tmp_path / "refusing"
    offered = []

    def save_file_name(parent, caption, name, filters):
        offered.append(Path(name).parent)
        taken = refusing / Path(name).name
        taken.mkdir(parents=True, exist_ok=True)  # a folder has the file's name: the PDF cannot take it
        return str(taken), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_file_name)
    said: list[str] = []
    for _attempt in range(2):
        click(qtbot, editor.print_button)
        preview = editor.preview
        qtbot.addWidget(preview)
        refused = answer_message_box("OK", said)
        click(qtbot, preview.save_button)
        refused.check(qtbot)
        preview.close()
    assert offered == [documents_folder(), documents_folder()] and state.last_folder() != refusing
    assert said[0].startswith("Is a directory (") and said[0].endswith(
        "). Choose another name or folder, then try again."
    )


def test_the_case_file_export_starts_in_documents(open_window, qtbot, tmp_path, monkeypatch):
    window, _ = patient_window(open_window, qtbot, tmp_path)
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda _p, _c, name, f: offered.append(name) or ("", f))
    window.export_case_action.trigger()
    assert offered == [str(documents_folder() / "case-K-1.json")]


def test_a_documents_folder_that_does_not_exist_gives_the_home_folder(monkeypatch, tmp_path):
    """A save dialog given a missing folder opened in the program's folder (seen under Xvfb, no ~/Documents)."""
    from PySide6.QtCore import QStandardPaths

    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(tmp_path / "no-such-folder"))
    assert documents_folder() == Path.home()


def test_a_study_level_the_save_would_refuse_is_refused_at_add_beside_the_field(open_window, qtbot, tmp_path):
    """The walk recorded an EMG at "L5" (a nerve root): Add took it, and then every save of the consult was
    refused until the row was found and mended by hand."""
    from fbss_desktop.gui.consult.editor import STUDIES
    from tests.gui.conftest import choose

    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, STUDIES)
    studies = editor.form.fields["studies"]
    row = studies.row_form.fields
    choose(qtbot, row["kind"].widget, editor.catalogues.vocabulary()["study_type"].label("emg_ncs"))
    type_text(qtbot, row["performed"].widget, "2026-11-02")
    type_text(qtbot, row["levels"].widget, "L5")
    click(qtbot, studies.add_button)
    assert studies.get() == [] and "not a spinal level" in message_of(row["levels"].widget)
    type_text(qtbot, row["levels"].widget, "L4-L5")
    click(qtbot, studies.add_button)
    assert [r["levels"] for r in studies.get()] == [["L4-L5"]] and message_of(row["levels"].widget) == ""


def test_findings_follow_a_level_typed_again_and_none_is_stranded_out_of_reach(open_window, qtbot, tmp_path):
    """The walk ticked findings at "L5", then typed L3-L4 instead: the ticks stayed at L5, out of reach, and
    every Add was refused."""
    from fbss_desktop.gui.consult.editor import STUDIES
    from tests.gui.conftest import choose

    window, _ = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    go_to(qtbot, editor, STUDIES)
    studies = editor.form.fields["studies"]
    row = studies.row_form.fields
    findings = row["findings"]
    choose(qtbot, row["kind"].widget, editor.catalogues.vocabulary()["study_type"].label("mri_with_gad"))
    type_text(qtbot, row["performed"].widget, "2026-11-02")
    type_text(qtbot, row["levels"].widget, "L5")
    click(qtbot, next(iter(findings.checks.boxes.values())))
    assert [f["level"] for f in findings.get()] == ["L5"]
    type_text(qtbot, row["levels"].widget, "L3-L4")  # the level typed again
    assert [f["level"] for f in findings.get()] == ["L3-L4"]
    click(qtbot, studies.add_button)
    assert [r["levels"] for r in studies.get()] == [["L3-L4"]]
