"""Clinic settings: letterhead, dates, and the clinical thresholds the sources disagree on.

Every workstation of the clinic shares them (they live in the database). Each threshold shows where its
default comes from; the decision support of a consult opened after the change uses the new value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.settings import REGISTRY, SettingSpec
from fbss_desktop.gui.widgets.field_errors import INVALID_STYLE

# The letterhead (clinic.*, print.*) is edited in Edit › Clinic…, not here.
TABS = (
    ("Dates, security, backups", ("dates.", "security.", "backups.")),
    ("Outcomes and medicines", ("outcomes.", "medications.")),
    ("Decision support", ("rules.", "esi.", "steroid.", "scs.", "rfa.", "opioid.", "imaging.", "labs.")),
    ("Procedure instructions", ("procedure.",)),
)
CHOICE_LABELS = {
    "us": "United States (CDC, Medicare)",
    "nice": "NICE (England): add NICE's advice",
    "asra2018": "ASRA 2018",
    "asra2015": "ASRA 2015",
    "cdc2022": "CDC 2022",
    "cdc2016": "Older (2016-era) table",
    "letter": "US Letter",
    "a4": "A4",
    "MDY": "Month/day/year",
    "DMY": "Day/month/year",
    "always": "Always",
    "sedation": "Only when sedation is planned",
    "True": "Yes",
    "False": "No",
}


def _choice_label(spec: SettingSpec, value: Any) -> str:
    if value == 0 and spec.kind is int and "0:" in spec.label:
        return "No limit"
    return CHOICE_LABELS.get(str(value), str(value))


class SettingsDialog(QDialog):
    def __init__(
        self, values: Mapping[str, Any], parent: QWidget | None = None, typed: Mapping[str, Any] | None = None
    ) -> None:
        """`values` are the stored settings (changes are counted against them); `typed` are values the user
        typed before a save was refused, shown again so nothing typed is lost."""
        super().__init__(parent)
        self.setWindowTitle("Clinic settings")
        self.setObjectName("settingsDialog")
        self.values = dict(values)
        self.widgets: dict[str, QComboBox | QLineEdit] = {}
        tabs = QTabWidget()
        for title, prefixes in TABS:
            page = QWidget()
            form = QFormLayout(page)
            for key, spec in REGISTRY.items():
                if key.startswith(prefixes):
                    form.addRow(spec.label, self._editor(spec))
                    if spec.help:
                        note = QLabel(spec.help)
                        note.setWordWrap(True)
                        note.setStyleSheet("color: #666; font-size: 9pt;")
                        form.addRow("", note)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            tabs.addTab(scroll, title)
        intro = QLabel(
            "These settings are shared by every workstation of the clinic. Consults opened after a change use "
            "the new thresholds."
        )
        intro.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #b03a2e;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(640, 560)
        for key, value in (typed or {}).items():
            widget = self.widgets.get(key)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif widget is not None:
                widget.setText(str(value))
        if typed:
            self.problem.setText("Your changes were not saved. They are shown again: check them and save.")

    def _editor(self, spec: SettingSpec) -> QComboBox | QLineEdit:
        value = self.values.get(spec.key, spec.default)
        widget: QComboBox | QLineEdit
        if spec.choices:
            widget = QComboBox()
            for choice in spec.choices:
                suffix = "  (default)" if choice == spec.default else ""
                widget.addItem(_choice_label(spec, choice) + suffix, choice)
            widget.setCurrentIndex(max(0, widget.findData(value)))
        else:
            widget = QLineEdit(str(value))
        widget.setObjectName(spec.key)
        self.widgets[spec.key] = widget
        return widget

    def changes(self) -> dict[str, Any]:
        """The settings whose value the user changed."""
        result = {}
        for key, widget in self.widgets.items():
            value = widget.currentData() if isinstance(widget, QComboBox) else widget.text().strip()
            if value != self.values.get(key, REGISTRY[key].default):
                result[key] = value
        return result

    def _accept(self) -> None:
        for widget in self.widgets.values():
            widget.setStyleSheet("")
        for key, value in self.changes().items():
            try:
                REGISTRY[key].check(value)
            except ValueError as exc:
                self.widgets[key].setStyleSheet(INVALID_STYLE)
                self.widgets[key].setFocus()
                self.problem.setText(str(exc))
                return
        self.accept()
