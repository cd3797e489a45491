"""The main window: patient search and list on the left, the open patient on the right.

Every database call goes through the task runner; the window only holds core objects. The ChangeSet a write
returns is announced by the runner and relayed here to every screen (AppEvents): no command emits it by hand.

This module is the shell: the layout, menus, status bar, the change relay and error display. Each feature lives
in its own module under `gui/window/` (the database, patient list, open patient, consults, case files, printing,
clinic set-up); the window keeps its public methods and hands each call to its feature.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QSplitter, QStackedWidget

from fbss_desktop import __version__
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.gui import failures, metrics, wheel_guard
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.idle_lock import IdleLock
from fbss_desktop.gui.live_refresh import LiveRefresh
from fbss_desktop.gui.screen import keep_inside, place
from fbss_desktop.gui.ui_state import WorkstationState
from fbss_desktop.gui.widgets.patient_panel import PatientPanel
from fbss_desktop.gui.window import backups, signed_versions, signing_in
from fbss_desktop.gui.window.case_files import CaseFiles
from fbss_desktop.gui.window.clinic_setup import ClinicSetup
from fbss_desktop.gui.window.consult_launcher import ConsultLauncher
from fbss_desktop.gui.window.database import DatabaseLifecycle, offer_by_role
from fbss_desktop.gui.window.instructions import PatientInstructions
from fbss_desktop.gui.window.letters import Letters
from fbss_desktop.gui.window.patient_list import DEMO_PATIENTS, PatientListPane
from fbss_desktop.gui.window.patient_record import PatientRecord
from fbss_desktop.gui.window.printing import Printing
from fbss_desktop.gui.window.procedures import PatientProcedures

if TYPE_CHECKING:
    from fbss_desktop.gui.dialogs.audit_dialog import AuditDialog
    from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicSetupDialog
    from fbss_desktop.gui.dialogs.clinicians_dialog import CliniciansDialog
    from fbss_desktop.gui.dialogs.sign_in_dialog import FirstAdministratorDialog, SignInDialog
    from fbss_desktop.gui.dialogs.signed_versions_dialog import SignedVersionsDialog
    from fbss_desktop.gui.dialogs.users_dialog import ChangePasswordDialog, UsersDialog
    from fbss_desktop.gui.front_desk import FrontDeskWindow
    from fbss_desktop.services.clinic import Clinic, RecoveryStore


class MainWindow(QMainWindow):
    database_opened = Signal()
    database_failed = Signal(str)
    # Set once opened (loaded on first use, not at start-up):
    front_desk: FrontDeskWindow
    clinic_dialog: ClinicSetupDialog
    clinicians_dialog: CliniciansDialog
    sign_in_dialog: SignInDialog
    first_administrator_dialog: FirstAdministratorDialog
    who_label: QLabel
    users_dialog: UsersDialog
    lock_dialog: SignInDialog
    change_password_dialog: ChangePasswordDialog
    audit_dialog: AuditDialog
    signed_versions_dialog: SignedVersionsDialog

    def __init__(
        self,
        runner: Any,
        events: AppEvents,
        state: WorkstationState | None = None,
        *,
        database_label: str = "",
        log_path: str = "",
        today: Callable[[], dt.date] = dt.date.today,
        recovery_dir: Path | None = None,
    ) -> None:
        super().__init__()
        wheel_guard.install()  # the wheel never changes a field that is not being edited, in any window
        self.runner = runner
        if hasattr(runner, "unhandled"):
            runner.unhandled = lambda exc: self.show_error("A background task failed", exc)
        self.events = events
        runner.changes_applied.connect(events.changes_applied)  # writes announce themselves to every screen
        self.state = state
        self.clinic: Clinic | None = None  # once the database is open
        # How it was opened (its URL and opener), so the set-up can encrypt a new database and open it again.
        self.reopen_clinic: tuple[str, Callable[..., Clinic]] | None = None
        self.given_password = ""  # an encrypted database's sign-in, until a temporary password is replaced
        self.slash_order = SlashOrder.MDY
        self._today = today
        self._log_path = log_path
        self.interactive = True  # False in --smoke-test: report problems on stderr, never in a dialog
        self.ask_for_administrator = True  # a clinic with no user asks for its administrator at start
        self.idle_lock = IdleLock(self)  # covers every window after the clinic's idle time
        # Other workstations' changes, announced to every screen like this one's (gui/live_refresh.py).
        self.live = LiveRefresh(runner, events, self._nobody_to_show, self)
        self.recovery: RecoveryStore | None = None  # once the database is open
        self.editors: dict[Any, Any] = {}  # open ConsultEditors by consult id (or their token while new)
        self.setWindowTitle("FBSS Desktop")
        place(self, *metrics.MAIN_WINDOW_SIZE)  # the free area of a 1366×768 laptop, or more where there is room

        # --- the features (gui/window/) -------------------------------------------------------------------
        self.database = DatabaseLifecycle(self, recovery_dir)
        self.patient_record = PatientRecord(self, today)
        self.consults = ConsultLauncher(self)
        self.case_files = CaseFiles(self)
        self.printing = Printing(self, today)
        self.letters = Letters(self)
        self.instructions = PatientInstructions(self, today)
        self.clinic_setup = ClinicSetup(self)

        # --- left: search and patient list (its widgets are the window's too) ----------------------------
        self.patient_list = PatientListPane(self)
        self.search = self.patient_list.search
        self.match_count = self.patient_list.match_count
        self.patient_model = self.patient_list.patient_model
        self.patient_view = self.patient_list.patient_view
        self.empty_state = self.patient_list.empty_state
        self.empty_set_up = self.patient_list.empty_set_up
        self.empty_new_patient = self.patient_list.empty_new_patient
        self.empty_load_demo = self.patient_list.empty_load_demo
        self.list_stack = self.patient_list.list_stack
        self._search_timer = self.patient_list.search_timer  # tests wait for it

        # --- right: the open patient -------------------------------------------------------------------
        self.panel = PatientPanel(self.database.surgery_catalogue, today)
        self.panel.setObjectName("patientPanel")
        self.procedures = PatientProcedures(self, today)  # the panel's Procedures tab (gui/window/procedures.py)
        self.no_patient = QLabel("Select a patient from the list, or create one with File › New patient (Ctrl+N).")
        self.no_patient.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_patient.setWordWrap(True)
        self.no_patient.setStyleSheet("color: palette(mid); font-size: 12pt;")
        self.right_stack = QStackedWidget()
        self.right_stack.addWidget(self.no_patient)
        self.right_stack.addWidget(self.panel)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.patient_list)
        self.splitter.addWidget(self.right_stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes(list(metrics.MAIN_SPLIT_SIZES))
        self.setCentralWidget(self.splitter)
        self.database_label = QLabel(database_label)
        self.backup_warning = QLabel()  # the daily backup failed: said until one succeeds
        self.backup_warning.setObjectName("backupWarning")
        self.backup_warning.setStyleSheet("color: #b03a2e;")
        self.backup_warning.hide()
        self.statusBar().addPermanentWidget(self.backup_warning)
        self.statusBar().addPermanentWidget(self.live.status)  # said while other workstations cannot be heard
        self.statusBar().addPermanentWidget(self.database_label)

        self._build_actions()
        self.panel.edit_patient_requested.connect(self.edit_patient)
        self.panel.add_surgery_requested.connect(self.add_surgery)
        self.panel.edit_surgery_requested.connect(self.edit_surgery)
        self.panel.remove_surgery_requested.connect(self.remove_surgery)
        self.panel.new_consult_requested.connect(self.new_consult)
        self.panel.open_consult_requested.connect(self.open_consult)
        self.panel.signed_versions_requested.connect(lambda consult_id: signed_versions.show_versions(self, consult_id))
        self.panel.print_plan_requested.connect(self.print_plan)
        self.panel.letters_requested.connect(self.letters.open_letters)
        self.panel.instructions_requested.connect(self.instructions.open_for_plan)
        self.events.changes_applied.connect(self._changes_applied)
        self.database.set_ready(False)

        if self.state is not None:
            if self.state.restore_geometry("main", self):
                keep_inside(self)  # a size saved on a bigger screen still fits this one
            self.state.restore_splitter("main", self.splitter)

    # --- construction -----------------------------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(
            text: str, slot: Callable[[], Any], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None
        ) -> QAction:
            item = QAction(text, self)
            if shortcut is not None:
                item.setShortcut(QKeySequence(shortcut))
            item.triggered.connect(lambda _checked=False: slot())
            return item

        self.new_patient_action = action("&New patient…", self.new_patient, QKeySequence.StandardKey.New)
        self.load_demo_action = action(f"Load {DEMO_PATIENTS} &demo patients", lambda: self.load_demo(DEMO_PATIENTS))
        self.import_case_action = action("&Import case file…", self.import_case_file)
        self.export_case_action = action("&Export case file…", self.export_case_file)
        self.quit_action = action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.find_action = action("&Find patient", self.focus_search, QKeySequence.StandardKey.Find)
        self.edit_patient_action = action("&Edit patient…", self.edit_patient, "Ctrl+E")
        self.add_surgery_action = action("Add spine &surgery…", self.add_surgery, "Ctrl+Shift+S")
        self.new_consult_action = action("New &consult", lambda: self.new_consult(True), "Ctrl+Shift+N")
        self.about_action = action("&About FBSS Desktop", self.about)
        self.settings_action = action("&Settings…", self.edit_settings)
        self.clinic_action = action("&Clinic…", self.edit_clinic)
        self.clinicians_action = action("Clinicia&ns…", self.edit_clinicians)
        self.contacts_action = action("Con&tacts…", lambda: self.letters.open_contacts())
        self.letters_action = action("&Letters…", lambda: self.letters.open_letters(), "Ctrl+Shift+T")
        self.front_desk_action = action("&Front desk…", self.open_front_desk, "Ctrl+Shift+D")
        self.users_action = action("&Users…", lambda: signing_in.open_users(self))
        self.audit_action = action("&Audit trail…", lambda: signing_in.open_audit(self))
        self.backup_action = action("&Back up now…", lambda: backups.back_up_now(self))
        self.change_password_action = action("Change &password…", lambda: signing_in.change_password(self))
        self.switch_user_action = action("S&witch user…", lambda: signing_in.switch_user(self), "Ctrl+Shift+L")
        # From any of the app's windows (a consult editor has focus as often as not), not only this one.
        self.switch_user_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        menu = self.menuBar().addMenu("&File")
        menu.addAction(self.new_patient_action)
        menu.addAction(self.load_demo_action)
        menu.addSeparator()
        menu.addAction(self.import_case_action)
        menu.addAction(self.export_case_action)
        menu.addSeparator()
        menu.addAction(self.users_action)
        menu.addAction(self.audit_action)
        menu.addAction(self.backup_action)
        menu.addAction(self.change_password_action)
        menu.addAction(self.switch_user_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        menu = self.menuBar().addMenu("&Edit")
        menu.addAction(self.find_action)
        menu.addSeparator()
        menu.addAction(self.clinic_action)
        menu.addAction(self.clinicians_action)
        menu.addAction(self.contacts_action)
        menu.addAction(self.settings_action)
        menu = self.menuBar().addMenu("&View")
        menu.addAction(self.front_desk_action)
        menu = self.menuBar().addMenu("&Patient")
        menu.addAction(self.edit_patient_action)
        menu.addAction(self.add_surgery_action)
        menu.addAction(self.new_consult_action)
        menu.addAction(self.letters_action)
        menu = self.menuBar().addMenu("&Help")
        menu.addAction(self.about_action)

    # --- the database (database.py) ----------------------------------------------------------------------
    def open_database(self, opener: Callable[[], Any]) -> None:
        """Open the clinic on the worker (`opener` returns a services Clinic), then fill the window."""
        self.database.open_database(opener)

    def close_database(self) -> None:
        self.database.close_database()

    def update_patient_actions(self) -> None:
        offer_by_role(
            self.clinic,
            self.panel.patient is not None,
            (
                (self.edit_patient_action, "patients.save"),
                (self.add_surgery_action, "patients.save_surgery"),
                (self.new_consult_action, "consults.new"),
                (self.letters_action, "letters.list"),
                (self.export_case_action, "case_files.write"),
            ),
        )

    # --- changes made anywhere ----------------------------------------------------------------------------
    def _nobody_to_show(self) -> bool:
        clinic = self.clinic
        return clinic is None or self.idle_lock.locked or (clinic.has_users is not False and clinic.actor is None)

    def _changes_applied(self, changes: ChangeSet) -> None:
        clinic_wide = changes.settings or changes.clinicians
        if clinic_wide and self.clinic is not None:
            clinic = self.clinic
            self.runner.run(lambda: (clinic.settings.values(), clinic.setup.needed()), self.database.settings_changed)
        if changes.patient_list:
            self.list_stack.setCurrentWidget(self.patient_view)
            self.patient_model.refresh()
        patient = self.panel.patient
        # The panel shows clinic-wide values too: the trend's minimal important change (settings) and the
        # consults' clinician names.
        if patient is not None and patient.id is not None and (clinic_wide or changes.touches_patient(patient.id)):
            self.open_patient(patient.id)
        if changes.remote:
            self.consults.saved_elsewhere(changes)  # an open consult saved on another workstation says so

    # --- commands ---------------------------------------------------------------------------------------
    def save_with(self, op: Callable[[Any, Any], tuple[Any, ChangeSet]]) -> Callable[..., None]:
        """A dialog's save function: run `op(clinic, form)` on the worker, then call back with what was saved
        (the runner announces the changes)."""

        def save(form: Any, on_saved: Callable[[Any], None], on_failed: Callable[[BaseException], None]) -> None:
            clinic = self.clinic
            self.runner.run(lambda: op(clinic, form), lambda result: on_saved(result[0]), on_failed)

        return save

    # --- the features' commands, handed on (gui/window/) ----------------------------------------------------
    # The patient list (patient_list.py)
    def focus_search(self) -> None:
        self.patient_list.focus_search()

    def _run_search(self) -> None:  # benchmarks/gui_workload.py searches without waiting for the timer
        self.patient_list.run_search()

    def load_demo(self, count: int) -> None:
        self.patient_list.load_demo(count)

    # The open patient (patient_record.py)
    @property
    def _opening_patient(self) -> int | None:  # benchmarks/gui_workload.py waits for the patient it opened
        return self.patient_record.opening

    def open_patient(self, patient_id: int) -> None:
        self.patient_record.open_patient(patient_id)

    def new_patient(self) -> None:
        self.patient_record.new_patient()

    def edit_patient(self) -> None:
        self.patient_record.edit_patient()

    def add_surgery(self) -> None:
        self.patient_record.add_surgery()

    def edit_surgery(self, surgery: Surgery) -> None:
        self.patient_record.edit_surgery(surgery)

    def remove_surgery(self, surgery: Surgery) -> None:
        self.patient_record.remove_surgery(surgery)

    # Consults (consult_launcher.py)
    def new_consult(self, carry_forward: bool = True) -> None:
        self.consults.new_consult(carry_forward)

    def open_consult(self, consult_id: int) -> None:
        self.consults.open_consult(consult_id)

    def offer_recovery(self) -> None:
        """After a crash: offer each autosaved consult back, newest first."""
        self.consults.offer_recovery()

    def restore_consult(self, item: Any) -> None:
        self.consults.restore_consult(item)

    # Case files (case_files.py)
    def export_case_file(self, target: str | None = None) -> None:
        self.case_files.export_case_file(target)

    def import_case_file(self, source: str | None = None) -> None:
        self.case_files.import_case_file(source)

    # Printing (printing.py)
    def open_front_desk(self) -> None:
        self.printing.open_front_desk()

    def print_plan(self, consult_id: int, plan_id: int) -> None:
        self.printing.print_plan(consult_id, plan_id)

    # The clinic (clinic_setup.py)
    def set_up_clinic(self) -> None:
        self.clinic_setup.set_up_clinic()

    def edit_clinic(self) -> None:
        self.clinic_setup.edit_clinic()

    def edit_clinicians(self) -> None:
        self.clinic_setup.edit_clinicians()

    def edit_settings(self) -> None:
        self.clinic_setup.edit_settings()

    # --- the shell --------------------------------------------------------------------------------------
    def about(self) -> None:
        QMessageBox.about(
            self,
            "About FBSS Desktop",
            f"<b>FBSS Desktop {__version__}</b><p>Consult record and multimodal treatment planning for "
            "persistent pain after spine surgery (FBSS, PSPS type 2).</p><p>Decision support advises; "
            "the clinician decides.</p>",
        )

    def show_error(self, title: str, exc: BaseException) -> None:
        """Show a failure over this window; unexpected ones are logged (never with patient data)."""
        failures.report(self, title, exc)

    # --- Qt overrides -----------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if getattr(self, "front_desk", None) is not None:
            self.front_desk.close()
        for editor in list(self.editors.values()):
            if not editor.close():
                event.ignore()  # the clinician kept an unsaved consult open
                return
        if self.state is not None:
            self.state.save_geometry("main", self)
            self.state.save_splitter("main", self.splitter)
            self.state.sync()
        event.accept()
