"""A signed consult's earlier versions (each replaced by an amendment): who replaced it, when and why, and the
consult as it was signed then, previewed to read, print or save."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.consults import ConsultVersion
from fbss_desktop.gui import metrics
from fbss_desktop.gui.models.history_tables import ListTableModel


class VersionTableModel(ListTableModel):
    COLUMNS = (
        ("Version", lambda v: str(v.version)),
        ("Signed (UTC)", lambda v: f"{v.signed_at:%Y-%m-%d %H:%M}" if v.signed_at else ""),
        ("Replaced (UTC)", lambda v: f"{v.replaced_at:%Y-%m-%d %H:%M}"),
        ("By", lambda v: v.replaced_by),
        ("Why it was amended", lambda v: v.reason),
    )


class SignedVersionsDialog(QDialog):
    """The versions, newest first; Preview… (or Enter, or a double click) opens the chosen one."""

    def __init__(
        self, versions: Sequence[ConsultVersion], preview: Callable[[int], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signedVersions")
        self.setWindowTitle("Earlier signed versions")
        self.resize(*metrics.USERS_DIALOG_SIZE)
        self._preview = preview
        intro = QLabel(
            "Each amendment of this signed consult kept the version it replaced, as it was signed. Preview one "
            "to read, print or save it; every page of it says it was replaced."
            if versions
            else "This consult was never amended: the consult as it is now is the only signed version."
        )
        intro.setWordWrap(True)
        self.model = VersionTableModel(self)
        self.model.set_rows(sorted(versions, key=lambda v: v.version, reverse=True))
        self.view = QTableView()
        self.view.setObjectName("signedVersions.table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.activated.connect(lambda _index: self.preview_selected())
        self.preview_button = QPushButton("&Preview…")
        self.preview_button.setObjectName("signedVersions.preview")
        self.preview_button.clicked.connect(lambda _checked=False: self.preview_selected())
        self.preview_button.setEnabled(bool(versions))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        if versions:
            self.view.selectRow(0)
            self.view.setFocus()

    def preview_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if rows:
            self._preview(self.model.row_object(rows[0].row()).version)
