"""Printing in GUI tests as a user prints: press Print…, accept the system print dialog, read the PDF back.

The preview's printer is one that writes a PDF file (Qt's "Print to File"), so the pages that reach the
"printer" can be read with pypdf. The dialog is worked by the shared modal helper of tests/gui/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest

from tests.gui.conftest import when_modal


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def press_print(
    qtbot, preview, path: Path, *, accept: bool = True, printer: QPrinter | None = None, button=None
) -> list[str]:
    """Click the preview's Print… button (or `button`), and accept (or cancel) the print dialog that opens;
    pages go to `path`. Returns the names of the print dialogs seen."""
    preview.printer_factory = (lambda: printer) if printer is not None else (lambda: pdf_printer(path))
    seen: list[str] = []

    def answer(dialog: QPrintDialog) -> None:
        seen.append(dialog.objectName())
        dialog.accept() if accept else dialog.reject()

    handler = when_modal(answer, QPrintDialog)
    QTest.mouseClick(button or preview.print_button, Qt.MouseButton.LeftButton)
    handler.check(qtbot)
    return seen
