"""The treatment catalogue as the plan builder lists it: searchable, the decision support's suggestions first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from fbss_desktop.core.treatments import Treatment, TreatmentCatalogue

CODE_ROLE = Qt.ItemDataRole.UserRole + 1


class CatalogueListModel(QAbstractListModel):
    """Catalogue treatments matching the search, the suggested ones first (marked ★)."""

    def __init__(self, catalogue: TreatmentCatalogue, parent: Any = None) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.suggested: set[str] = set()
        self.text = ""
        self.rows: list[Treatment] = list(catalogue.current)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        treatment = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            star = "★ " if treatment.code in self.suggested else ""
            return f"{star}{treatment.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            category = self.catalogue.categories.label(treatment.category)
            return f"{category}: {treatment.patient.what}"
        if role == Qt.ItemDataRole.FontRole and treatment.code in self.suggested:
            font = QFont()
            font.setBold(True)
            return font
        if role == CODE_ROLE:
            return treatment.code
        return None

    def refresh(self, *, text: str | None = None, suggested: set[str] | None = None) -> None:
        if text is not None:
            self.text = text
        if suggested is not None:
            self.suggested = suggested
        order = [c.code for c in self.catalogue.categories.items]
        matches = sorted(
            self.catalogue.search(self.text),
            key=lambda t: (t.code not in self.suggested, order.index(t.category), t.label),
        )
        self.beginResetModel()
        self.rows = list(matches)
        self.endResetModel()
