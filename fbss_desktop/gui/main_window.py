"""The main window: patient search and list on the left, the open patient on the right.

Every database call goes through the task runner; the window only holds core objects. The ChangeSet a write
returns is announced by the runner and relayed here to every screen (AppEvents): no command emits it by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop import __version__
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.errors import DomainError
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.search import QueryKind
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.gui import failures
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.models.patient_table import COL_NAME, PatientTableModel
from fbss_desktop.gui.screen import fitting
from fbss_desktop.gui.ui_state import WorkstationState
from fbss_desktop.gui.widgets.patient_panel import PatientPanel
from fbss_desktop.services.catalogues import surgery_catalogue

log = logging.getLogger(__name__)

PAGE_SIZE = 100
SEARCH_DELAY_MS = 60
COUNT_CAP = 1000
DEMO_PATIENTS = 50


class MainWindow(QMainWindow):
    database_opened = Signal()
    database_failed = Signal(str)

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
        self.runner = runner
        if hasattr(runner, "unhandled"):
            runner.unhandled = lambda exc: self.show_error("A background task failed", exc)
        self.events = events
        runner.changes_applied.connect(events.changes_applied)  # writes announce themselves to every screen
        self.state = state
        self.clinic: Any = None  # services.clinic.Clinic once the database is open
        self.slash_order = SlashOrder.MDY
        self._today = today
        self._log_path = log_path
        self._opening_patient: int | None = None
        self._query_problem = ""
        self.interactive = True  # False in --smoke-test: report problems on stderr, never in a dialog
        self._recovery_dir = recovery_dir
        self.recovery: Any = None  # services.recovery.RecoveryStore once the database is open
        self.editors: dict[Any, Any] = {}  # open ConsultEditors by consult id (or their token while new)
        self._opening_consults: set[int] = set()
        self.setWindowTitle("FBSS Desktop")
        self.resize(fitting(1280, 780))

        # --- left: search and patient list -------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText("Find patient: name, MRN or date of birth  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.match_count = QLabel("Opening database…")
        self.match_count.setObjectName("matchCount")
        self.patient_model = PatientTableModel(self)
        self.patient_view = QTableView()
        self.patient_view.setObjectName("patientTable")
        self.patient_view.setModel(self.patient_model)
        self.patient_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.patient_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.patient_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.patient_view.verticalHeader().hide()
        self.patient_view.verticalHeader().setDefaultSectionSize(24)
        self.patient_view.setAlternatingRowColors(True)
        header = self.patient_view.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setDefaultSectionSize(100)

        self.empty_state = self._build_empty_state()
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.patient_view)
        self.list_stack.addWidget(self.empty_state)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.match_count)
        left_layout.addWidget(self.list_stack, 1)

        # --- right: the open patient -------------------------------------------------------------------
        self.panel = PatientPanel(surgery_catalogue(), today)
        self.panel.setObjectName("patientPanel")
        self.no_patient = QLabel("Select a patient from the list, or create one with File › New patient (Ctrl+N).")
        self.no_patient.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_patient.setWordWrap(True)
        self.no_patient.setStyleSheet("color: palette(mid); font-size: 12pt;")
        self.right_stack = QStackedWidget()
        self.right_stack.addWidget(self.no_patient)
        self.right_stack.addWidget(self.panel)

        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.right_stack)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([480, 800])
        self.setCentralWidget(self.splitter)
        self.database_label = QLabel(database_label)
        self.statusBar().addPermanentWidget(self.database_label)

        self._build_actions()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._focus_first_result)
        self.patient_model.page_requested.connect(self._load_page)
        self.patient_model.search_finished.connect(self._search_finished)
        self.patient_view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.patient_view.activated.connect(lambda _index: self.panel.edit_button.setFocus())
        self.panel.edit_patient_requested.connect(self.edit_patient)
        self.panel.add_surgery_requested.connect(self.add_surgery)
        self.panel.edit_surgery_requested.connect(self.edit_surgery)
        self.panel.remove_surgery_requested.connect(self.remove_surgery)
        self.panel.new_consult_requested.connect(self.new_consult)
        self.panel.open_consult_requested.connect(self.open_consult)
        self.panel.print_plan_requested.connect(self.print_plan)
        self.events.changes_applied.connect(self._changes_applied)
        self._set_database_ready(False)

        if self.state is not None:
            self.state.restore_geometry("main", self)
            self.state.restore_splitter("main", self.splitter)

    # --- construction -----------------------------------------------------------------------------------
    def _build_empty_state(self) -> QWidget:
        page = QWidget()
        page.setObjectName("emptyState")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = QLabel("No patients yet")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Register your first patient, or load fictional demo patients with surgical histories "
            "to explore FBSS Desktop. Demo patients have MRNs starting with D."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_set_up = QPushButton("Set up the clinic…")
        self.empty_set_up.setObjectName("setUpClinic")
        self.empty_set_up.hide()  # shown while the clinic has no name or no clinician
        self.empty_new_patient = QPushButton("New patient…")
        self.empty_load_demo = QPushButton(f"Load {DEMO_PATIENTS} demo patients")
        self.empty_set_up.clicked.connect(lambda _checked=False: self.set_up_clinic())
        self.empty_new_patient.clicked.connect(lambda _checked=False: self.new_patient())
        self.empty_load_demo.clicked.connect(lambda _checked=False: self.load_demo(DEMO_PATIENTS))
        first = QHBoxLayout()  # the set-up comes first, on a row of its own
        first.addStretch(1)
        first.addWidget(self.empty_set_up)
        first.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.empty_new_patient)
        buttons.addWidget(self.empty_load_demo)
        buttons.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addLayout(first)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

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
        self.front_desk_action = action("&Front desk…", self.open_front_desk, "Ctrl+Shift+D")

        menu = self.menuBar().addMenu("&File")
        menu.addAction(self.new_patient_action)
        menu.addAction(self.load_demo_action)
        menu.addSeparator()
        menu.addAction(self.import_case_action)
        menu.addAction(self.export_case_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)
        menu = self.menuBar().addMenu("&Edit")
        menu.addAction(self.find_action)
        menu.addSeparator()
        menu.addAction(self.clinic_action)
        menu.addAction(self.clinicians_action)
        menu.addAction(self.settings_action)
        menu = self.menuBar().addMenu("&View")
        menu.addAction(self.front_desk_action)
        menu = self.menuBar().addMenu("&Patient")
        menu.addAction(self.edit_patient_action)
        menu.addAction(self.add_surgery_action)
        menu.addAction(self.new_consult_action)
        menu = self.menuBar().addMenu("&Help")
        menu.addAction(self.about_action)

    # --- database lifecycle ---------------------------------------------------------------------------
    def open_database(self, opener: Callable[[], Any]) -> None:
        """Open the clinic on the worker (`opener` returns a services Clinic), then fill the window."""

        def op() -> tuple[Any, bool, dict[str, Any], bool]:
            clinic = opener()
            return clinic, clinic.is_empty(), clinic.settings(), clinic.needs_setup()

        self.runner.run(op, self._database_opened, self._database_failed)

    def _database_opened(self, result: tuple[Any, bool, dict[str, Any], bool]) -> None:
        self.clinic, empty, settings, needs_setup = result
        self._apply_settings(settings)
        self.empty_set_up.setVisible(needs_setup)
        if needs_setup and self.interactive:
            QTimer.singleShot(0, self.set_up_clinic)  # a fresh database: the set-up comes first
        self._set_database_ready(True)
        self.list_stack.setCurrentWidget(self.empty_state if empty else self.patient_view)
        if empty:
            self.match_count.clear()
        self.patient_model.set_search(self.search.text())
        if self.clinic.migration and self.clinic.migration.backup:
            self.statusBar().showMessage(
                f"Database upgraded to schema {self.clinic.migration.to_version}; "
                f"a copy of the old one is in {self.clinic.migration.backup.parent}",
                15000,
            )
        if self._recovery_dir is not None:
            from fbss_desktop.services.recovery import RecoveryStore

            self.recovery = RecoveryStore(self._recovery_dir, self.clinic.database_key)
            if self.interactive:
                QTimer.singleShot(0, self.offer_recovery)
        self.database_opened.emit()

    def _database_failed(self, exc: BaseException) -> None:
        self.match_count.setText("The database could not be opened.")
        self.database_failed.emit(type(exc).__name__)
        if not self.interactive:
            print(f"fbss-desktop: the database could not be opened: {exc}", file=sys.stderr)
            return
        failures.report(self, "Cannot open the database", exc)

    def close_database(self) -> None:
        if self.clinic is not None:
            clinic, self.clinic = self.clinic, None
            self.runner.run_blocking(clinic.close)

    def _settings_changed(self, result: tuple[dict[str, Any], bool]) -> None:
        settings, needs_setup = result
        order = self.slash_order
        self._apply_settings(settings)
        self.empty_set_up.setVisible(needs_setup)
        if self.slash_order is not order and self.patient_model.search_text.strip():
            self.patient_model.refresh()  # a date typed with slashes now reads the other way

    def _apply_settings(self, settings: dict[str, Any]) -> None:
        self.slash_order = SlashOrder(settings["dates.slash_order"])
        name = settings.get("clinic.name") or ""
        self.setWindowTitle(f"FBSS Desktop — {name}" if name else "FBSS Desktop")

    def _set_database_ready(self, ready: bool) -> None:
        for widget in (self.search, self.patient_view, self.empty_new_patient, self.empty_load_demo):
            widget.setEnabled(ready)
        for item in (
            self.new_patient_action,
            self.load_demo_action,
            self.find_action,
            self.import_case_action,
            self.clinic_action,
            self.clinicians_action,
            self.settings_action,
        ):
            item.setEnabled(ready)
        self._update_patient_actions()

    def _update_patient_actions(self) -> None:
        has_patient = self.clinic is not None and self.panel.patient is not None
        self.edit_patient_action.setEnabled(has_patient)
        self.add_surgery_action.setEnabled(has_patient)
        self.new_consult_action.setEnabled(has_patient)
        self.export_case_action.setEnabled(has_patient)

    # --- search ---------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self) -> None:
        if self.clinic is not None:
            self.patient_model.set_search(self.search.text())

    def _load_page(self, text: str, cursor: object, generation: int) -> None:
        clinic, order = self.clinic, self.slash_order
        if clinic is None:
            return
        self.runner.run(
            lambda: clinic.search_patients(text, cursor, PAGE_SIZE, slash_order=order),
            lambda result: self._page_loaded(generation, result),
            lambda exc: self._page_failed(generation, exc),
        )

    def _page_loaded(self, generation: int, result: Any) -> None:
        if generation == self.patient_model.generation:
            self._query_problem = result.query.problem if result.query.kind is QueryKind.INVALID else ""
            if self._query_problem:
                self.match_count.setText(self._query_problem)
        self.patient_model.add_page(generation, result.page.rows, result.page.next_cursor)

    def _page_failed(self, generation: int, exc: BaseException) -> None:
        self.patient_model.page_failed(generation)
        self.show_error("Search failed", exc)

    def _search_finished(self, loaded: int) -> None:
        clinic, text, generation = self.clinic, self.patient_model.search_text, self.patient_model.generation
        if clinic is None or self._query_problem:
            return
        if loaded == 0 and not text.strip():
            self.match_count.clear()  # the empty-state page says it
            return
        order = self.slash_order
        self.runner.run(
            lambda: clinic.count_matches(text, COUNT_CAP, slash_order=order),
            lambda count: self._count_loaded(generation, text, count),
        )

    def _count_loaded(self, generation: int, text: str, count: int) -> None:
        if generation != self.patient_model.generation:
            return
        noun = "patient" if not text.strip() else "match"
        plural = "es" if noun == "match" else "s"
        if count > COUNT_CAP:
            self.match_count.setText(f"More than {COUNT_CAP:,} {noun}{plural}")
        else:
            self.match_count.setText(f"{count:,} {noun}{plural if count != 1 else ''}")

    def _focus_first_result(self) -> None:
        if self.patient_model.rowCount() > 0:
            self.patient_view.setFocus()
            self.patient_view.selectRow(0)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self._focus_first_result()
            return True
        return super().eventFilter(watched, event)

    # --- the open patient -----------------------------------------------------------------------------
    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.patient_model.patient_at(current.row())
        if summary is not None:
            self.open_patient(summary.id)

    def open_patient(self, patient_id: int) -> None:
        clinic = self.clinic
        if clinic is None:
            return
        self._opening_patient = patient_id
        self.runner.run(
            lambda: clinic.open_patient(patient_id),
            self._patient_opened,
            lambda exc: self.show_error("Cannot open the patient", exc),
        )

    def _patient_opened(self, record: Any) -> None:
        if record.patient.id != self._opening_patient:
            return  # the user has moved on to another patient
        self.panel.show_record(record.patient, record.surgeries, record.consults, record.trend, record.plans)
        self.right_stack.setCurrentWidget(self.panel)
        self._update_patient_actions()

    def _changes_applied(self, changes: ChangeSet) -> None:
        clinic_wide = changes.settings or changes.clinicians
        if clinic_wide and self.clinic is not None:
            clinic = self.clinic
            self.runner.run(lambda: (clinic.settings(), clinic.needs_setup()), self._settings_changed)
        if changes.patient_list:
            self.list_stack.setCurrentWidget(self.patient_view)
            self.patient_model.refresh()
        patient = self.panel.patient
        # The panel shows clinic-wide values too: the trend's minimal important change (settings) and the
        # consults' clinician names.
        if patient is not None and patient.id is not None and (clinic_wide or changes.touches_patient(patient.id)):
            self.open_patient(patient.id)

    # --- commands ---------------------------------------------------------------------------------------
    def _save_with(self, op: Callable[[Any, Any], tuple[Any, ChangeSet]]) -> Callable[..., None]:
        """A dialog's save function: run `op(clinic, form)` on the worker, then call back with what was saved
        (the runner announces the changes)."""

        def save(form: Any, on_saved: Callable[[Any], None], on_failed: Callable[[BaseException], None]) -> None:
            clinic = self.clinic
            self.runner.run(lambda: op(clinic, form), lambda result: on_saved(result[0]), on_failed)

        return save

    def new_patient(self) -> None:
        if self.clinic is None:
            return
        from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog  # loaded on first use, not at start-up

        dialog = PatientDialog(
            self._save_with(lambda clinic, form: clinic.save_patient(form)),
            today=self._today,
            slash_order=self.slash_order,
            parent=self,
        )
        dialog.patient_saved.connect(self._select_new_patient)
        dialog.exec()

    def _select_new_patient(self, patient: Patient) -> None:
        # Show the new patient at once: search for their MRN, which lists exactly them.
        self.search.setText(patient.mrn)
        self._search_timer.stop()
        self.patient_model.set_search(patient.mrn)
        assert patient.id is not None
        self.open_patient(patient.id)

    def edit_patient(self) -> None:
        patient = self.panel.patient
        if self.clinic is None or patient is None:
            return
        from fbss_desktop.gui.dialogs.patient_dialog import PatientDialog  # loaded on first use

        dialog = PatientDialog(
            self._save_with(lambda clinic, form: clinic.save_patient(form)),
            patient=patient,
            today=self._today,
            slash_order=self.slash_order,
            parent=self,
        )
        dialog.patient_saved.connect(lambda saved: self.patient_model.replace_patient(saved.summary()))
        dialog.exec()

    def _surgery_dialog(self, surgery: Surgery | None) -> Any:
        patient = self.panel.patient
        if self.clinic is None or patient is None or patient.id is None:
            return None
        from fbss_desktop.gui.dialogs.surgery_dialog import SurgeryDialog  # loaded on first use

        return SurgeryDialog(
            self._save_with(lambda clinic, form: clinic.save_surgery(form)),
            catalogue=surgery_catalogue(),
            patient_id=patient.id,
            date_of_birth=patient.date_of_birth,
            surgery=surgery,
            today=self._today,
            slash_order=self.slash_order,
            parent=self,
        )

    def add_surgery(self) -> None:
        dialog = self._surgery_dialog(None)
        if dialog is not None:
            dialog.exec()

    def edit_surgery(self, surgery: Surgery) -> None:
        dialog = self._surgery_dialog(surgery)
        if dialog is not None:
            dialog.exec()

    def remove_surgery(self, surgery: Surgery) -> None:
        clinic = self.clinic
        if clinic is None or surgery.id is None:
            return
        catalogue = surgery_catalogue()
        answer = QMessageBox.question(
            self,
            "Remove surgery",
            f"Remove {catalogue.procedure_label(surgery.procedure)} ({', '.join(surgery.levels)}, "
            f"{surgery.performed}) from this patient's history?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        surgery_id, version = surgery.id, surgery.row_version
        self.runner.run(
            lambda: clinic.remove_surgery(surgery_id, version),
            on_error=lambda exc: self.show_error("Surgery not removed", exc),
        )

    # --- consults -------------------------------------------------------------------------------------
    def new_consult(self, carry_forward: bool = True) -> None:
        patient = self.panel.patient
        clinic = self.clinic
        if clinic is None or patient is None or patient.id is None:
            return
        patient_id = patient.id
        self.runner.run(
            lambda: self._editor_inputs(clinic, clinic.new_consult(patient_id, carry_forward=carry_forward)),
            lambda inputs: self._show_editor(*inputs),
            lambda exc: self.show_error("Cannot start the consult", exc),
        )

    def open_consult(self, consult_id: int) -> None:
        clinic = self.clinic
        if clinic is None:
            return
        if consult_id in self.editors:
            editor = self.editors[consult_id]
            editor.showNormal()
            editor.raise_()
            editor.activateWindow()
            return
        if consult_id in self._opening_consults:
            return  # already on its way: one consult, one editor
        self._opening_consults.add(consult_id)

        def opened(inputs: Any) -> None:
            self._opening_consults.discard(consult_id)
            if consult_id in self.editors:
                return
            self._show_editor(*inputs)

        def failed(exc: BaseException) -> None:
            self._opening_consults.discard(consult_id)
            self.show_error("Cannot open the consult", exc)

        self.runner.run(lambda: self._editor_inputs(clinic, clinic.open_consult(consult_id)), opened, failed)

    @staticmethod
    def _editor_inputs(clinic: Any, draft: Any) -> tuple[Any, list[Any], str]:
        return draft, clinic.clinicians(active_only=False), clinic.settings()["medications.mme_table"]

    def _show_editor(
        self, draft: Any, clinicians: list[Any], mme_table: str, *, token: str | None = None, restored: bool = False
    ) -> Any:
        from fbss_desktop.gui.consult.editor import ConsultEditor  # loaded on first use, not at start-up
        from fbss_desktop.services.recovery import RecoveryStore

        clinic = self.clinic
        if self.recovery is None:  # a window opened without a recovery folder (tests, tools): keep it private
            import tempfile

            self.recovery = RecoveryStore(Path(tempfile.mkdtemp(prefix="fbss-recovery-")), "none")
        recovery = self.recovery

        def save(patient_id: int, document: dict[str, Any], consult_id: int | None, version: int, **plan: Any) -> Any:
            return clinic.save_consult(patient_id, document, consult_id=consult_id, row_version=version, **plan)

        from fbss_desktop.gui.consult.editor import PlanActions
        from fbss_desktop.services import printing

        actions = PlanActions(
            render=lambda consult_id, plan_id: printing.render_plan_pdf(clinic, consult_id, plan_id=plan_id),
            render_summary=lambda consult_id, plan_id: printing.render_summary_pdf(clinic, consult_id, plan_id=plan_id),
            record_print=lambda plan_id, kind: clinic.record_print(plan_id, kind),
            revise=lambda consult_id, plan_id, version: clinic.revise_plan(consult_id, plan_id, version),
        )
        editor = ConsultEditor(
            draft,
            runner=self.runner,
            save=save,
            plan_actions=actions,
            recovery=recovery,
            clinicians=clinicians,
            mme_table=mme_table,
            token=token,
            restored=restored,
        )
        key = draft.consult_id if draft.consult_id is not None else editor.token
        self.editors[key] = editor
        editor.changes_saved.connect(lambda changes: self._editor_saved(editor, changes))
        editor.closed.connect(self._editor_closed)
        if self.state is not None:
            self.state.restore_geometry("consult", editor)
        editor.show()
        return editor

    def _editor_saved(self, editor: Any, _changes: ChangeSet) -> None:
        """A new consult, once saved, is known by its id (the runner has announced its changes)."""
        for key, open_editor in list(self.editors.items()):
            if open_editor is editor and key != editor.consult_id:
                del self.editors[key]
                self.editors[editor.consult_id] = editor

    def _editor_closed(self, editor: Any) -> None:
        if self.state is not None:
            self.state.save_geometry("consult", editor)
        for key, open_editor in list(self.editors.items()):
            if open_editor is editor:
                del self.editors[key]

    def offer_recovery(self) -> None:
        """After a crash: offer each autosaved consult back, newest first."""
        store, clinic = self.recovery, self.clinic
        if store is None or clinic is None:
            return

        def find() -> list[tuple[Any, Any]]:
            found = []
            for item in store.pending():
                try:
                    found.append((item, clinic.get_patient(item.patient_id)))
                except DomainError:
                    continue  # the patient is gone; keep the file for support to look at
            return found

        self.runner.run(find, self._recoveries_found)

    def _recoveries_found(self, found: list[tuple[Any, Any]]) -> None:
        for item, patient in found:
            if any(getattr(e, "token", None) == item.token for e in self.editors.values()):
                continue
            when = item.saved_at.strftime("%Y-%m-%d %H:%M")
            box = QMessageBox(self)
            box.setWindowTitle("Restore unsaved consult")
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(
                f"A consult for {patient.display_name} (MRN {patient.mrn}) was not saved when FBSS Desktop "
                f"last closed. It was autosaved at {when}."
            )
            box.setInformativeText("Restore it to review and save it, or discard it for good.")
            restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
            discard = box.addButton("Discard", QMessageBox.ButtonRole.DestructiveRole)
            box.addButton("Decide later", QMessageBox.ButtonRole.RejectRole)
            box.setDefaultButton(restore)
            box.exec()
            if box.clickedButton() is restore:
                self.restore_consult(item)
            elif box.clickedButton() is discard:
                self.runner.run(lambda store=self.recovery, token=item.token: store.discard(token))

    def restore_consult(self, item: Any) -> None:
        clinic = self.clinic

        def op() -> tuple[Any, list[Any], str]:
            if item.consult_id is not None:
                base = clinic.open_consult(item.consult_id)
                version = item.row_version
            else:
                base = clinic.new_consult(item.patient_id, carry_forward=False)
                version = 0
            draft = replace(base, document=dict(item.document), row_version=version)
            return self._editor_inputs(clinic, draft)

        self.runner.run(
            op,
            lambda inputs: self._show_editor(*inputs, token=item.token, restored=True),
            lambda exc: self.show_error("Cannot restore the consult", exc),
        )

    # --- printing ---------------------------------------------------------------------------------------
    def open_front_desk(self) -> None:
        """The front-desk window: print and reprint finalized plans and handouts, nothing clinical."""
        if self.clinic is None:
            return
        from fbss_desktop.gui.front_desk import FrontDeskWindow

        open_desk: FrontDeskWindow | None = getattr(self, "front_desk", None)
        if open_desk is not None and open_desk.isVisible():
            open_desk.raise_()
            open_desk.refresh()
            return
        self.front_desk: FrontDeskWindow = FrontDeskWindow(
            self.clinic, self.runner, self.events, today=self._today, show_error=self.show_error
        )
        self.front_desk.show()

    def print_plan(self, consult_id: int, plan_id: int) -> None:
        """Preview a plan version (rendered on the worker); printing it is logged for the front desk."""
        clinic = self.clinic
        if clinic is None:
            return

        def render() -> bytes:
            from fbss_desktop.services import printing

            return printing.render_plan_pdf(clinic, consult_id, plan_id=plan_id)

        from fbss_desktop.gui.dialogs.print_preview import preview_rendered

        preview_rendered(
            self,
            self.runner,
            render,
            title="Patient plan",
            file_name=f"plan-{plan_id}-{self._today().isoformat()}.pdf",
            on_printed=lambda: self.runner.run(
                lambda: clinic.record_print(plan_id, "plan"),
                on_error=lambda exc: self.show_error("Printed, but the print was not recorded", exc),
            ),
            on_error=lambda exc: self.show_error("Cannot print the plan", exc),
        )

    # --- case files -----------------------------------------------------------------------------------
    def export_case_file(self, target: str | None = None) -> None:
        """Write the open patient's case file; the suggested name carries the MRN, never the name."""
        patient, clinic = self.panel.patient, self.clinic
        if patient is None or clinic is None:
            return
        if target is None:
            target, _ = QFileDialog.getSaveFileName(
                self, "Export case file", f"case-{patient.mrn}.json", "Case files (*.json)"
            )
            if not target:
                return
        mrn, path = patient.mrn, Path(target)

        def op() -> Path:
            text = json.dumps(clinic.export_case(mrn), ensure_ascii=False, indent=2) + "\n"
            partial = path.with_name(path.name + ".part")
            try:
                partial.write_text(text, encoding="utf-8")
                partial.replace(path)
            except OSError as exc:
                partial.unlink(missing_ok=True)  # no partial file stays behind
                raise OSError(exc.errno, f"The case file could not be written: {exc.strerror}", path.name) from None
            return path

        self.runner.run(
            op,
            lambda written: self.statusBar().showMessage(f"Exported the case file {written.name}.", 8000),
            lambda exc: self.show_error("Case file not exported", exc),
        )

    def import_case_file(self, source: str | None = None) -> None:
        clinic = self.clinic
        if clinic is None:
            return
        if source is None:
            source, _ = QFileDialog.getOpenFileName(self, "Import case file", "", "Case files (*.json);;All files (*)")
            if not source:
                return
        path = Path(source)

        def op() -> tuple[Any, ChangeSet]:
            from fbss_desktop.services.casefile import read_case_file

            result: tuple[Any, ChangeSet] = clinic.import_case(read_case_file(path), name=path.name)
            return result

        def done(result: tuple[Any, ChangeSet]) -> None:
            patient, _changes = result
            self._select_new_patient(patient)
            self.statusBar().showMessage(f"Imported {patient.mrn}.", 8000)

        self.runner.run(op, done, lambda exc: self.show_error("Case file not imported", exc))

    def load_demo(self, count: int) -> None:
        clinic = self.clinic
        if clinic is None:
            return
        self.statusBar().showMessage(f"Adding {count} demo patients…")
        self.empty_load_demo.setEnabled(False)

        def done(_changes: ChangeSet) -> None:
            self.empty_load_demo.setEnabled(True)
            self.statusBar().showMessage(f"Added {count} demo patients.", 5000)

        def failed(exc: BaseException) -> None:
            self.empty_load_demo.setEnabled(True)
            self.show_error("Demo patients not added", exc)

        self.runner.run(lambda: clinic.load_demo(count), done, failed)

    def edit_settings(self) -> None:
        """The clinic settings dialog; changes are saved in one transaction, refused if another workstation
        changed one of them since the dialog opened."""
        from fbss_desktop.gui.dialogs.settings_dialog import SettingsDialog

        clinic = self.clinic
        if clinic is None:
            return

        def ask(snapshot: Any, typed: dict[str, Any] | None = None) -> None:
            dialog = SettingsDialog(snapshot.values, self, typed=typed)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            changes = dialog.changes()
            if not changes:
                return

            def refused(exc: BaseException) -> None:
                """Say why, then open the dialog again on the stored values with what was typed on top."""
                self.show_error("Settings not saved", exc)
                if isinstance(exc, DomainError):
                    self.runner.run(
                        clinic.settings_snapshot,
                        lambda fresh: ask(fresh, changes),
                        lambda again: self.show_error("Cannot read the settings", again),
                    )

            def saved(_result: ChangeSet) -> None:
                self.statusBar().showMessage(
                    f"Saved {len(changes)} clinic setting{'s' if len(changes) > 1 else ''}.", 6000
                )

            self.runner.run(
                lambda: clinic.save_settings(changes, snapshot),
                saved,
                refused,
            )

        self.runner.run(clinic.settings_snapshot, ask, lambda exc: self.show_error("Cannot read the settings", exc))

    # --- the clinic: set-up, letterhead, clinicians ---------------------------------------------------------
    def set_up_clinic(self) -> None:
        """First day: the clinic's letterhead and its first clinician, in one short form."""
        self._clinic_dialog(with_clinician=True)

    def edit_clinic(self) -> None:
        """Edit › Clinic…: the letterhead (name, address, phone, paper size, logo)."""
        self._clinic_dialog(with_clinician=False)

    def _clinic_dialog(self, *, with_clinician: bool) -> None:
        clinic = self.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicSetupDialog

        def ask(found: tuple[Any, bool]) -> None:
            snapshot, has_clinician = found

            def op(clinic: Any, form: Any) -> tuple[None, ChangeSet]:
                changes, clinician = form
                if with_clinician:
                    return None, clinic.set_up_clinic(changes, snapshot, clinician)
                return None, clinic.save_settings(changes, snapshot)

            dialog = ClinicSetupDialog(
                self._save_with(op),
                snapshot.values,
                with_clinician=with_clinician and not has_clinician,
                parent=self,
            )
            self.clinic_dialog = dialog
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.statusBar().showMessage("The clinic is set up." if with_clinician else "Clinic saved.", 8000)

        self.runner.run(
            lambda: (clinic.settings_snapshot(), bool(clinic.clinicians())),
            ask,
            lambda exc: self.show_error("Cannot read the clinic", exc),
        )

    def edit_clinicians(self) -> None:
        """Edit › Clinicians…: add, edit, deactivate and reactivate the clinic's clinicians."""
        clinic = self.clinic
        if clinic is None:
            return
        from fbss_desktop.gui.dialogs.clinic_dialogs import CliniciansDialog

        def load(show: Callable[[list[Any]], None]) -> None:
            self.runner.run(
                lambda: clinic.clinicians(active_only=False),
                show,
                lambda exc: self.show_error("Cannot list the clinicians", exc),
            )

        dialog = CliniciansDialog(load, self._save_with(lambda clinic, form: clinic.save_clinician(form)), self)
        self.clinicians_dialog = dialog
        dialog.exec()

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
