"""What was injected, one row per drug: the drug, its dose (mg) and volume (mL). Typed as text, so an empty
dose stays empty and a slip is refused by the core with a message."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.procedures import Injectate, ProcedureCatalogue
from fbss_desktop.gui import metrics

COL_DRUG, COL_DOSE, COL_VOLUME = range(3)


class InjectatesEditor(QWidget):
    def __init__(self, catalogue: ProcedureCatalogue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("injectates")
        self.table.setHorizontalHeaderLabels(["Drug", "Dose (mg)", "Volume (mL)"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(COL_DRUG, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(metrics.INJECTATE_TABLE_MIN_HEIGHT)
        self.add_button = QPushButton("Add drug")
        self.add_button.setObjectName("addInjectate")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove_current)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def add_row(self, injectate: Injectate | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        drug = QComboBox()
        drug.addItem("Choose…", "")
        for choice in self._catalogue.choices["injectate"]:
            drug.addItem(choice.label, choice.code)
        dose, volume = QLineEdit(), QLineEdit()
        if injectate is not None:
            drug.setCurrentIndex(max(0, drug.findData(injectate.drug)))
            dose.setText("" if injectate.dose_mg is None else f"{injectate.dose_mg:g}")
            volume.setText("" if injectate.volume_ml is None else f"{injectate.volume_ml:g}")
        self.table.setCellWidget(row, COL_DRUG, drug)
        self.table.setCellWidget(row, COL_DOSE, dose)
        self.table.setCellWidget(row, COL_VOLUME, volume)
        drug.setFocus()

    def _remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_injectates(self, injectates: tuple[Injectate, ...]) -> None:
        self.table.setRowCount(0)
        for injectate in injectates:
            self.add_row(injectate)

    def cell(self, row: int, column: int) -> Any:
        return self.table.cellWidget(row, column)

    def value(self) -> list[dict[str, Any]]:
        rows = []
        for row in range(self.table.rowCount()):
            drug = str(self.cell(row, COL_DRUG).currentData() or "")
            dose, volume = self.cell(row, COL_DOSE).text().strip(), self.cell(row, COL_VOLUME).text().strip()
            if not (drug or dose or volume):
                continue  # an empty row added and left
            rows.append({"drug": drug, "dose_mg": dose or None, "volume_ml": volume or None})
        return rows
