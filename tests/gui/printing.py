"""Printing in GUI tests as a user prints: press Print…, accept the system print dialog, read the PDF back.

The preview's printer is one that writes a PDF file (Qt's "Print to File"), so the pages that reach the
"printer" can be read with pypdf.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def answer_print_dialog(accept: bool = True) -> list[str]:
    """Accept (or cancel) the print dialog when it opens; returns a list that names the dialog seen."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.objectName())
        if accept:
            dialog.accept()
        else:
            dialog.reject()

    QTimer.singleShot(0, answer)
    return seen


def press_print(preview, path: Path, *, accept: bool = True, printer: QPrinter | None = None) -> list[str]:
    """Click the preview's Print… button, and accept the print dialog that opens; pages go to `path`."""
    preview.printer_factory = (lambda: printer) if printer is not None else (lambda: pdf_printer(path))
    seen = answer_print_dialog(accept)
    QTest.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    return seen
