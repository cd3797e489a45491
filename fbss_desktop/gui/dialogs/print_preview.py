"""Preview a PDF (a plan, a handout) inside the app, print it through the system dialog, or save it.

The PDF arrives as bytes rendered off the UI thread. Printing draws each page as an image at the printer's
resolution; the file name offered for saving carries no patient name (the plan id and date instead).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QSizeF
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.gui import failures
from fbss_desktop.gui.screen import fitting
from fbss_desktop.gui.tasks import TaskRunner
from fbss_desktop.gui.ui_state import WorkstationState, ask_save_path, saved_to
from fbss_desktop.private_files import write_whole

log = logging.getLogger(__name__)

PRINT_DPI = 300  # sharp text on paper at a fraction of the memory of the printer's full resolution


class PrintFailed(Exception):
    """The printer could not be started or reported an error; nothing is recorded as printed."""


def new_printer() -> QPrinter:
    return QPrinter(QPrinter.PrinterMode.HighResolution)


class PrintPreview(QDialog):
    def __init__(
        self,
        pdf: bytes,
        *,
        title: str,
        file_name: str,
        on_printed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
        on_saved: Callable[[], None] | None = None,
        announce: Callable[[str], None] | None = None,
        state: WorkstationState | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_saved = on_saved  # a PDF saved is in the audit trail, like a print
        self.announce = announce  # where a saved file is said besides the preview (a status bar, a footer)
        self.state = state  # the workstation's folders: Save as PDF… starts in the one last saved to
        self.setWindowTitle(title)
        self.setObjectName("printPreview")
        self.pdf = pdf
        self.file_name = file_name
        self.on_printed = on_printed
        # Makes the QPrinter the print dialog configures; tests give one that writes a PDF file.
        self.printer_factory: Callable[[], QPrinter] = new_printer
        self._bytes = QByteArray(pdf)
        self._buffer = QBuffer(self._bytes, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        count = self.document.pageCount()
        self.pages = QLabel(f"{count} page{'' if count == 1 else 's'}")
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setObjectName("savePdfButton")
        close = QPushButton("Close")
        # clicked(bool) would fill a slot's first parameter: every button calls its slot with no argument.
        self.print_button.clicked.connect(lambda _checked=False: self.print_document())
        self.save_button.clicked.connect(lambda _checked=False: self.save_as())
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pages)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, close):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(fitting(820, 900))  # Print… and Close stay on a 768-pixel screen

    def print_document(self) -> bool:
        """Ask for a printer in the system print dialog and print every page; True when it printed.

        The print is recorded (`on_printed`) only when every page went to the printer; a printer that
        cannot start or reports an error is shown to the user, and nothing is recorded."""
        printer = self.printer_factory()
        self._match_paper(printer)
        dialog = QPrintDialog(printer, self)
        dialog.setObjectName("printDialog")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            self.print_to(printer)
        except PrintFailed as exc:
            log.warning("printing failed: %s", exc)
            QMessageBox.warning(self, "Not printed", str(exc))
            return False
        if self.on_printed is not None:
            self.on_printed()
        return True

    def _match_paper(self, printer: QPrinter) -> None:
        """The paper the document was laid out on (the clinic's Letter or A4), edge to edge: the PDF has its
        own margins, and a printer's default paper would shrink each page to fit."""
        if self.document.pageCount() < 1:
            return
        size = self.document.pagePointSize(0)
        printer.setPageSize(
            QPageSize(
                QSizeF(size.width(), size.height()), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
            )
        )
        printer.setFullPage(True)

    def print_to(self, printer: QPrinter) -> None:
        """Draw every page on `printer`; raises PrintFailed if the printer does not take them."""
        if self.document.pageCount() < 1:
            raise PrintFailed("There is nothing to print: the document has no pages.")
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed(
                f"The printer {printer.printerName() or printer.outputFileName() or ''} could not be started. "
                "Check that it is switched on and connected (or choose another), then press Print… again. "
                "Nothing was recorded as printed."
            )
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                size = self.document.pagePointSize(page)
                scale = min(target.width() / size.width(), target.height() / size.height())
                # Rendered at most at PRINT_DPI (a 1200 dpi page would be a 500 MB image) and scaled to the page.
                dpi_scale = min(scale, PRINT_DPI / 72)
                image = self.document.render(page, QSize(int(size.width() * dpi_scale), int(size.height() * dpi_scale)))
                painter.drawImage(QRectF(0, 0, size.width() * scale, size.height() * scale), image)
        finally:
            ended = painter.end()
        if not ended or printer.printerState() == QPrinter.PrinterState.Error:
            raise PrintFailed(
                "The printer reported an error while printing. Check it (paper, toner, connection) and press "
                "Print… again. Nothing was recorded as printed."
            )

    def save_as(self, target: str | None = None) -> Path | None:
        """Write the PDF where the user chooses (the offered name has no patient name in it), and say so."""
        state = self.state or WorkstationState.in_use
        if target is None:  # offered in Documents, or the folder last saved to on this workstation
            chosen = ask_save_path(self, "Save as PDF", self.file_name, "PDF files (*.pdf)", state)
            if chosen is None:
                return None
            target = str(chosen)
        path = Path(target)
        try:
            write_whole(path, self.pdf)
        except OSError as exc:
            failures.report(self, "PDF not saved", exc)  # why, and the file it names
            return None
        saved_to(state, path)
        message = f"Saved {self.windowTitle().lower()} to {path}"
        count = self.document.pageCount()
        self.pages.setText(f"{count} page{'' if count == 1 else 's'} · {message}")
        if self.announce is not None:
            self.announce(message)
        if self.on_saved is not None:
            self.on_saved()
        return path


def preview_rendered(
    owner: QWidget,
    runner: TaskRunner,
    render: Callable[[], bytes],
    *,
    title: str,
    file_name: str,
    on_printed: Callable[[], None] | None,
    on_error: Callable[[BaseException], None],
    on_finished: Callable[[], None] | None = None,
    on_saved: Callable[[], None] | None = None,
    announce: Callable[[str], None] | None = None,
    state: WorkstationState | None = None,
) -> None:
    """Render a PDF on the worker, then open it in a preview kept as `owner.preview` (tests and the owner
    reach it there). `on_finished` runs either way, before the preview opens or the error is shown. Its
    Save as PDF… starts in Documents or the folder last saved to (`state`), and a saved file is said in the
    preview and by `announce`."""

    def show(pdf: bytes) -> None:
        if on_finished is not None:
            on_finished()
        preview = PrintPreview(
            pdf,
            title=title,
            file_name=file_name,
            on_printed=on_printed,
            parent=owner,
            on_saved=on_saved,
            announce=announce,
            state=state,
        )
        owner.preview = preview  # type: ignore[attr-defined]
        preview.open()

    def failed(exc: BaseException) -> None:
        if on_finished is not None:
            on_finished()
        on_error(exc)

    runner.run(render, show, failed)
