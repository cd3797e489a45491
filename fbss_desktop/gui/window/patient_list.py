"""The patient list: the search box, the list it fills a page at a time, the match count and the empty state.

Search as you type: a short pause after the last key, then the first page on the worker; the table model asks
for the next pages as the list scrolls. The pane's widgets are the window's too (`window.search`,
`window.patient_view`, `window.patient_model`...), where the shell and the other features reach them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.search import QueryKind
from fbss_desktop.gui.models.patient_table import COL_NAME, PatientTableModel

if TYPE_CHECKING:
    from fbss_desktop.gui.main_window import MainWindow
    from fbss_desktop.services.clinic import SearchCursor

PAGE_SIZE = 100
SEARCH_DELAY_MS = 60
COUNT_CAP = 1000
DEMO_PATIENTS = 50


class PatientListPane(QWidget):
    """The left side of the main window: find a patient, pick them from the list."""

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__()
        self.main_window = main_window
        self._query_problem = ""

        self.search = QLineEdit()
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText("Find patient: name, MRN or date of birth  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.match_count = QLabel("Opening database…")
        self.match_count.setObjectName("matchCount")
        self.patient_model = PatientTableModel(main_window)
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
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.match_count)
        layout.addWidget(self.list_stack, 1)

        self.search_timer = QTimer(main_window)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _text: self.search_timer.start())
        self.search.returnPressed.connect(self._focus_first_result)
        self.patient_model.page_requested.connect(self._load_page)
        self.patient_model.search_finished.connect(self._search_finished)
        self.patient_view.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.patient_view.activated.connect(lambda _index: self.main_window.panel.edit_button.setFocus())

    def _build_empty_state(self) -> QWidget:
        window = self.main_window
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
        self.empty_set_up.clicked.connect(lambda _checked=False: window.set_up_clinic())
        self.empty_new_patient.clicked.connect(lambda _checked=False: window.new_patient())
        self.empty_load_demo.clicked.connect(lambda _checked=False: window.load_demo(DEMO_PATIENTS))
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

    # --- search ---------------------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        if self.main_window.clinic is not None:
            self.patient_model.set_search(self.search.text())

    def _load_page(self, text: str, cursor: SearchCursor | None, generation: int) -> None:
        clinic, order = self.main_window.clinic, self.main_window.slash_order
        if clinic is None:
            return
        self.main_window.runner.run(
            lambda: clinic.patients.search(text, cursor, PAGE_SIZE, slash_order=order),
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
        self.main_window.show_error("Search failed", exc)

    def _search_finished(self, loaded: int) -> None:
        clinic, model = self.main_window.clinic, self.patient_model
        text, generation = model.search_text, model.generation
        if clinic is None or self._query_problem:
            return
        if loaded == 0 and not text.strip():
            self.match_count.clear()  # the empty-state page says it
            return
        order = self.main_window.slash_order
        self.main_window.runner.run(
            lambda: clinic.patients.count_matches(text, COUNT_CAP, slash_order=order),
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

    # --- choosing a patient ---------------------------------------------------------------------------
    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        summary = self.patient_model.patient_at(current.row())
        if summary is not None:
            self.main_window.open_patient(summary.id)

    def show_patient(self, patient: Patient) -> None:
        """Show a patient just added (new or imported) at once: search for their MRN, which lists exactly them."""
        self.search.setText(patient.mrn)
        self.search_timer.stop()
        self.patient_model.set_search(patient.mrn)
        assert patient.id is not None
        self.main_window.open_patient(patient.id)

    # --- demo patients ----------------------------------------------------------------------------------
    def load_demo(self, count: int) -> None:
        window = self.main_window
        clinic = window.clinic
        if clinic is None:
            return

        def done(_changes: ChangeSet) -> None:
            self.empty_load_demo.setEnabled(True)
            window.statusBar().showMessage(f"Added {count} demo patients.", 5000)

        def failed(exc: BaseException) -> None:
            self.empty_load_demo.setEnabled(True)
            window.statusBar().clearMessage()  # "Adding…" would stay on screen after the refusal
            window.show_error("Demo patients not added", exc)

        def add(held: int) -> None:
            if held and window.interactive:
                answer = QMessageBox.question(
                    window,
                    "Add demo patients",
                    f"This clinic already holds {held:,} patients. Add {count} more fictional demo patients beside "
                    "them? They would show up in searches and at the front desk.",
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            window.statusBar().showMessage(f"Adding {count} demo patients…")
            self.empty_load_demo.setEnabled(False)
            window.runner.run(lambda: clinic.demo.load(count), done, failed)

        window.runner.run(clinic.patients.count, add, failed)
