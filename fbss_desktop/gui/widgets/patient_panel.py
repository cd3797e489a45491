"""The patient panel: demographics, spine-surgery history (add, edit, remove) and consults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.patients import Patient
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue
from fbss_desktop.gui.models.history_tables import ConsultTableModel, SurgeryTableModel


def _table(model: object) -> QTableView:
    view = QTableView()
    view.setModel(model)  # type: ignore[arg-type]
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


class PatientPanel(QWidget):
    edit_patient_requested = Signal()
    add_surgery_requested = Signal()
    edit_surgery_requested = Signal(object)  # core Surgery
    remove_surgery_requested = Signal(object)  # core Surgery

    def __init__(self, catalogue: SurgeryCatalogue, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self._today = today
        self.patient: Patient | None = None

        self.name = QLabel()
        self.name.setObjectName("patientName")
        self.name.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QLabel()
        self.details.setObjectName("patientDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_button = QPushButton("&Edit patient…")
        self.edit_button.clicked.connect(self.edit_patient_requested)
        header = QHBoxLayout()
        names = QVBoxLayout()
        names.addWidget(self.name)
        names.addWidget(self.details)
        header.addLayout(names, 1)
        header.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)

        self.surgery_model = SurgeryTableModel(catalogue, self)
        self.surgery_view = _table(self.surgery_model)
        self.surgery_view.setObjectName("surgeryTable")
        self.surgery_view.doubleClicked.connect(lambda _index: self._edit_selected())
        self.add_surgery = QPushButton("&Add surgery…")
        self.edit_surgery = QPushButton("Edit…")
        self.remove_surgery = QPushButton("Remove…")
        self.add_surgery.clicked.connect(self.add_surgery_requested)
        self.edit_surgery.clicked.connect(self._edit_selected)
        self.remove_surgery.clicked.connect(self._remove_selected)
        self.surgery_view.selectionModel().selectionChanged.connect(self._update_buttons)
        surgery_buttons = QHBoxLayout()
        for button in (self.add_surgery, self.edit_surgery, self.remove_surgery):
            surgery_buttons.addWidget(button)
        surgery_buttons.addStretch(1)
        self.surgery_box = QGroupBox("Spine surgery history")
        surgery_layout = QVBoxLayout(self.surgery_box)
        surgery_layout.addWidget(self.surgery_view)
        surgery_layout.addLayout(surgery_buttons)

        self.consult_model = ConsultTableModel(self)
        self.consult_view = _table(self.consult_model)
        self.consult_view.setObjectName("consultTable")
        self.consult_box = QGroupBox("Consults")
        consult_layout = QVBoxLayout(self.consult_box)
        consult_layout.addWidget(self.consult_view)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.surgery_box, 3)
        layout.addWidget(self.consult_box, 2)
        self._update_buttons()

    def show_record(self, patient: Patient, surgeries: list[Surgery], consults: list) -> None:
        self.patient = patient
        self.name.setText(patient.display_name)
        facts = [
            f"MRN {patient.mrn}",
            f"born {patient.date_of_birth.isoformat()} ({patient.age(self._today())} y)",
            patient.sex.label,
        ]
        facts += [fact for fact in (patient.phone, patient.preferred_language) if fact]
        self.details.setText("  ·  ".join(facts))
        self.surgery_model.set_rows(surgeries)
        count = len(surgeries)
        self.surgery_box.setTitle(
            f"Spine surgery history ({count} operation{'s' if count != 1 else ''})"
            if count
            else "Spine surgery history (none recorded)"
        )
        self.consult_model.set_rows(consults)
        self.consult_box.setTitle(f"Consults ({len(consults)})" if consults else "Consults (none yet)")
        self._update_buttons()

    def selected_surgery(self) -> Surgery | None:
        rows = self.surgery_view.selectionModel().selectedRows()
        return self.surgery_model.row_object(rows[0].row()) if rows else None

    def _edit_selected(self) -> None:
        surgery = self.selected_surgery()
        if surgery is not None:
            self.edit_surgery_requested.emit(surgery)

    def _remove_selected(self) -> None:
        surgery = self.selected_surgery()
        if surgery is not None:
            self.remove_surgery_requested.emit(surgery)

    def _update_buttons(self, *_args: object) -> None:
        chosen = self.selected_surgery() is not None
        self.edit_surgery.setEnabled(chosen)
        self.remove_surgery.setEnabled(chosen)
