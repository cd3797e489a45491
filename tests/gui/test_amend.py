"""Amending a signed consult asks why, and keeps the signed version it replaces (issue 14)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from tests.gui.conftest import click, when_modal
from tests.gui.test_consult_editor import patient_window, start_consult, type_into_spin


def signed_then_amended(open_window, qtbot, tmp_path):
    """A consult signed with back pain 5, then amended to 0 with its reason typed when the save asks why."""
    window, _patient = patient_window(open_window, qtbot, tmp_path)
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
    return window, editor


def test_an_amendment_asks_why_and_keeps_the_signed_version(open_window, qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window, editor = signed_then_amended(open_window, qtbot, tmp_path)
    consults = window.clinic.consults
    assert consults.open(editor.consult_id).document["history"]["back_nrs_now"] == 0
    (kept,) = consults.signed_versions(editor.consult_id)
    assert kept.document["history"]["back_nrs_now"] == 5 and kept.reason == "Pain score typed in the wrong box"
    assert not editor.amending and editor.amend_button.isVisibleTo(editor)  # read-only again, as signed


def test_the_signed_version_an_amendment_replaced_is_listed_and_previewed_from_the_patient_panel(
    open_window, qtbot, tmp_path, monkeypatch
):
    """Patient panel › Signed versions…: the version as signed (back pain 5), who replaced it and why, every
    page marked as replaced; the consult as it is now is not what it shows."""
    import io

    from pypdf import PdfReader

    from fbss_desktop.gui.dialogs.print_preview import PrintPreview
    from fbss_desktop.gui.dialogs.signed_versions_dialog import SignedVersionsDialog
    from tests.gui.conftest import click_row

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window, editor = signed_then_amended(open_window, qtbot, tmp_path)
    panel = window.panel
    qtbot.waitUntil(lambda: panel.consult_model.rowCount() == 1)
    click_row(qtbot, panel.consult_view, 0)
    assert panel.signed_versions.isEnabled()
    seen = {}

    def read(dialog: SignedVersionsDialog) -> None:
        model = dialog.model
        seen["row"] = [model.index(0, c).data() for c in range(model.columnCount())]
        click(qtbot, dialog.preview_button)
        qtbot.waitUntil(lambda: isinstance(getattr(dialog, "preview", None), PrintPreview))
        seen["pdf"] = dialog.preview.pdf
        dialog.preview.close()
        dialog.reject()

    listed = when_modal(read, SignedVersionsDialog)
    click(qtbot, panel.signed_versions)
    listed.check(qtbot)
    assert seen["row"][0] == "1" and seen["row"][-1] == "Pain score typed in the wrong box"
    pages = PdfReader(io.BytesIO(seen["pdf"])).pages
    text = " ".join(page.extract_text() for page in pages)
    assert "earlier signed" in text and "Pain score typed in the wrong box" in text
    assert all("REPLACED" in page.extract_text() for page in pages) and "DRAFT" not in text
    assert "Back pain now (NRS)\n5" in text and " by )" not in text  # as signed, not as amended to 0
    # and the consult's own summary, as amended, says it was amended and why
    current = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(window.clinic.printing.summary_pdf(editor.consult_id))).pages
    )
    assert "Amended once after it was signed" in " ".join(current.split())
    assert "Pain score typed in the wrong box" in " ".join(current.split())
