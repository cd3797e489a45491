"""Printing from the main window: a plan version previewed and printed, and the front desk opened.

The PDF is rendered on the worker; a print is recorded for the front desk only once it printed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fbss_desktop.gui.front_desk import FrontDeskWindow
    from fbss_desktop.gui.main_window import MainWindow

SAVED_MESSAGE_MS = 10000


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
        window.live.hearing_changed.connect(window.front_desk.show_hearing)  # its list may be out of date
        window.front_desk.show()

    def print_plan(self, consult_id: int, plan_id: int) -> None:
        """Preview a plan version (rendered on the worker); printing it is logged for the front desk."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return

        def render() -> bytes:
            return clinic.printing.plan_pdf(consult_id, plan_id=plan_id)

        from fbss_desktop.gui.dialogs.print_preview import preview_rendered

        preview_rendered(
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
