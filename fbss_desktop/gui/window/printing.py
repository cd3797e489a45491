"""Printing from the main window: a plan version previewed and printed, and the front desk opened.

The PDF is rendered on the worker; a print is recorded for the front desk only once it printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from fbss_desktop.gui.ui_state import WorkstationState, ask_save_path

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from fbss_desktop.gui.dialogs.print_preview import PrintPreview
    from fbss_desktop.gui.front_desk import FrontDeskWindow
    from fbss_desktop.gui.main_window import MainWindow
    from fbss_desktop.gui.tasks import TaskRunner

SAVED_MESSAGE_MS = 10000


def preview_pdf(
    owner: QWidget,
    runner: TaskRunner,
    render: Callable[[], bytes],
    *,
    title: str,
    file_name: str,
    on_printed: Callable[[], None] | None,
    on_error: Callable[[BaseException], None],
    announce: Callable[[str], None],
    state: WorkstationState | None,
    on_finished: Callable[[], None] | None = None,
    on_saved: Callable[[], None] | None = None,
) -> None:
    """Render a PDF on the worker and preview it (kept as `owner.preview`), as `preview_rendered` does; its
    Save as PDF… starts in Documents or the folder last saved to, and a saved file is said by `announce` and
    in the preview."""
    from fbss_desktop.gui.dialogs.print_preview import PrintPreview

    def show(pdf: bytes) -> None:
        if on_finished is not None:
            on_finished()
        preview = PrintPreview(
            pdf, title=title, file_name=file_name, on_printed=on_printed, parent=owner, on_saved=on_saved
        )
        preview.save_button.clicked.disconnect()
        preview.save_button.clicked.connect(lambda _checked=False: save_pdf(preview, title, announce, state))
        owner.preview = preview  # type: ignore[attr-defined]
        preview.open()

    def failed(exc: BaseException) -> None:
        if on_finished is not None:
            on_finished()
        on_error(exc)

    runner.run(render, show, failed)


def save_pdf(
    preview: PrintPreview, title: str, announce: Callable[[str], None], state: WorkstationState | None
) -> Path | None:
    """Ask where (Documents, or the folder last saved to), write the PDF there and say so."""
    target = ask_save_path(preview, "Save as PDF", preview.file_name, "PDF files (*.pdf)", state)
    if target is None:
        return None
    saved = preview.save_as(str(target))
    if saved is not None:
        message = f"Saved {title.lower()} to {saved}"
        preview.pages.setText(f"{preview.document.pageCount()} pages · {message}")
        announce(message)
    return saved


class Printing:
    def __init__(self, main_window: MainWindow, today: Callable[[], dt.date]) -> None:
        self.main_window = main_window
        self._today = today

    def open_front_desk(self) -> None:
        """The front-desk window: print and reprint finalized plans and handouts, nothing clinical."""
        window = self.main_window
        if window.clinic is None:
            return
        from fbss_desktop.gui.front_desk import FrontDeskWindow

        open_desk: FrontDeskWindow | None = getattr(window, "front_desk", None)
        if open_desk is not None and open_desk.isVisible():
            open_desk.raise_()
            open_desk.refresh()
            return
        window.front_desk = FrontDeskWindow(
            window.clinic, window.runner, window.events, today=self._today, show_error=window.show_error
        )
        window.front_desk.show()

    def print_plan(self, consult_id: int, plan_id: int) -> None:
        """Preview a plan version (rendered on the worker); printing it is logged for the front desk."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return

        def render() -> bytes:
            return clinic.printing.plan_pdf(consult_id, plan_id=plan_id)

        preview_pdf(
            window,  # the preview is kept as `window.preview`
            window.runner,
            render,
            title="Patient plan",
            file_name=f"plan-{plan_id}-{self._today().isoformat()}.pdf",
            on_printed=lambda: window.runner.run(
                lambda: clinic.plans.record_print(plan_id, "plan"),
                on_error=lambda exc: window.show_error("Printed, but the print was not recorded", exc),
            ),
            on_error=lambda exc: window.show_error("Cannot print the plan", exc),
            announce=lambda message: window.statusBar().showMessage(message, SAVED_MESSAGE_MS),
            state=window.state,
            on_saved=lambda: window.runner.run(lambda: clinic.printing.pdf_saved(plan_id, "plan")),
        )
