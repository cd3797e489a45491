"""The shared shape of a form dialog: core validation first, then a save off the UI thread.

A refused save (by the core, or by the database, such as a taken MRN) shows each message at its field and
keeps everything typed; other domain errors (a conflict with another workstation) appear in a message box.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QWidget

from fbss_desktop.core.errors import DomainError, StorageError, ValidationError
from fbss_desktop.gui import failures
from fbss_desktop.gui.widgets.field_errors import FieldErrors

# save(form, on_saved, on_failed): runs the save off the UI thread and calls back on it.
SaveFunction = Callable[[Any, Callable[[Any], None], Callable[[BaseException], None]], None]


class ValidatedDialog(QDialog):
    """Subclasses build their fields and define `current_input()`, the form as the core reads it."""

    failure_title = "Not saved"
    current_input: Callable[[], Any]

    def __init__(self, save: SaveFunction, validate: Callable[[Any], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._save = save
        self._validate = validate  # the core's parse function: raises ValidationError if the form is wrong
        self.errors = FieldErrors()
        self.saved: Any = None
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def submit(self) -> None:
        form = self.current_input()
        try:
            self._validate(form)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        self.errors.clear()
        self.buttons.setEnabled(False)
        self._save(form, self._saved, self._failed)

    def on_saved(self, saved: Any) -> None:
        """Hook for subclasses: the record as stored."""

    def _saved(self, saved: Any) -> None:
        self.buttons.setEnabled(True)
        self.saved = saved
        self.on_saved(saved)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        elif isinstance(exc, DomainError) and not isinstance(exc, StorageError):
            QMessageBox.warning(self, self.failure_title, str(exc))  # a conflict with another workstation
        else:  # the database or disk failed, or something unexpected: the form stays open as typed
            failures.report(
                self, self.failure_title, exc, kept="What you typed is kept in this window; press Save again."
            )

    def show_errors(self, errors: dict[str, str]) -> None:
        unplaced = self.errors.show(errors)
        # Messages under the fields need room: grow (never shrink) so no field is squeezed.
        layout = self.layout()
        if layout is not None:
            layout.activate()
        hint = self.sizeHint()
        self.resize(max(self.width(), hint.width()), max(self.height(), hint.height()))
        if unplaced:
            QMessageBox.warning(self, self.failure_title, "\n".join(errors[n] for n in unplaced))
        widget = self.errors.first_invalid(errors)
        if widget is not None:
            widget.setFocus()

    def field_message(self, name: str) -> str:
        return self.errors.message(name)
