"""The front desk: finalized plans to print (today's and those not yet printed), a patient's plans, and any
handout. Printing and reprinting only; nothing clinical can be edited here.

A print is recorded through the task runner, which announces its ChangeSet: the open patient's plans in the
main window show it, and this list follows the prints, finalized plans and renames made elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.plans import DESK_UNPRINTED_DAYS
from fbss_desktop.gui import metrics
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.models.history_tables import ListTableModel
from fbss_desktop.gui.screen import place

CODE_ROLE = Qt.ItemDataRole.UserRole + 2
NO_INSTRUCTIONS = (
    "No instructions before a procedure were saved for this plan. The clinician writes them from the patient's "
    "Treatment plans (Instructions for the patient…)."
)


class DeskPlanTableModel(ListTableModel):
    COL_PATIENT, COL_MRN, COL_BORN, COL_DATE, COL_VERSION, COL_FINALIZED, COL_PRINTED = range(7)
    COLUMNS = (
        ("Patient", lambda p: p.patient_name),
        ("MRN", lambda p: p.mrn),
        ("Born", lambda p: p.date_of_birth.isoformat()),
        ("Plan of", lambda p: p.consult_date.isoformat()),
        ("Version", lambda p: str(p.version)),
        ("Finalized", lambda p: f"{p.finalized_at:%Y-%m-%d %H:%M} by {p.finalized_by}" if p.finalized_at else ""),
        ("Printed", lambda p: p.last_printed.strftime("%Y-%m-%d %H:%M") if p.last_printed else "not yet"),
    )


if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


class FrontDeskWindow(QWidget):
    def __init__(
        self,
        clinic: Clinic,
        runner: Any,
        events: AppEvents,
        *,
        today: Callable[[], dt.date],
        show_error: Callable[[str, BaseException], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("frontDesk")
        self.setWindowTitle("Front desk — plans and handouts")
        self.clinic, self.runner, self._today, self.show_error = clinic, runner, today, show_error
        self.patient_id: int | None = None

        # --- plans ------------------------------------------------------------------------------------------
        self.search = QLineEdit()
        self.search.setObjectName("deskSearch")
        self.search.setPlaceholderText(
            "Find a patient: name, MRN or date of birth (empty: today's and unprinted plans)"
        )
        self.search.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.model = DeskPlanTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("deskPlans")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.print_plan())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.caption = QLabel()
        self.caption.setObjectName("deskCaption")
        self.print_button = QPushButton("&Print plan…")
        self.print_button.setObjectName("deskPrintPlan")
        self.handouts_button = QPushButton("Print its &handouts…")
        self.handouts_button.setObjectName("deskPrintHandouts")
        self.instructions_button = QPushButton("Print its &instructions…")
        self.instructions_button.setObjectName("deskPrintInstructions")
        self.instructions_button.setToolTip("The patient's instructions before a procedure of this plan, as saved")
        self.papers_button = QPushButton("&Letters and notes…")
        self.papers_button.setObjectName("deskPapers")
        self.papers_button.setToolTip("Reprint this patient's printed letters and signed procedure notes")
        self.mark_button = QPushButton("&Mark as printed")
        self.mark_button.setObjectName("deskMarkPrinted")
        refresh = QPushButton("Refresh")
        self.print_button.clicked.connect(self.print_plan)
        self.handouts_button.clicked.connect(self.print_plan_handouts)
        self.mark_button.clicked.connect(self.mark_printed)
        self.instructions_button.clicked.connect(self.print_instructions)
        self.papers_button.clicked.connect(self.reprint_papers)
        refresh.clicked.connect(self.refresh)
        buttons = QHBoxLayout()
        for button in (
            self.print_button,
            self.handouts_button,
            self.instructions_button,
            self.papers_button,
            self.mark_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        plans = QWidget()
        plans_layout = QVBoxLayout(plans)
        plans_layout.addWidget(self.search)
        plans_layout.addWidget(self.caption)
        self.not_hearing = QLabel(
            "Not hearing the consult rooms: reconnecting… Plans finalized meanwhile show after Refresh."
        )
        self.not_hearing.setObjectName("deskNotHearing")
        self.not_hearing.setStyleSheet("color: #b03a2e;")
        self.not_hearing.hide()
        plans_layout.addWidget(self.not_hearing)
        plans_layout.addWidget(self.view, 1)
        plans_layout.addLayout(buttons)

        # --- handouts ----------------------------------------------------------------------------------------
        self.handout_list = QListWidget()
        self.handout_list.setObjectName("deskHandouts")
        self.handout_list.itemActivated.connect(lambda _item: self.print_handout())
        self.handout_button = QPushButton("Print &handout…")
        self.handout_button.setObjectName("deskPrintHandout")
        self.handout_button.clicked.connect(self.print_handout)
        handouts = QWidget()
        handouts_layout = QVBoxLayout(handouts)
        handouts_layout.addWidget(QLabel("Any handout, printed without a patient's name."))
        handouts_layout.addWidget(self.handout_list, 1)
        handouts_layout.addWidget(self.handout_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.tabs = QTabWidget()
        self.tabs.addTab(plans, "Plans to print")
        self.tabs.addTab(handouts, "Handouts")
        # --- who works here (the front desk's own workspace has no main window) ---------------------------
        self.account = QLabel()
        self.account.setObjectName("deskSignedIn")
        self.password_button = QPushButton("Change &password…")
        self.switch_button = QPushButton("S&witch user…")
        account = QHBoxLayout()
        account.addWidget(self.account, 1)
        account.addWidget(self.password_button)
        account.addWidget(self.switch_button)
        self.account_bar = QWidget()
        self.account_bar.setLayout(account)
        self.account_bar.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.account_bar)
        layout.addWidget(self.tabs)
        place(self, *metrics.FRONT_DESK_SIZE)  # centred in the screen's free area, never past its edge
        self._load_handouts()
        self._update_buttons()
        self.refresh()
        events.changes_applied.connect(self._changes_applied)

    def show_account(self, who: str, change_password: Callable[[], None], switch_user: Callable[[], None]) -> None:
        """Who is signed in, with their own password and Switch user (when the front desk is their workspace)."""
        self.account.setText(f"Signed in: {who}")
        self.password_button.clicked.connect(lambda _checked=False: change_password())
        self.switch_button.clicked.connect(lambda _checked=False: switch_user())
        self.account_bar.show()

    # --- lists ------------------------------------------------------------------------------------------------
    def _load_handouts(self) -> None:
        for code, title in self.clinic.printing.handout_titles():
            item = QListWidgetItem(title)
            item.setData(CODE_ROLE, code)
            self.handout_list.addItem(item)

    def refresh(self) -> None:
        """Today's and unprinted plans, or every finalized plan of the patient the search finds."""
        clinic, text, today = self.clinic, self.search.text().strip(), self._today()

        def load() -> tuple[str, list[Any]]:
            if not text:
                caption = f"Finalized today, or in the last {DESK_UNPRINTED_DAYS} days and not yet printed"
                return caption, clinic.plans.desk_plans(day=today, unprinted=True)
            found: list[Any] = []
            for patient in clinic.patients.search(text, limit=20).page.rows:
                found.extend(clinic.plans.desk_plans(patient_id=patient.id))
            return f"Finalized plans of patients matching “{text}”", found

        chosen = self.selected()

        def show(result: tuple[str, list[Any]]) -> None:
            caption, rows = result
            self.model.set_rows(rows)
            self.caption.setText(f"{caption}: {len(rows)}")
            # A refresh (another workstation finalized a plan) keeps the clerk's row chosen where it still is.
            keep = [i for i, row in enumerate(rows) if chosen is not None and row.plan_id == chosen.plan_id]
            if rows:
                self.view.selectRow(keep[0] if keep else 0)
            self._update_buttons()

        self.runner.run(load, show, lambda exc: self.show_error("Cannot list the plans", exc))

    def show_hearing(self, hearing: bool) -> None:
        """Whether plans finalized in the consult rooms show here by themselves (the change feed is up)."""
        self.not_hearing.setVisible(not hearing)

    def _changes_applied(self, changes: ChangeSet) -> None:
        """A plan printed, finalized or revised, a patient renamed or added: the list shows it."""
        if self.isVisible() and (changes.consults_of or changes.patients or changes.patient_list):
            self.refresh()

    def selected(self) -> Any:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        for button in (self.print_button, self.mark_button, self.instructions_button, self.papers_button):
            button.setEnabled(chosen is not None)
        self.handouts_button.setEnabled(chosen is not None and bool(chosen.treatments))

    # --- printing ----------------------------------------------------------------------------------------------
    def _preview(
        self,
        render: Callable[[], bytes],
        *,
        title: str,
        file_name: str,
        on_printed: Callable[[], None],
        saved: tuple[int, str] | None = None,
    ) -> None:
        from fbss_desktop.gui.dialogs.print_preview import preview_rendered

        preview_rendered(
            self,
            self.runner,
            render,
            title=title,
            file_name=file_name,
            on_printed=on_printed,
            on_error=lambda exc: self.show_error("Cannot print", exc),
            on_saved=(lambda: self.runner.run(lambda: self.clinic.printing.pdf_saved(*saved))) if saved else None,
        )

    def _log(self, plan_id: int, kind: str, detail: str = "") -> None:
        """Record a print; the runner announces it, and every screen that shows the plan (this list, the open
        patient in the main window) refreshes."""
        clinic = self.clinic
        self.runner.run(
            lambda: clinic.plans.record_print(plan_id, kind, detail),
            on_error=lambda exc: self.show_error("Printed, but the print was not recorded", exc),
        )

    def print_plan(self) -> None:
        plan = self.selected()
        if plan is None:
            return
        clinic = self.clinic
        self._preview(
            lambda: clinic.printing.plan_pdf(plan.consult_id, plan_id=plan.plan_id),
            title="Patient plan",
            file_name=f"plan-{plan.plan_id}-{plan.consult_date.isoformat()}.pdf",
            on_printed=lambda: self._log(plan.plan_id, "plan"),
            saved=(plan.plan_id, "plan"),
        )

    def print_plan_handouts(self) -> None:
        plan = self.selected()
        if plan is None or not plan.treatments:
            return
        clinic = self.clinic
        self._preview(
            lambda: clinic.printing.plan_handouts_pdf(plan),
            title="Handouts",
            file_name=f"handouts-{plan.plan_id}.pdf",
            on_printed=lambda: self._log(plan.plan_id, "handout", ",".join(plan.treatments)[:60]),
            saved=(plan.plan_id, "handouts"),
        )

    def print_instructions(self) -> None:
        """Reprint the instructions saved for a procedure of the selected plan (the newest procedure first)."""
        plan = self.selected()
        if plan is None:
            return
        clinic = self.clinic

        def show(sheets: list[Any]) -> None:
            mine = [s for s in sheets if s.plan_id == plan.plan_id]
            if not mine:
                QMessageBox.information(self, "Instructions", NO_INSTRUCTIONS)
                return
            sheet = mine[0]
            if len(mine) > 1:
                names = [f"{s.procedure_name}, {s.procedure_at:%Y-%m-%d %H:%M}" for s in mine]
                chosen, ok = QInputDialog.getItem(self, "Instructions", "Which procedure?", names, 0, False)
                if not ok:
                    return
                sheet = mine[names.index(chosen)]
            sheet_id = sheet.id
            self._preview(
                lambda: clinic.instructions.pdf(sheet_id),
                title="Instructions for the patient",
                file_name=f"instructions-{sheet_id}.pdf",
                on_printed=lambda: self.runner.run(
                    lambda: clinic.instructions.record_print(sheet_id),
                    on_error=lambda exc: self.show_error("Printed, but the print was not recorded", exc),
                ),
            )

        self.runner.run(
            lambda: clinic.instructions.of_patient(plan.patient_id),
            show,
            lambda exc: self.show_error("Cannot print the instructions", exc),
        )

    def reprint_papers(self) -> None:
        """The selected plan's patient's printed letters and signed procedure notes (front_desk_papers.py)."""
        plan = self.selected()
        if plan is not None:
            from fbss_desktop.gui.front_desk_papers import reprint_papers

            reprint_papers(self, plan.patient_id)

    def mark_printed(self) -> None:
        """For a plan printed elsewhere (or handed over as a copy): it leaves the "not yet printed" list."""
        plan = self.selected()
        if plan is not None:
            self._log(plan.plan_id, "plan", "marked")

    def print_handout(self) -> None:
        item = self.handout_list.currentItem()
        if item is None:
            return
        clinic, code = self.clinic, str(item.data(CODE_ROLE))
        self._preview(
            lambda: clinic.printing.handouts_pdf([code]),
            title=item.text(),
            file_name=f"handout-{code.lower()}.pdf",
            on_printed=lambda: None,
        )
