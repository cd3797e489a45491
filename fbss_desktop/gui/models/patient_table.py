"""The patient list: search results fetched a page at a time as the view scrolls (lazy, asynchronous).

The model never touches the database. It asks its `page_requested` signal for the next page (text and
cursor) and receives it through `add_page`; a new search bumps `generation`, so a late page from an older
search is dropped instead of mixing results.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from fbss_desktop.core.patients import PatientSummary

COL_NAME, COL_MRN, COL_DOB, COL_SEX = range(4)
HEADERS = ("Name", "MRN", "Date of birth", "Sex")
PatientIdRole = Qt.ItemDataRole.UserRole + 1
PatientRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class PatientTableModel(QAbstractTableModel):
    page_requested = Signal(str, object, int)  # search text, cursor (None = first page), generation
    search_finished = Signal(int)  # rows loaded once the first page of a search is in

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PatientSummary] = []
        self._text = ""
        self._cursor: object | None = None
        self._has_more = False
        self._loading = False
        self.generation = 0

    # --- search state ---------------------------------------------------------------------------------
    @property
    def search_text(self) -> str:
        return self._text

    @property
    def loading(self) -> bool:
        return self._loading

    def clear(self) -> None:
        """No rows, and no page asked for (nobody is signed in)."""
        self.generation += 1
        self.beginResetModel()
        self._rows = []
        self._cursor = None
        self._has_more = False
        self.endResetModel()

    def set_search(self, text: str) -> None:
        """Start a new search: clear the rows and ask for the first page."""
        self.generation += 1
        self.beginResetModel()
        self._rows = []
        self._text = text
        self._cursor = None
        self._has_more = False
        self.endResetModel()
        self._loading = True
        self.page_requested.emit(text, None, self.generation)

    def refresh(self) -> None:
        self.set_search(self._text)

    def add_page(self, generation: int, rows: list[PatientSummary], next_cursor: object | None) -> None:
        if generation != self.generation:
            return  # a page of a search the user has already replaced
        first_page = not self._rows
        if rows:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        self._cursor = next_cursor
        self._has_more = next_cursor is not None
        self._loading = False
        if first_page:
            self.search_finished.emit(len(self._rows))

    def page_failed(self, generation: int) -> None:
        if generation == self.generation:
            self._loading = False
            self._has_more = False

    def patient_at(self, row: int) -> PatientSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, patient_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == patient_id), -1)

    def replace_patient(self, summary: PatientSummary) -> None:
        """Show an edited patient's new details in place, without a new search."""
        row = self.row_of(summary.id)
        if row >= 0:
            self._rows[row] = summary
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    # --- Qt model interface ---------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._has_more and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._loading = True
            self.page_requested.emit(self._text, self._cursor, self.generation)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        patient = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_NAME:
                return patient.display_name
            if column == COL_MRN:
                return patient.mrn
            if column == COL_DOB:
                return patient.date_of_birth.isoformat()
            if column == COL_SEX:
                return patient.sex.label
        elif role == Qt.ItemDataRole.ToolTipRole and column == COL_NAME:
            return f"{patient.display_name} - MRN {patient.mrn}"
        elif role == PatientIdRole:
            return patient.id
        elif role == PatientRole:
            return patient
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(HEADERS):
                return HEADERS[section]
        return None
