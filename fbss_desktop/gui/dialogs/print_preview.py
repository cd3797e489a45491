"""Preview a PDF (a plan, a handout) inside the app, print it through the system dialog, or save it.

The PDF arrives as bytes rendered off the UI thread. Printing draws each page as an image at the printer's
resolution; the file name offered for saving carries no patient name (the plan id and date instead).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fbss_desktop.gui.tasks import TaskRunner


class PrintPreview(QDialog):
    def __init__(
        self,
        pdf: bytes,
        *,
        title: str,
        file_name: str,
        on_printed: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("printPreview")
        self.pdf = pdf
        self.file_name = file_name
        self.on_printed = on_printed
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
        self.pages = QLabel(f"{self.document.pageCount()} pages")
        self.print_button = QPushButton("&Print…")
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton("&Save as PDF…")
        self.save_button.setObjectName("savePdfButton")
        close = QPushButton("Close")
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(lambda: self.save_as())
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
        self.resize(820, 900)

    def print_document(self, printer: QPrinter | None = None) -> bool:
        """Ask for a printer (unless one is given) and print every page; True when it printed."""
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            for page in range(self.document.pageCount()):
                if page:
                    printer.newPage()
                target = painter.viewport()
                size = self.document.pagePointSize(page)
                scale = min(target.width() / size.width(), target.height() / size.height())
                image = self.document.render(page, QSize(int(size.width() * scale), int(size.height() * scale)))
                painter.drawImage(0, 0, image)
        finally:
            painter.end()
        if self.on_printed is not None:
            self.on_printed()
        return True

    def save_as(self, target: str | None = None) -> Path | None:
        """Write the PDF where the user chooses (the offered name has no patient name in it)."""
        if target is None:
            target, _filter = QFileDialog.getSaveFileName(self, "Save as PDF", self.file_name, "PDF files (*.pdf)")
            if not target:
                return None
        path = Path(target)
        temporary = path.with_name(path.name + ".part")
        temporary.write_bytes(self.pdf)
        temporary.replace(path)
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
) -> None:
    """Render a PDF on the worker, then open it in a preview kept as `owner.preview` (tests and the owner
    reach it there). `on_finished` runs either way, before the preview opens or the error is shown."""

    def show(pdf: bytes) -> None:
        if on_finished is not None:
            on_finished()
        preview = PrintPreview(pdf, title=title, file_name=file_name, on_printed=on_printed, parent=owner)
        owner.preview = preview  # type: ignore[attr-defined]
        preview.open()

    def failed(exc: BaseException) -> None:
        if on_finished is not None:
            on_finished()
        on_error(exc)

    runner.run(render, show, failed)
