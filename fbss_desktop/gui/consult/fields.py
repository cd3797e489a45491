"""Input widgets bound to consult document paths, and the Form that reads and writes a whole document.

Each field knows its path in the document ("history.back_nrs_now"), gives its value as the document holds
it (None when left empty), takes a value back, and reports edits. Typed numbers stay text until the core
validates them, so a wrong entry is shown at its field instead of being silently clamped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QToolButton,
    QWidget,
)

from fbss_desktop.core.vocabulary import ChoiceList
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.counted_note import CountedNote, text_limit
from fbss_desktop.gui.widgets.field_errors import clear_message, show_message

NOT_RECORDED = "—"
# What a decimal field takes as it is typed: digits and one decimal separator (a point or a comma). A number
# out of range is still typed whole, for the core to refuse at its field.
DECIMAL_TYPED = QRegularExpression(r"^[0-9]*[.,]?[0-9]*$")


READ_ONLY_TEXT = "#202020"  # a signed consult's answers: as dark as when they could be changed


def answer_style(checked_background: str) -> str:
    """An answer button's look: the answer chosen stands out by its colour and outline, never by a bold face
    that would need more room than the button was laid out for ("More than half the da…"), and it still reads
    (dark) when a signed consult shows it read-only."""
    return (
        f"QToolButton:checked {{ background: {checked_background}; border: 1px solid #5b6b80; border-radius: 2px; }}"
        f" QToolButton:disabled {{ color: {READ_ONLY_TEXT}; }}"
        " QToolButton:checked:disabled { color: black; }"
    )


class Field(QObject):
    """A widget bound to one document path."""

    edited = Signal()

    def __init__(self, path: str, widget: QWidget) -> None:
        super().__init__(widget)
        self.path = path
        self.widget = widget
        widget.setObjectName(path)

    def get(self) -> Any:
        raise NotImplementedError

    def set(self, value: Any) -> None:
        raise NotImplementedError


class WholeNumberBox(QSpinBox):
    """A spin box that keeps what was typed: "15" in a 0-10 box stays 15 (and is refused at its field),
    where Qt's own box would drop the 5 and keep 1. The arrows and the wheel still stop at the declared
    range; only typing goes past it, so the clinician sees the mistake instead of a different number."""

    def __init__(self, low: int, high: int) -> None:
        super().__init__()
        self.declared = (low, high)
        room = int("9" * (len(str(high)) + 1))  # one digit more than the range needs: a slip is kept whole
        self.setRange(low - 1, max(high, room))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """A digit typed into "not recorded" starts the number (instead of being refused after the "—"), and
        clearing the number (Backspace or Delete on all of it) makes it "not recorded" again."""
        line = self.lineEdit()
        if event.text().isdigit() and self.value() == self.minimum():
            line.setText(self.prefix())
        elif event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and line is not None:
            everything = line.hasSelectedText() and len(line.selectedText()) >= len(line.text())
            if everything or len(self.cleanText()) <= 1:
                self.setValue(self.minimum())
                return
        super().keyPressEvent(event)

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        low, high = self.declared
        self.setValue(min(max(self.value() + steps, self.minimum()), high))

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:  # noqa: N802 - Qt override
        low, high = self.declared
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() < high:
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.value() > self.minimum():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags


class SpinField(Field):
    """A small whole number (NRS 0-10, MRC 0-5); the value below the range means not recorded. A number
    typed beyond the range is kept as typed, marked at once, and refused by the core on save."""

    def __init__(self, path: str, low: int, high: int, *, suffix: str = "") -> None:
        box = WholeNumberBox(low, high)
        box.setSpecialValueText(NOT_RECORDED)
        box.setSuffix(suffix)
        box.setValue(low - 1)
        box.setAccelerated(True)
        box.setMinimumWidth(metrics.SPIN_MIN_WIDTH)
        super().__init__(path, box)
        self.box = box
        self.range_text = f"a number from {low} to {high}{suffix}"
        box.valueChanged.connect(self._changed)

    def _changed(self, value: int) -> None:
        if value > self.box.declared[1]:  # said at once, beside the field, not only at the save
            show_message(self.box, f"{value} is out of range: enter {self.range_text}.")
        else:
            clear_message(self.box)  # fixed: the mark goes at once
        self.edited.emit()

    def get(self) -> int | None:
        value = self.box.value()
        return None if value < self.box.minimum() + 1 else value

    def set(self, value: Any) -> None:
        self.box.setValue(int(value) if isinstance(value, int | float) else self.box.minimum())


class NumberField(Field):
    """A decimal typed as text (temperature, HbA1c, dose): the core checks it and says what is wrong."""

    def __init__(self, path: str, *, placeholder: str = "", width: int = metrics.NUMBER_WIDTH) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setMaximumWidth(width)
        super().__init__(path, edit)
        self.edit = edit
        edit.setValidator(QRegularExpressionValidator(DECIMAL_TYPED, edit))  # no letters, as they are typed
        edit.textEdited.connect(lambda _t: self.edited.emit())

    def get(self) -> Any:
        text = self.edit.text().strip()
        if not text:
            return None
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            return text  # kept as typed; validation names it
        return int(number) if number.is_integer() and "." not in text and "," not in text else number

    def set(self, value: Any) -> None:
        self.edit.setText("" if value is None else _decimal(value) if isinstance(value, float) else str(value))


def dose_unit(dose: Any, unit: Any) -> str:
    """A unit as it reads after its dose: "1 unit", "2 units", "1 puff" (the unit lists keep the plural)."""
    text = str(unit or "")
    singular = {"units": "unit", "puffs": "puff", "drops": "drop"}
    return singular.get(text, text) if isinstance(dose, int | float) and dose == 1 else text


def _decimal(value: float) -> str:
    """Every digit a stored decimal has (12500.25, not 12500.2), without a trailing ".0"."""
    return f"{value:.15g}"


class TextField(Field):
    """Text; a multi-line note counts its characters against the limit the consult schema sets for it."""

    def __init__(self, path: str, *, multiline: bool = False, placeholder: str = "") -> None:
        widget: QLineEdit | QPlainTextEdit
        if multiline:
            widget = CountedNote(text_limit(path, multiline=True))
            widget.setTabChangesFocus(True)
            widget.setPlaceholderText(placeholder)
            widget.setMaximumHeight(metrics.NOTE_MAX_HEIGHT)
            widget.textChanged.connect(lambda: self.edited.emit())
        else:
            widget = QLineEdit()
            widget.setPlaceholderText(placeholder)
            widget.textEdited.connect(lambda _t: self.edited.emit())
        super().__init__(path, widget)
        self.text_widget = widget

    def get(self) -> str:
        w = self.text_widget
        return w.toPlainText() if isinstance(w, QPlainTextEdit) else w.text()

    def set(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.text_widget, QPlainTextEdit):
            self.text_widget.setPlainText(text)
        else:
            self.text_widget.setText(text)


class ChoiceField(Field):
    """One code from a list, or none."""

    def __init__(self, path: str, choices: ChoiceList | Iterable[tuple[Any, str]], *, empty: str = NOT_RECORDED):
        combo = QComboBox()
        combo.addItem(empty, None)
        items = ((c.code, c.label) for c in choices.items) if isinstance(choices, ChoiceList) else choices
        for code, label in items:
            combo.addItem(label, code)
        super().__init__(path, combo)
        self.combo = combo
        combo.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def get(self) -> Any:
        value = self.combo.currentData()
        return value if value not in (None, "") else None

    def set(self, value: Any) -> None:
        index = self.combo.findData(value) if value not in (None, "") else 0
        self.combo.setCurrentIndex(max(0, index))


class YesNoField(Field):
    """Yes / No buttons; clicking the chosen one again clears it (not asked)."""

    def __init__(self, path: str, *, yes: str = "Yes", no: str = "No") -> None:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(metrics.TIGHT_SPACING)
        self.yes, self.no = QToolButton(), QToolButton()
        for button, text, name in ((self.yes, yes, "yes"), (self.no, no, "no")):
            button.setText(text)
            button.setCheckable(True)
            button.setObjectName(f"{path}:{name}")
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setMinimumWidth(metrics.YES_NO_BUTTON_WIDTH)
            row.addWidget(button)
        super().__init__(path, holder)
        self.yes.setStyleSheet(answer_style("#f5c6c0"))
        self.no.setStyleSheet(answer_style("#cfe8d5"))
        self.yes.clicked.connect(lambda checked: self._pick(self.yes, self.no, checked))
        self.no.clicked.connect(lambda checked: self._pick(self.no, self.yes, checked))

    def _pick(self, chosen: QToolButton, other: QToolButton, checked: bool) -> None:
        if checked:
            other.setChecked(False)
        self.edited.emit()

    def get(self) -> bool | None:
        return True if self.yes.isChecked() else False if self.no.isChecked() else None

    def set(self, value: Any) -> None:
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)


class RetiredYesNoField(YesNoField):
    """An answer under a retired code (a question no longer asked): shown, marked retired, only when the
    consult holds an answer, so a stored answer is kept on save but never asked anew."""

    def __init__(self, path: str, label: QWidget) -> None:
        super().__init__(path)
        self.label = label
        self._show(False)

    def set(self, value: Any) -> None:
        super().set(value)
        self._show(value is not None)

    def _show(self, shown: bool) -> None:
        self.widget.setVisible(shown)
        self.label.setVisible(shown)


class CodesField(Field):
    """Any number of codes from a list, as check boxes in columns."""

    def __init__(self, path: str, choices: ChoiceList, *, columns: int = metrics.CHOICE_COLUMNS) -> None:
        holder = QWidget()
        grid = QGridLayout(holder)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(metrics.CHOICE_SPACING)
        self.boxes: dict[str, QCheckBox] = {}
        for i, choice in enumerate(choices.items):
            box = QCheckBox(choice.label)
            box.setObjectName(f"{path}:{choice.code}")
            box.toggled.connect(lambda _c: self.edited.emit())
            grid.addWidget(box, i // columns, i % columns)
            self.boxes[choice.code] = box
        super().__init__(path, holder)

    def get(self) -> list[str]:
        return [code for code, box in self.boxes.items() if box.isChecked()]

    def set(self, value: Any) -> None:
        chosen = set(value or ())
        for code, box in self.boxes.items():
            box.setChecked(code in chosen)


class CheckField(Field):
    """A plain tick box (True or False)."""

    def __init__(self, path: str, text: str) -> None:
        box = QCheckBox(text)
        super().__init__(path, box)
        self.box = box
        box.toggled.connect(lambda _c: self.edited.emit())

    def get(self) -> bool:
        return self.box.isChecked()

    def set(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class Form(QObject):
    """The bound fields of one editor; builds the document and loads it back."""

    edited = Signal()
    field_edited = Signal(object)  # the Field, after `edited`

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fields: dict[str, Field] = {}
        self.marked: dict[str, str] = {}  # the problems marked at fields since the last refused save, by path

    def add(self, field: Field) -> Field:
        self.fields[field.path] = field
        field.edited.connect(self.edited)
        field.edited.connect(lambda: self.field_edited.emit(field))
        return field

    def document(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for path, field in self.fields.items():
            value = field.get()
            if value is None or value == "" or value == []:
                continue
            *parents, leaf = path.split(".")
            node = result
            for key in parents:
                node = node.setdefault(key, {})
            node[leaf] = value
        return result

    def load(self, document: Mapping[str, Any]) -> None:
        for path, field in self.fields.items():
            node: Any = document
            for key in path.split("."):
                node = node.get(key) if isinstance(node, Mapping) else None
            field.blockSignals(True)
            try:
                field.set(node)
            finally:
                field.blockSignals(False)

    def widget_for(self, path: str) -> Field | None:
        """The field that shows an error at `path`: the same path, or the nearest enclosing one."""
        probe = path
        while probe:
            if probe in self.fields:
                return self.fields[probe]
            cut = max(probe.rfind("."), probe.rfind("["))
            probe = probe[:cut] if cut > 0 else ""
        return None


def grid_of(rows: Iterable[tuple[str, QWidget]], columns: int = 1) -> QWidget:
    """Label / widget pairs laid out in `columns` pairs per row."""
    holder = QWidget()
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(metrics.FORM_SPACING)
    for i, (label, widget) in enumerate(rows):
        r, c = divmod(i, columns)
        text = QLabel(label)
        text.setBuddy(widget)
        grid.addWidget(text, r, c * metrics.PAIR_SPAN)
        grid.addWidget(widget, r, c * metrics.PAIR_SPAN + 1, Qt.AlignmentFlag.AlignLeft)
    grid.setColumnStretch(columns * metrics.PAIR_SPAN, 1)
    return holder
