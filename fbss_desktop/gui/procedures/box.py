"""The patient's procedure records as a tab of the patient record: the list (newest first, with the relief each
gave) and what a clinician does with one: record a new one (of a kind, or one the plan holds), open it,
record the relief at follow-up, enter a trial's diary, print the note."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.procedures import Procedure
from fbss_desktop.core.scs_trial import average_relief
from fbss_desktop.gui.models.history_tables import ListTableModel


def relief_text(procedure: Procedure) -> str:
    response = procedure.latest_response
    if response is None:
        average = average_relief(procedure)
        return f"diary: {average:g}% on average" if average is not None else ""
    weeks = response.lasted_weeks
    lasted = "" if weeks is None else f" · {weeks} wk"
    return f"{response.relief_percent}%{lasted}{' so far' if response.ongoing else ''}"


class ProcedureTableModel(ListTableModel):
    def __init__(self, names: Callable[[str], str], parent: Any = None) -> None:
        super().__init__(parent)
        self.COLUMNS = (
            ("Date", lambda p: p.performed_on.isoformat()),
            ("Procedure", lambda p: names(p.kind)),
            ("Where", lambda p: " ".join(part for part in (", ".join(p.levels), p.side) if part)),
            ("Relief", relief_text),
            ("Status", lambda p: p.status.label),
        )


class ProceduresBox(QWidget):
    new_requested = Signal(str)  # a procedure kind
    from_plan_requested = Signal(object)  # a PlannedProcedure
    open_requested = Signal(object)  # Procedure
    response_requested = Signal(object)
    diary_requested = Signal(object)
    note_requested = Signal(object)

    def __init__(self, names: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("proceduresBox")
        self.model = ProcedureTableModel(names, self)
        self.view = QTableView()
        self.view.setObjectName("procedureTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.activated.connect(lambda _index: self._emit(self.open_requested))
        self.new_button = QToolButton()
        self.new_button.setObjectName("newProcedure")
        self.new_button.setText("&Record procedure")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.new_button)
        self.new_button.setMenu(self.menu)
        self.kind_actions: dict[str, QAction] = {}
        self._names = names
        self.planned_actions: list[QAction] = []
        self.open_button = QPushButton("Open…")
        self.open_button.setObjectName("openProcedure")
        self.response_button = QPushButton("Relief at follow-&up…")
        self.response_button.setObjectName("recordRelief")
        self.diary_button = QPushButton("Trial &diary…")
        self.diary_button.setObjectName("trialDiary")
        self.note_button = QPushButton("Print &note…")
        self.note_button.setObjectName("printProcedureNote")
        self.open_button.clicked.connect(lambda: self._emit(self.open_requested))
        self.response_button.clicked.connect(lambda: self._emit(self.response_requested))
        self.diary_button.clicked.connect(lambda: self._emit(self.diary_requested))
        self.note_button.clicked.connect(lambda: self._emit(self.note_requested))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.update_buttons())
        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.response_button, self.diary_button, self.note_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        layout.addLayout(buttons)
        self.update_buttons()

    def set_planned(self, planned: Sequence[Any], kinds: Sequence[str]) -> None:
        """The menu: the plan's procedures that have no record yet first, then each kind on its own."""
        self.menu.clear()
        self.planned_actions = []
        for entry in planned:
            action = self.menu.addAction(f"From the plan: {entry.label}")
            action.triggered.connect(lambda _checked=False, e=entry: self.from_plan_requested.emit(e))
            self.planned_actions.append(action)
        if planned:
            self.menu.addSeparator()
        self.kind_actions = {}
        for kind in kinds:
            action = self.menu.addAction(self._names(kind))
            action.triggered.connect(lambda _checked=False, k=kind: self.new_requested.emit(k))
            self.kind_actions[kind] = action

    def set_procedures(self, procedures: Sequence[Procedure]) -> None:
        chosen = self.selected()
        self.model.set_rows(list(procedures))
        if chosen is not None:
            for row in range(self.model.rowCount()):
                if self.model.row_object(row).id == chosen.id:
                    self.view.selectRow(row)
        self.update_buttons()

    def selected(self) -> Procedure | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def update_buttons(self, *, clinical: bool = True) -> None:
        chosen = self.selected()
        self.new_button.setEnabled(clinical)
        self.open_button.setEnabled(chosen is not None)
        self.response_button.setEnabled(clinical and chosen is not None and chosen.kind != "SCS_TRIAL")
        self.diary_button.setEnabled(clinical and chosen is not None and chosen.kind == "SCS_TRIAL")
        self.note_button.setEnabled(chosen is not None)

    def _emit(self, signal: Any) -> None:
        chosen = self.selected()
        if chosen is not None:
            signal.emit(chosen)
