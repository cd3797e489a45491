"""Print… prints: the real button, the system print dialog accepted, every page at the printer, the print
logged only when it printed, and a printer error shown instead of recorded."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from fbss_desktop.gui.dialogs.print_preview import PrintPreview
from tests.gui.printing import pdf_printer, press_print
from tests.scenarios import finalized_scenario


def finalized_plan(window):
    return finalized_scenario(window.clinic, "apixaban_esi", "PR-1")


def open_plan_preview(window, qtbot, patient, plan_id):
    """As the clinician does: find the patient, open the Treatment plans tab, pick the plan, Print plan…."""
    from tests.gui.conftest import click, click_row, click_tab, find_patient

    find_patient(qtbot, window, patient.mrn)
    panel = window.panel
    click_tab(qtbot, panel.visits, panel.visits.indexOf(panel.plan_box))
    row = next(r for r in range(panel.plan_model.rowCount()) if panel.plan_model.row_object(r).plan_id == plan_id)
    click_row(qtbot, panel.plan_view, row)
    click(qtbot, panel.print_plan)
    return window.preview


def test_the_print_button_prints_every_page_through_the_dialog_and_logs_the_print(open_window, qtbot, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized_plan(window)
    preview = open_plan_preview(window, qtbot, patient, final.plan_id)
    qtbot.addWidget(preview)
    pages = preview.document.pageCount()
    assert pages >= 2
    target = tmp_path / "printed.pdf"

    seen = press_print(qtbot, preview, target)

    assert seen == ["printDialog"]  # the system print dialog was asked
    printed = PdfReader(str(target))
    assert len(printed.pages) == pages  # every page reached the printer
    versions = window.clinic.plans.versions(patient.id)
    assert next(v for v in versions if v.plan_id == final.plan_id).last_printed is not None


def test_cancelling_the_print_dialog_prints_nothing_and_logs_nothing(open_window, qtbot, tmp_path):
    window = open_window(demo=1)
    patient, final = finalized_plan(window)
    preview = open_plan_preview(window, qtbot, patient, final.plan_id)
    qtbot.addWidget(preview)
    target = tmp_path / "cancelled.pdf"

    press_print(qtbot, preview, target, accept=False)

    assert not target.exists()
    versions = window.clinic.plans.versions(patient.id)
    assert next(v for v in versions if v.plan_id == final.plan_id).last_printed is None


@pytest.mark.qt_log_ignore("QPainter::begin")
def test_a_printer_that_cannot_start_is_shown_and_nothing_is_logged(qtbot, tmp_path, monkeypatch):
    from tests.gui.pdf_samples import two_page_pdf

    printed = []
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, title, text: warnings.append((title, text)))
    preview = PrintPreview(two_page_pdf(), title="Plan", file_name="plan.pdf", on_printed=lambda: printed.append(1))
    qtbot.addWidget(preview)
    broken = pdf_printer(tmp_path / "no-such-folder" / "out.pdf")  # a printer that cannot open its output

    press_print(qtbot, preview, tmp_path / "unused.pdf", printer=broken)

    assert printed == []
    assert warnings and warnings[0][0] == "Not printed"
    assert "could not be started" in warnings[0][1]


@pytest.mark.parametrize("button", ["print_button", "save_button"])
def test_buttons_call_their_action_without_a_stray_argument(qtbot, tmp_path, monkeypatch, button):
    """clicked(bool) must not reach a slot's first parameter (that is how Print… once did nothing)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog

    from tests.gui.pdf_samples import two_page_pdf

    target = tmp_path / "out.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PDF files (*.pdf)"))
    preview = PrintPreview(two_page_pdf(), title="Plan", file_name="plan.pdf")
    qtbot.addWidget(preview)
    if button == "print_button":
        press_print(qtbot, preview, target)
    else:
        QTest.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(str(target)).pages) == 2


def test_the_printer_gets_the_paper_the_plan_was_laid_out_on(qtbot, tmp_path):
    """A Letter plan prints on Letter (a printer's default A4 would shrink every page to fit)."""
    import io

    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=letter)
    page.drawString(72, 720, "Letter page")
    page.showPage()
    page.save()
    preview = PrintPreview(buffer.getvalue(), title="Plan", file_name="plan.pdf")
    qtbot.addWidget(preview)
    target = tmp_path / "letter.pdf"
    a4 = pdf_printer(target)
    from PySide6.QtGui import QPageSize

    a4.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    press_print(qtbot, preview, target, printer=a4)
    box = PdfReader(str(target)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
