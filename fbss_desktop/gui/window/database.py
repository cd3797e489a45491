"""The database behind the window: opened on the worker, closed, its clinic-wide settings applied.

The window's controls that need a clinic are enabled only while one is open. Opening reads what the window
shows first (whether there are patients, the settings, whether the clinic still needs setting up) in the same
worker call; a fresh database starts with the clinic set-up, a crash left behind starts with the recovery offer.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterable
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.surgeries import SurgeryCatalogue
from fbss_desktop.gui import failures
from fbss_desktop.gui.window import signing_in

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow

log = logging.getLogger(__name__)

BACKUP_CHECK_MS = 60 * 60 * 1000  # whether the day's backup is due, looked at every hour
NOTICE_MS = 15000


class DatabaseLifecycle:
    def __init__(self, main_window: MainWindow, recovery_dir: Path | None = None) -> None:
        self.main_window = main_window
        self.recovery_dir = recovery_dir
        self.surgeries: SurgeryCatalogue | None = None
        self.clinic_name = ""  # as the settings were loaded or last saved: the sign-in names the clinic
        self.backup_timer = QTimer(main_window)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(self.daily_backup)

    def open_database(self, opener: Callable[[], Any]) -> None:
        """Open the clinic on the worker (`opener` returns a services Clinic), then fill the window. A clinic with
        users asks who is there first: nothing of its patients is read before someone signs in."""

        def op() -> tuple[Any, bool | None, dict[str, Any], bool]:
            clinic = opener()
            waiting = not clinic.accounts.needs_first_user() and clinic.actor is None
            empty = None if waiting else clinic.patients.is_empty()
            return clinic, empty, clinic.settings.values(), clinic.setup.needed()

        self.main_window.runner.run(op, self.database_opened, self.database_failed)

    def database_opened(self, result: tuple[Any, bool | None, dict[str, Any], bool]) -> None:
        window = self.main_window
        window.clinic, empty, settings, needs_setup = result
        self.surgeries = window.clinic.patients.surgery_catalogue()  # resource data: no database work
        self.apply_settings(settings)
        if window.clinic.actor is not None:  # signed in before it opened (an encrypted database)
            given, window.given_password = window.given_password, ""
            signing_in.signed_in(window, needs_setup, given=given)
            return
        if empty is None:  # the clinic has users: sign in first
            if window.interactive:
                QTimer.singleShot(0, lambda: signing_in.ask_to_sign_in(window, needs_setup))
            return
        self.show_clinic(empty, needs_setup)

    def show_clinic(self, empty: bool, needs_setup: bool) -> None:
        """The clinic's window filled once it is known who works in it (or that the clinic has no users yet)."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return
        signing_in.show_who(window)
        window.empty_set_up.setVisible(needs_setup)
        if needs_setup and window.interactive:
            QTimer.singleShot(0, window.set_up_clinic)  # a fresh database: the set-up comes first (and its admin)
        elif clinic.has_users is False and window.interactive and window.ask_for_administrator:
            QTimer.singleShot(0, lambda: signing_in.ask_for_first_administrator(window))
        self.set_ready(True)
        window.list_stack.setCurrentWidget(window.empty_state if empty else window.patient_view)
        if empty:
            window.match_count.clear()
        window.patient_model.set_search(window.search.text())
        if clinic.migration and clinic.migration.backup:
            window.statusBar().showMessage(
                f"Database upgraded to schema {clinic.migration.to_version}; "
                f"a copy of the old one is in {clinic.migration.backup.parent}",
                15000,
            )
        if self.recovery_dir is not None:
            from fbss_desktop.services.clinic import RecoveryStore

            window.recovery = RecoveryStore(self.recovery_dir, clinic.database_key)
            if window.interactive:
                QTimer.singleShot(0, window.offer_recovery)
        # A clinic still to be set up is backed up once it is (encrypted then, as the encrypted file).
        self.start_background(backup=not needs_setup)
        window.database_opened.emit()

    def start_background(self, *, backup: bool = True) -> None:
        """What runs while someone works, whatever their workspace (the main window or the front desk): other
        workstations' changes shown as they happen, and the day's backup. Started again when the clinic is
        opened again (encrypted at its set-up): the listener and the backup follow the file now open."""
        window = self.main_window
        if window.clinic is None:
            return
        window.live.start(window.clinic)
        if backup:
            self.daily_backup()
            self.backup_timer.start()  # a workstation left open overnight makes the next day's too

    def daily_backup(self) -> None:
        """The day's backup of an SQLite clinic, when none was made today (services/backups.py). A failure is
        said in the status bar, where it stays until the next one succeeds, and goes to the log."""
        window = self.main_window
        clinic = window.clinic
        if clinic is None or clinic.backup_dir is None:
            return
        folder = clinic.backup_dir

        def made(target: Path | None) -> None:
            if target is not None:
                window.backup_warning.hide()
                window.statusBar().showMessage(f"Today's backup of the database is in {target.parent}.", NOTICE_MS)

        def failed(exc: BaseException) -> None:
            log.warning("the daily backup failed (%s)", type(exc).__name__)
            window.backup_warning.setText(
                f"Today's backup failed: {exc} Tell your administrator (it is tried again every hour)."
            )
            window.backup_warning.show()

        window.runner.run(lambda: clinic.backups.make_daily(folder), made, failed)

    def database_failed(self, exc: BaseException) -> None:
        window = self.main_window
        window.match_count.setText("The database could not be opened.")
        window.database_failed.emit(type(exc).__name__)
        if not window.interactive:
            print(f"fbss-desktop: the database could not be opened: {exc}", file=sys.stderr)
            return
        failures.report(window, "Cannot open the database", exc)

    def close_database(self) -> None:
        window = self.main_window
        window.live.stop()
        self.backup_timer.stop()
        if window.clinic is not None:
            clinic, window.clinic = window.clinic, None
            window.runner.run_blocking(clinic.close)

    def settings_changed(self, result: tuple[dict[str, Any], bool]) -> None:
        window = self.main_window
        settings, needs_setup = result
        order = window.slash_order
        self.apply_settings(settings)
        window.empty_set_up.setVisible(needs_setup)
        if window.slash_order is not order and window.patient_model.search_text.strip():
            window.patient_model.refresh()  # a date typed with slashes now reads the other way

    def apply_settings(self, settings: dict[str, Any]) -> None:
        window = self.main_window
        window.slash_order = SlashOrder(settings["dates.slash_order"])
        window.idle_lock.set_minutes(settings["security.idle_minutes"])  # the stored value, or the default
        self.clinic_name = name = str(settings.get("clinic.name") or "")
        window.setWindowTitle(f"FBSS Desktop — {name}" if name else "FBSS Desktop")

    def set_ready(self, ready: bool) -> None:
        """Enable what the clinic offers once it is open, each menu item only if the signed-in user's role allows
        it (the services refuse anyone else anyway; a menu item that only leads to a refusal is not offered)."""
        window = self.main_window
        for widget in (window.search, window.patient_view):
            widget.setEnabled(ready)
        offers = (
            (window.new_patient_action, "patients.save"),
            (window.empty_new_patient, "patients.save"),
            (window.load_demo_action, "demo.load"),
            (window.empty_load_demo, "demo.load"),
            (window.find_action, "patients.search"),
            (window.import_case_action, "case_files.add"),
            (window.clinic_action, "settings.save"),
            (window.clinicians_action, "setup.save_clinician"),
            (window.contacts_action, "contacts.list"),
            (window.settings_action, "settings.save"),
            (window.users_action, "accounts.list_users"),
            (window.audit_action, "audit_log.search"),
            (window.backup_action, "backups.make"),
        )
        offer_by_role(window.clinic, ready, offers)
        window.update_patient_actions()

    def surgery_catalogue(self) -> SurgeryCatalogue:
        """The surgery catalogue, as the clinic gave it when it opened (the patient panel has rows only
        after that; the catalogue is resource data, kept while the window closes or changes database)."""
        assert self.surgeries is not None, "the patient panel has rows only once a clinic opened"
        return self.surgeries


def offer_by_role(clinic: Any, ready: bool, offers: Iterable[tuple[QAction | QWidget, str]]) -> None:
    """Enable each item when `ready` and the signed-in user's role allows its use case (a facade method named
    as "manager.method"); a menu item that would only lead to a refusal is not offered. The services still
    check every call."""
    for item, use_case in offers:
        item.setEnabled(ready and clinic is not None and clinic.allows(attrgetter(use_case)(clinic)))
