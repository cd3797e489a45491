"""Add / edit a spine surgery: date (year, month or day), procedure, levels, fusion and hardware."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.spine import parse_levels
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue, SurgeryInput, parse_surgery, to_input
from fbss_desktop.gui.dialogs.validated import SaveFunction, ValidatedDialog

QUICK_LEVELS = ("T12-L1", "L1-L2", "L2-L3", "L3-L4", "L4-L5", "L5-S1")


class SurgeryDialog(ValidatedDialog):
    failure_title = "Surgery not saved"

    def __init__(
        self,
        save: SaveFunction,
        *,
        catalogue: SurgeryCatalogue,
        patient_id: int,
        date_of_birth: dt.date,
        surgery: Surgery | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        slash_order: SlashOrder = SlashOrder.MDY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            save,
            lambda form: parse_surgery(
                form, catalogue=catalogue, date_of_birth=date_of_birth, today=today(), slash_order=slash_order
            ),
            parent,
        )
        self._catalogue = catalogue
        self._form = to_input(surgery) if surgery else SurgeryInput(patient_id=patient_id)
        self.setWindowTitle("Edit spine surgery" if surgery else "Add spine surgery")
        self.setMinimumWidth(520)

        self.performed = QLineEdit(self._form.performed)
        self.performed.setPlaceholderText("YYYY, YYYY-MM or YYYY-MM-DD")
        self.procedure = QComboBox()
        self.procedure.addItem("Choose…", "")
        for procedure in catalogue.procedures:
            self.procedure.addItem(procedure.label, procedure.code)
        self.procedure.setCurrentIndex(max(0, self.procedure.findData(self._form.procedure)))
        self.levels = QLineEdit(self._form.levels)
        self.levels.setPlaceholderText("e.g. L4-L5, L5-S1")
        self.level_buttons: dict[str, QToolButton] = {}
        quick = QHBoxLayout()
        quick.setSpacing(4)
        for level in QUICK_LEVELS:
            button = QToolButton()
            button.setText(level)
            button.setCheckable(True)
            button.toggled.connect(self._quick_level_toggled)
            self.level_buttons[level] = button
            quick.addWidget(button)
        quick.addStretch(1)
        self.fusion = QCheckBox("Fusion")
        self.fusion.setChecked(self._form.fusion)
        self.instrumented = QCheckBox("Hardware (screws, rods, cage or disc implant)")
        self.instrumented.setChecked(self._form.instrumented)
        self.approach = QComboBox()
        for approach in catalogue.approaches:
            self.approach.addItem(approach.label, approach.code)
        self.approach.setCurrentIndex(max(0, self.approach.findData(self._form.approach)))
        self.surgeon = QLineEdit(self._form.surgeon)
        self.outcome_notes = QPlainTextEdit(self._form.outcome_notes)
        self.outcome_notes.setPlaceholderText("Course after this operation: relief, when pain returned, complications")
        self.outcome_notes.setTabChangesFocus(True)
        self.outcome_notes.setFixedHeight(80)

        layout = QFormLayout()
        level_box = QVBoxLayout()
        level_box.setSpacing(4)
        level_box.addWidget(self.levels)
        level_box.addLayout(quick)
        level_holder = QWidget()
        level_holder.setLayout(level_box)
        level_box.setContentsMargins(0, 0, 0, 0)
        rows: list[tuple[str, str, QWidget, QWidget]] = [
            ("performed", "&Date", self.performed, self.performed),
            ("procedure", "&Procedure", self.procedure, self.procedure),
            ("levels", "&Levels", self.levels, level_holder),
            ("fusion", "", self.fusion, self.fusion),
            ("instrumented", "", self.instrumented, self.instrumented),
            ("approach", "&Approach", self.approach, self.approach),
            ("surgeon", "&Surgeon", self.surgeon, self.surgeon),
            ("outcome_notes", "&Outcome notes", self.outcome_notes, self.outcome_notes),
        ]
        for name, label, widget, shown in rows:
            widget.setObjectName(name)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(shown)
            holder.addWidget(self.errors.add(name, widget))
            if label:
                caption = QLabel(label)
                caption.setBuddy(widget)
                layout.addRow(caption, holder)
            else:
                layout.addRow("", holder)

        self.procedure.currentIndexChanged.connect(self._procedure_changed)
        self.levels.textChanged.connect(self._sync_level_buttons)
        self.performed.textEdited.connect(lambda _t: self.errors.clear("performed"))
        self.levels.textEdited.connect(lambda _t: self.errors.clear("levels"))
        self._sync_level_buttons(self.levels.text())

        outer = QVBoxLayout(self)
        outer.addLayout(layout)
        outer.addWidget(self.buttons)

    def _procedure_changed(self) -> None:
        """A fusion procedure usually means fusion and hardware: preset both, the user can untick."""
        procedure = self._catalogue.procedure(str(self.procedure.currentData()))
        self.errors.clear("procedure")
        if procedure is not None:
            self.fusion.setChecked(procedure.fusion)
            self.instrumented.setChecked(procedure.instrumented)

    def _quick_level_toggled(self) -> None:
        try:
            typed = set(parse_levels(self.levels.text()))
        except ValueError:
            typed = set()
        for level, button in self.level_buttons.items():
            if button.isChecked():
                typed.add(level)
            else:
                typed.discard(level)
        text = ", ".join(parse_levels(", ".join(typed))) if typed else ""
        if text != self.levels.text():
            self.levels.setText(text)
            self.errors.clear("levels")

    def _sync_level_buttons(self, text: str) -> None:
        try:
            chosen = set(parse_levels(text))
        except ValueError:
            return  # keep the buttons as they are while the user is still typing
        for level, button in self.level_buttons.items():
            button.blockSignals(True)
            button.setChecked(level in chosen)
            button.blockSignals(False)

    def current_input(self) -> SurgeryInput:
        return SurgeryInput(
            patient_id=self._form.patient_id,
            performed=self.performed.text(),
            procedure=str(self.procedure.currentData() or ""),
            levels=self.levels.text(),
            fusion=self.fusion.isChecked(),
            instrumented=self.instrumented.isChecked(),
            approach=str(self.approach.currentData() or ""),
            surgeon=self.surgeon.text(),
            outcome_notes=self.outcome_notes.toPlainText(),
            id=self._form.id,
            row_version=self._form.row_version,
        )
