"""The treatment catalogue as the plan builder lists it: searchable, the decision support's suggestions first.

The search (core/catalogue_search.py) finds a treatment by its name, an abbreviation (PT, TFESI, MBB), a
synonym ("physio", "epidural") or a drug: a drug found is listed under the medication treatment that offers
it ("Gabapentin — Nerve-pain medicine"), and adding that line chooses the drug on the new item.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListView

from fbss_desktop.core.catalogue_search import CatalogueSearch, Hit
from fbss_desktop.core.treatments import TreatmentCatalogue
from fbss_desktop.services.clinic import Catalogues

CODE_ROLE = Qt.ItemDataRole.UserRole + 1
DETAILS_ROLE = CODE_ROLE + 1  # the details a new item of the line starts with ({"drug": ...})


class CatalogueListModel(QAbstractListModel):
    """Catalogue treatments (and drugs under them) matching the search, the suggested ones first (marked ★)."""

    def __init__(
        self, catalogue: TreatmentCatalogue, parent: Any = None, *, search: CatalogueSearch | None = None
    ) -> None:
        super().__init__(parent)
        self.catalogue = catalogue
        self.searcher = search or Catalogues.catalogue_search()
        self.suggested: set[str] = set()
        self.text = ""
        self.rows: list[Hit] = self._matches()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        hit = self.rows[index.row()]
        treatment = self.catalogue[hit.treatment]
        if role == Qt.ItemDataRole.DisplayRole:
            star = "★ " if hit.treatment in self.suggested else ""
            if not hit.drug:
                return f"{star}{treatment.label}"
            brand = f" ({hit.term})" if hit.kind == "brands" else ""
            return f"{star}{hit.drug_label}{brand} — {treatment.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            category = self.catalogue.categories.label(treatment.category)
            return f"{category}: {treatment.patient.what}"
        if role == Qt.ItemDataRole.FontRole and hit.treatment in self.suggested:
            font = QFont()
            font.setBold(True)
            return font
        if role == CODE_ROLE:
            return hit.treatment
        if role == DETAILS_ROLE:
            return hit.details
        return None

    def _matches(self) -> list[Hit]:
        """The search's hits, best match first; among equal matches the suggested treatments first."""
        hits = [h for h in self.searcher.find(self.text) if h.treatment in self.catalogue]
        return sorted(hits, key=lambda h: (h.rank, h.treatment not in self.suggested))

    def refresh(self, *, text: str | None = None, suggested: set[str] | None = None) -> None:
        if text is not None:
            self.text = text
        if suggested is not None:
            self.suggested = suggested
        matches = self._matches()
        self.beginResetModel()
        self.rows = matches
        self.endResetModel()


class SearchKeys(QObject):
    """The search box and its list as one: what is typed highlights the best match (Enter adds it), and Up and
    Down move the highlight without leaving the box (they used to scroll the page)."""

    def __init__(self, search: QLineEdit, view: QListView, model: CatalogueListModel) -> None:
        super().__init__(search)
        self.search, self.view, self.model = search, view, model
        search.textChanged.connect(self._typed)
        search.installEventFilter(self)

    def _typed(self, text: str) -> None:
        self.model.refresh(text=text)
        best = self.model.index(0) if text.strip() and self.model.rowCount() else QModelIndex()
        self.view.setCurrentIndex(best)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.model.rowCount():
                current = self.view.currentIndex().row()
                row = min(max(current + step, 0), self.model.rowCount() - 1) if current >= 0 else 0
                self.view.setCurrentIndex(self.model.index(row))
                return True
        return False
