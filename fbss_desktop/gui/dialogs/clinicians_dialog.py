"""Edit › Clinicians…: the clinic's clinicians in a table, added, edited, deactivated and reactivated. A
deactivated clinician stays on their consults and plans and leaves the choice lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.clinicians import Clinician, ClinicianInput, to_input
from fbss_desktop.gui.dialogs.clinic_dialogs import ClinicianDialog
from fbss_desktop.gui.dialogs.validated import SaveFunction


class ClinicianTableModel(QAbstractTableModel):
    COL_NAME, COL_CREDENTIALS, COL_NPI, COL_STATUS = range(4)
    HEADERS = ("Name as printed", "Credentials", "NPI", "Status")
    ClinicianRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Clinician] = []

    def set_rows(self, rows: list[Clinician]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        clinician = self.rows[index.row()]
        if role == self.ClinicianRole:
            return clinician
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                clinician.full_name,
                clinician.credentials,
                clinician.npi,
                "active" if clinician.active else "inactive",
            )[index.column()]
        if role == Qt.ItemDataRole.ForegroundRole and not clinician.active:
            return QBrush(QColor("#777777"))
        return None


class CliniciansDialog(QDialog):
    """Edit › Clinicians…: the clinic's clinicians, added, edited, deactivated and reactivated."""

    def __init__(
        self,
        load: Callable[[Callable[[list[Clinician]], None]], None],
        save: SaveFunction,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cliniciansDialog")
        self.setWindowTitle("Clinicians")
        self._load, self._save = load, save
        self.model = ClinicianTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("clinicianTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _index: self.edit_selected())
        self.add_button = QPushButton("&Add…")
        self.add_button.setObjectName("addClinician")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setObjectName("editClinician")
        self.toggle_button = QPushButton("&Deactivate")
        self.toggle_button.setObjectName("toggleClinician")
        close = QPushButton("Close")
        self.add_button.clicked.connect(lambda _checked=False: self.add())
        self.edit_button.clicked.connect(lambda _checked=False: self.edit_selected())
        self.toggle_button.clicked.connect(lambda _checked=False: self.toggle_selected())
        close.clicked.connect(self.accept)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        note = QLabel(
            "A deactivated clinician stays on the consults and plans they hold, and no longer appears in the "
            "consult's clinician list."
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button):
            button.setAutoDefault(False)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addLayout(buttons)
        self.resize(620, 380)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        def show(rows: list[Clinician]) -> None:
            self.model.set_rows(rows)
            row = next((i for i, c in enumerate(rows) if c.id == select_id), 0 if rows else -1)
            if row >= 0:
                self.view.selectRow(row)
            self._update_buttons()

        self._load(show)

    def selected(self) -> Clinician | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.toggle_button.setEnabled(chosen is not None)
        self.toggle_button.setText("&Reactivate" if chosen is not None and not chosen.active else "&Deactivate")

    def _open(self, clinician: Clinician | None) -> None:
        dialog = ClinicianDialog(self._save, clinician, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.refresh(dialog.saved.id if dialog.saved else None))
        self.dialog = dialog
        dialog.open()

    def add(self) -> None:
        self._open(None)

    def edit_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open(chosen)

    def toggle_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        if chosen.active and sum(1 for c in self.model.rows if c.active) == 1:
            answer = QMessageBox.question(
                self,
                "Deactivate the last clinician",
                f"{chosen.display_name} is the only active clinician. Until another is added, no plan can be "
                "finalized. Deactivate anyway?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        form = ClinicianInput(**{**to_input(chosen).__dict__, "active": not chosen.active})

        def saved(clinician: Clinician) -> None:
            self.refresh(clinician.id)

        def failed(exc: BaseException) -> None:
            from fbss_desktop.gui import failures

            failures.report(self, "Clinician not saved", exc)

        self._save(form, saved, failed)
