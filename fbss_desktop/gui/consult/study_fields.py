"""Fields of one imaging study or test: its levels, the findings at each level, and lab values."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from fbss_desktop.core.spine import COMMON_LEVELS
from fbss_desktop.core.vocabulary import ChoiceList
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import CodesField, Field

ANY_LEVEL = ""


class LevelsField(Field):
    """Levels typed as "L4-L5, L5-S1" (the core checks each one)."""

    def __init__(self, path: str) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText("e.g. L4-L5, L5-S1")
        super().__init__(path, edit)
        self.edit = edit
        edit.textChanged.connect(lambda _t: self.edited.emit())

    def get(self) -> list[str]:
        return [part.strip() for part in self.edit.text().replace(";", ",").split(",") if part.strip()]

    def set(self, value: Any) -> None:
        self.edit.setText(", ".join(value or []))


class FindingsField(Field):
    """Findings per level: pick the level, tick its findings; a summary lists them all."""

    def __init__(self, path: str, findings: ChoiceList, levels: LevelsField) -> None:
        holder = QWidget()
        super().__init__(path, holder)
        self.levels = levels
        self.chosen: dict[str, list[str]] = {}
        self.level = QComboBox()
        self.level.setObjectName(f"{path}:level")
        self.checks = CodesField(f"{path}:codes", findings, columns=metrics.CHOICE_COLUMNS)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #444;")
        top = QHBoxLayout()
        top.addWidget(QLabel("Findings at"))
        top.addWidget(self.level)
        top.addStretch(1)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.checks.widget)
        layout.addWidget(self.summary)
        self._labels = findings
        self._shown = ANY_LEVEL
        self.level.currentIndexChanged.connect(self._level_changed)
        self.checks.edited.connect(self._ticked)
        levels.edited.connect(self._refresh_levels)
        self._refresh_levels()

    def _refresh_levels(self) -> None:
        current = self.level.currentData()
        self.level.blockSignals(True)
        self.level.clear()
        typed = []
        for text in self.levels.get():
            upper = text.upper().replace("/", "-")
            typed.append(upper)
        offered = typed or list(COMMON_LEVELS)
        stranded = [lv for lv, codes in self.chosen.items() if codes and lv != ANY_LEVEL and lv not in offered]
        empty = [lv for lv in typed if not self.chosen.get(lv)]
        if len(stranded) == 1 and len(empty) == 1:  # a level typed again (L5 → L3-L4): its findings follow it
            self.chosen[empty[0]] = self.chosen.pop(stranded[0])
            stranded = []
            self._summarize()
        for level in offered:
            self.level.addItem(level, level)
        for level in stranded:  # findings at a level no longer typed stay reachable, to untick or keep
            self.level.addItem(f"{level} (not among the levels)", level)
        self.level.addItem("Whole study (no level)", ANY_LEVEL)
        index = self.level.findData(current)
        self.level.setCurrentIndex(index if index >= 0 else 0)
        self.level.blockSignals(False)
        self._level_changed()

    def _level_changed(self, *_args: object) -> None:
        self._shown = self.level.currentData() or ANY_LEVEL
        self.checks.blockSignals(True)
        self.checks.set(self.chosen.get(self._shown, []))
        self.checks.blockSignals(False)

    def _ticked(self) -> None:
        self.chosen[self._shown] = self.checks.get()
        self._summarize()
        self.edited.emit()

    def _summarize(self) -> None:
        parts = [
            f"{level or 'whole study'}: {', '.join(self._labels.label(c).lower() for c in codes)}"
            for level, codes in self.chosen.items()
            if codes
        ]
        self.summary.setText("; ".join(parts) if parts else "No findings ticked.")

    def get(self) -> list[dict[str, str]]:
        return [{"level": level, "finding": code} for level, codes in self.chosen.items() for code in codes]

    def set(self, value: Any) -> None:
        self.chosen = {}
        for item in value or []:
            self.chosen.setdefault(item.get("level") or ANY_LEVEL, []).append(item.get("finding"))
        self._refresh_levels()
        self._summarize()


class LabsField(Field):
    """One box per lab test with its unit; only filled tests become values."""

    def __init__(self, path: str, tests: ChoiceList) -> None:
        holder = QWidget()
        super().__init__(path, holder)
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        self.edits: dict[str, QLineEdit] = {}
        for i, test in enumerate(tests.items):
            edit = QLineEdit()
            edit.setObjectName(f"{path}:{test.code}")
            edit.setMaximumWidth(metrics.SHORT_NUMBER_WIDTH)
            edit.textEdited.connect(lambda _t: self.edited.emit())
            r, c = divmod(i, metrics.LAB_COLUMNS)
            label = QLabel(test.label)
            label.setBuddy(edit)
            cells = (label, edit, QLabel(str(test.extra.get("unit", ""))))
            for offset, cell in enumerate(cells):
                grid.addWidget(cell, r, c * len(cells) + offset)
            self.edits[test.code] = edit

    def get(self) -> list[dict[str, Any]]:
        values = []
        for code, edit in self.edits.items():
            text = edit.text().strip()
            if text:
                try:
                    values.append({"test": code, "value": float(text.replace(",", "."))})
                except ValueError:
                    values.append({"test": code, "value": text})
        return values

    def set(self, value: Any) -> None:
        given = {item.get("test"): item.get("value") for item in value or []}
        for code, edit in self.edits.items():
            number = given.get(code)
            edit.setText("" if number is None else f"{number:.15g}" if isinstance(number, float) else str(number))
