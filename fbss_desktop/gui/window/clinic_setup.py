"""Setting up the clinic: the first-day set-up, the letterhead (Edit › Clinic…), the clinicians (Edit ›
Clinicians…) and the clinic settings (Edit › Settings…).

These are clinic-wide: every workstation shares them, so a save is refused, with a message, when another
workstation changed the same values since the dialog opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import DomainError

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow
    from fbss_desktop.services.clinic import Clinic


class ClinicSetup:
    def __init__(self, main_window: MainWindow) -> None:
        self.main_window = main_window

    def edit_settings(self) -> None:
        """The clinic settings dialog; changes are saved in one transaction, refused if another workstation
        changed one of them since the dialog opened."""
        from fbss_desktop.gui.dialogs.settings_dialog import SettingsDialog

        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return

        def ask(snapshot: Any, typed: dict[str, Any] | None = None) -> None:
            dialog = SettingsDialog(snapshot.values, window, typed=typed)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            changes = dialog.changes()
            if not changes:
                return

            def refused(exc: BaseException) -> None:
                """Say why, then open the dialog again on the stored values with what was typed on top."""
                window.show_error("Settings not saved", exc)
                if isinstance(exc, DomainError):
                    window.runner.run(
                        clinic.settings.snapshot,
                        lambda fresh: ask(fresh, changes),
                        lambda again: window.show_error("Cannot read the settings", again),
                    )

            def saved(_result: ChangeSet) -> None:
                window.statusBar().showMessage(
                    f"Saved {len(changes)} clinic setting{'s' if len(changes) > 1 else ''}.", 6000
                )

            window.runner.run(
                lambda: clinic.settings.save(changes, snapshot),
                saved,
                refused,
            )

        window.runner.run(clinic.settings.snapshot, ask, lambda exc: window.show_error("Cannot read the settings", exc))

    # --- the clinic: set-up, letterhead, clinicians ---------------------------------------------------------
    def set_up_clinic(self) -> None:
        """First day: the clinic's letterhead and its first clinician, in one short form."""
        self._clinic_dialog(with_clinician=True)

    def edit_clinic(self) -> None:
        """Edit › Clinic…: the letterhead (name, address, phone, paper size, logo)."""
        self._clinic_dialog(with_clinician=False)

    def _clinic_dialog(self, *, with_clinician: bool) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicSetupDialog

        def ask(found: tuple[Any, bool]) -> None:
            snapshot, has_clinician = found

            def op(clinic: Clinic, form: Any) -> tuple[None, ChangeSet]:
                changes, clinician = form
                if with_clinician:
                    return None, clinic.setup.set_up(changes, snapshot, clinician)
                return None, clinic.settings.save(changes, snapshot)

            dialog = ClinicSetupDialog(
                window.save_with(op),
                snapshot.values,
                with_clinician=with_clinician and not has_clinician,
                parent=window,
            )
            window.clinic_dialog = dialog
            if dialog.exec() == QDialog.DialogCode.Accepted:
                window.statusBar().showMessage("The clinic is set up." if with_clinician else "Clinic saved.", 8000)
                if with_clinician and clinic.has_users is False and window.ask_for_administrator:
                    from fbss_desktop.gui.window import signing_in

                    signing_in.ask_for_first_administrator(window)  # the set-up's last step

        window.runner.run(
            lambda: (clinic.settings.snapshot(), bool(clinic.setup.clinicians())),
            ask,
            lambda exc: window.show_error("Cannot read the clinic", exc),
        )

    def edit_clinicians(self) -> None:
        """Edit › Clinicians…: add, edit, deactivate and reactivate the clinic's clinicians."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.dialogs.clinicians_dialog import CliniciansDialog

        def load(show: Callable[[list[Any]], None]) -> None:
            window.runner.run(
                lambda: clinic.setup.clinicians(active_only=False),
                show,
                lambda exc: window.show_error("Cannot list the clinicians", exc),
            )

        dialog = CliniciansDialog(
            load, window.save_with(lambda clinic, form: clinic.setup.save_clinician(form)), window
        )
        window.clinicians_dialog = dialog
        dialog.exec()
