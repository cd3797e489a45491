"""File › Audit trail… (administrators): who did what, filtered by patient, user, dates and action; exported
as CSV; and the chain checked, naming the first entry changed outside the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.audit import ACTION_WORDS, AuditAction, AuditEntry, AuditLine
from fbss_desktop.gui.models.history_tables import ListTableModel


class AuditTableModel(ListTableModel):
    """Entries newest first, in words (core.audit.AuditLine): a patient by MRN, an object by what it is, never a
    database id. `entries` keeps the entries themselves, for the export."""

    COLUMNS = (
        ("Time (UTC)", lambda line: line.at),
        ("Action", lambda line: line.action),
        ("Outcome", lambda line: line.outcome),
        ("User", lambda line: f"{line.user} ({line.role})" if line.role else line.user),
        ("Workstation", lambda line: line.workstation),
        ("Patient", lambda line: line.patient),
        ("About", lambda line: line.about),
        ("Detail", lambda line: line.detail),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []

    def set_entries(self, entries: list[AuditEntry], lines: list[AuditLine]) -> None:
        self.entries = list(entries)
        self.set_rows(lines)


class AuditDialog(QDialog):
    """`search(filters) -> (entries, mrns)` and `verify() -> (count, broken)` run on the worker through `run`;
    `export(entries)` asks where to save the entries shown as CSV, and saves them."""

    def __init__(
        self,
        run: Callable[..., None],
        search: Callable[[dict[str, Any]], tuple[list[AuditEntry], list[AuditLine]]],
        export: Callable[[list[AuditEntry]], None],
        verify: Callable[[], tuple[int, AuditEntry | None]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("auditDialog")
        self.setWindowTitle("Audit trail")
        self._run, self._search, self._export, self._verify = run, search, export, verify
        self.mrn = QLineEdit()
        self.mrn.setPlaceholderText("patient MRN")
        self.user = QLineEdit()
        self.user.setPlaceholderText("user name")
        self.action = QComboBox()
        self.action.addItem("any action", "")
        for action in AuditAction:
            self.action.addItem(ACTION_WORDS.get(action, action.value.replace("_", " ")), action.value)
        today = QDate.currentDate()
        self.since = QDateEdit(today.addDays(-30))
        self.until = QDateEdit(today)
        for box in (self.since, self.until):
            box.setCalendarPopup(True)
            box.setDisplayFormat("yyyy-MM-dd")
        self.find_button = QPushButton("&Show")
        self.export_button = QPushButton("&Export CSV…")
        self.verify_button = QPushButton("&Check the chain")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("auditStatus")
        self.model = AuditTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        filters = QHBoxLayout()
        for caption, widget in (("Patient", self.mrn), ("User", self.user), ("Action", self.action)):
            filters.addWidget(QLabel(caption))
            filters.addWidget(widget)
        filters.addWidget(QLabel("From"))
        filters.addWidget(self.since)
        filters.addWidget(QLabel("to"))
        filters.addWidget(self.until)
        filters.addWidget(self.find_button)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.verify_button)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view)
        layout.addLayout(actions)
        self.find_button.clicked.connect(lambda _checked=False: self.refresh())
        self.mrn.returnPressed.connect(self.refresh)
        self.user.returnPressed.connect(self.refresh)
        self.export_button.clicked.connect(lambda _checked=False: self._export_shown())
        self.verify_button.clicked.connect(lambda _checked=False: self._check_chain())
        self.refresh()

    def filters(self) -> dict[str, Any]:
        return {
            "mrn": self.mrn.text(),
            "username": self.user.text(),
            "action": self.action.currentData(),
            "since": _day(self.since.date()),
            "until": _day(self.until.date()),
        }

    def refresh(self) -> None:
        filters = self.filters()
        self._run(lambda: self._search(filters), self._shown, self._failed)

    def _shown(self, found: tuple[list[AuditEntry], list[AuditLine]]) -> None:
        entries, lines = found
        self.model.set_entries(entries, lines)
        self.status.setText(f"{len(entries):,} entr{'y' if len(entries) == 1 else 'ies'} shown, newest first.")

    def _export_shown(self) -> None:
        self._export(list(self.model.entries))

    def _check_chain(self) -> None:
        self._run(self._verify, self._checked, self._failed)

    def _checked(self, result: tuple[int, AuditEntry | None]) -> None:
        checked, broken = result
        self.status.setText(
            f"The chain holds: {checked:,} entries checked, none changed."
            if broken is None
            else f"The chain is broken at entry {broken.id} ({broken.at:%Y-%m-%d %H:%M:%S} UTC, {broken.action}): it "
            "or the entry before it was changed, inserted or removed outside FBSS Desktop."
        )

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(str(exc))


def _day(date: QDate) -> dt.date:
    return dt.date(date.year(), date.month(), date.day())
