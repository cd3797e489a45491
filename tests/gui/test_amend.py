"""Amending a signed consult asks why, and keeps the signed version it replaces (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from tests.gui.conftest import click, when_modal
from tests.gui.test_consult_editor import patient_window, start_consult, type_into_spin


def test_an_amendment_asks_why_and_keeps_the_signed_version(open_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window, patient = patient_window(open_window, qtbot, tmp_path)
    editor = start_consult(window, qtbot)
    type_into_spin(qtbot, "history.back_nrs_now", editor, "5")
    click(qtbot, editor.sign_button)
    assert editor.draft.document["status"] == "signed"
    click(qtbot, editor.amend_button)
    type_into_spin(qtbot, "history.back_nrs_now", editor, "0")

    def answer(dialog: QInputDialog) -> None:
        box = dialog.findChild(QLineEdit)
        qtbot.keyClicks(box, "Pain score typed in the wrong box")
        qtbot.keyClick(box, Qt.Key.Key_Return)

    asked = when_modal(answer, QInputDialog)
    click(qtbot, editor.save_button)  # Save amendment
    asked.check(qtbot)
    qtbot.waitUntil(lambda: not editor.dirty)
    consults = window.clinic.consults
    assert consults.open(editor.consult_id).document["history"]["back_nrs_now"] == 0
    (kept,) = consults.signed_versions(editor.consult_id)
    assert kept.document["history"]["back_nrs_now"] == 5 and kept.reason == "Pain score typed in the wrong box"
    assert not editor.amending and editor.amend_button.isVisibleTo(editor)  # read-only again, as signed
