"""Tables of the patient panel: spine surgeries and consults, each a plain list of core objects."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue

Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole + 1


class _ListTableModel(QAbstractTableModel):
    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.HEADERS):
                return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == RowRole:
            return item
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.cell(item, index.column(), role)
        return None

    def cell(self, item: Any, column: int, role: int) -> Any:
        raise NotImplementedError  # each table names its own columns


class SurgeryTableModel(_ListTableModel):
    COL_DATE, COL_PROCEDURE, COL_LEVELS, COL_FUSION, COL_APPROACH, COL_SURGEON = range(6)
    HEADERS = ("Date", "Procedure", "Levels", "Fusion / hardware", "Approach", "Surgeon")

    def __init__(self, catalogue: SurgeryCatalogue, parent: Any = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue

    def cell(self, item: Surgery, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.outcome_notes or None
        if column == self.COL_DATE:
            return str(item.performed)
        if column == self.COL_PROCEDURE:
            return self._catalogue.procedure_label(item.procedure)
        if column == self.COL_LEVELS:
            return ", ".join(item.levels)
        if column == self.COL_FUSION:
            parts = (["fusion"] if item.fusion else []) + (["hardware"] if item.instrumented else [])
            return " + ".join(parts) if parts else "no"
        if column == self.COL_APPROACH:
            return self._catalogue.approach_label(item.approach)
        if column == self.COL_SURGEON:
            return item.surgeon
        return None


class ConsultTableModel(_ListTableModel):
    COL_DATE, COL_CLINICIAN, COL_STATUS, COL_REASON = range(4)
    HEADERS = ("Date", "Clinician", "Status", "Reason")

    def cell(self, item: ConsultSummary, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.reason or None
        if column == self.COL_DATE:
            return item.consult_date.isoformat()
        if column == self.COL_CLINICIAN:
            return item.clinician_name
        if column == self.COL_STATUS:
            return item.status.label
        if column == self.COL_REASON:
            return item.reason
        return None
