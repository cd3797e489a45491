"""Instructions for the patient before a planned procedure, from the open patient's Treatment plans tab: pick
the procedure (when the plan has several), settle the sheet in the dialog, save it on the record, preview and
print it. A print is recorded (on the sheet, the plan and the audit trail) only once it printed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow

SAVED_MESSAGE_MS = 10000
NO_PROCEDURE = (
    "This plan has no injection, nerve procedure or stimulator planned, so there are no instructions to give "
    "before one. Choose a plan with a procedure."
)


class PatientInstructions:
    def __init__(self, main_window: MainWindow, today: Callable[[], dt.date]) -> None:
        self.main_window = main_window
        self._today = today
        self.dialog: Any = None  # the open instructions dialog (tests reach it here)

    def open_for_plan(self, plan_id: int) -> None:
        """Ask which procedure (if the plan has several), then open its instructions."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        window.runner.run(
            lambda: clinic.instructions.procedures(plan_id),
            lambda items: self._choose(plan_id, items),
            lambda exc: window.show_error("Cannot open the instructions", exc),
        )

    def _choose(self, plan_id: int, items: list[tuple[str, str]]) -> None:
        window = self.main_window
        if not items:
            QMessageBox.information(window, "Instructions for the patient", NO_PROCEDURE)
            return
        key = items[0][0]
        if len(items) > 1:
            names = [f"{name} ({key})" for key, name in items]
            chosen, ok = QInputDialog.getItem(
                window, "Instructions for the patient", "Instructions before which procedure?", names, 0, False
            )
            if not ok:
                return
            key = items[names.index(chosen)][0]
        clinic = window.clinic
        assert clinic is not None
        window.runner.run(
            lambda: clinic.instructions.prepare(plan_id, key),
            self._edit,
            lambda exc: window.show_error("Cannot open the instructions", exc),
        )

    def _edit(self, draft: Any) -> None:
        window = self.main_window
        from fbss_desktop.gui.dialogs.instructions_dialog import InstructionsDialog  # loaded on first use

        dialog = InstructionsDialog(
            draft,
            window.save_with(lambda clinic, form: clinic.instructions.save(draft, form)),
            today=self._today(),
            parent=window,
        )
        self.dialog = dialog
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.dialog = None
        if accepted and dialog.saved is not None and dialog.saved.id is not None:
            self.preview(dialog.saved.id)

    def preview(self, sheet_id: int) -> None:
        """The saved sheet in the print preview; printing it is recorded."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.dialogs.print_preview import preview_rendered

        preview_rendered(
            window,  # kept as `window.preview`
            window.runner,
            lambda: clinic.instructions.pdf(sheet_id),
            title="Instructions for the patient",
            file_name=f"instructions-{sheet_id}-{self._today().isoformat()}.pdf",
            on_printed=lambda: window.runner.run(
                lambda: clinic.instructions.record_print(sheet_id),
                on_error=lambda exc: window.show_error("Printed, but the print was not recorded", exc),
            ),
            on_error=lambda exc: window.show_error("Cannot show the instructions", exc),
            announce=lambda message: window.statusBar().showMessage(message, SAVED_MESSAGE_MS),
            state=window.state,
            on_saved=lambda: window.runner.run(lambda: clinic.instructions.pdf_saved(sheet_id)),
        )
