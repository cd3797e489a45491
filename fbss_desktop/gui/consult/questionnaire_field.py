"""One questionnaire as a field: an answer row per item, scored live by the core as the clinician clicks.

Options are buttons in a row (keyboard: Tab to an item, arrows or the option's number to choose, the same
button again to clear). Items with an alert (PHQ-9 item 9) are framed, and the alert shows the moment the
answer crosses the threshold, whatever the total.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fbss_desktop.core.questionnaires import Instrument, Response, ResponseError, Score, score
from fbss_desktop.gui import metrics
from fbss_desktop.gui.consult.fields import READ_ONLY_TEXT, Field, answer_style
from fbss_desktop.gui.widgets.flow_layout import FlowLayout


class OptionRow(QWidget):
    """Exclusive, clearable option buttons for one item."""

    changed = Signal()

    def __init__(self, name: str, options: list[tuple[int, str]], *, compact: bool) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        row = FlowLayout(self, metrics.TIGHT_SPACING)  # side by side, wrapped onto a second line on a laptop
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[int, QToolButton] = {}
        for value, label in options:
            button = QToolButton()
            button.setText(str(value) if compact else label)
            button.setToolTip(label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"{name}:{value}")
            button.setStyleSheet(answer_style("#cfe0f5"))
            self.group.addButton(button, value)
            row.addWidget(button)
            self.buttons[value] = button
        self.group.idClicked.connect(self._clicked)

    def _clicked(self, value: int) -> None:
        self.choose(value if self.buttons[value].isChecked() else None)
        self.changed.emit()

    def value(self) -> int | None:
        return next((v for v, b in self.buttons.items() if b.isChecked()), None)

    def choose(self, value: int | None) -> None:
        for v, button in self.buttons.items():
            button.setChecked(v == value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        values = list(self.buttons)
        current = self.value()
        key = event.key()
        if Qt.Key.Key_0 <= key <= Qt.Key.Key_9 and (key - Qt.Key.Key_0) in self.buttons:
            self.choose(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Left) and values:
            step = 1 if key == Qt.Key.Key_Right else -1
            position = values.index(current) + step if current in values else 0
            self.choose(values[max(0, min(len(values) - 1, position))])
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.choose(None)
        else:
            super().keyPressEvent(event)
            return
        self.changed.emit()


class QuestionnaireField(Field):
    scored = Signal(object)  # core Score, after every change

    def __init__(self, instrument: Instrument, *, patient_sex: str) -> None:
        holder = QWidget()
        super().__init__(f"questionnaires.{instrument.code}", holder)
        self.instrument = instrument
        self.patient_sex = patient_sex
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(*metrics.QUESTIONNAIRE_MARGINS)
        intro = QLabel(instrument.recall)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        top = QHBoxLayout()
        self.version = QComboBox()
        for code, label in instrument.versions:
            self.version.addItem(label, code)
        self.version.setVisible(bool(instrument.versions))
        self.version.currentIndexChanged.connect(self._version_changed)
        self.sex = QComboBox()
        self.sex.addItem("Score as female", "F")
        self.sex.addItem("Score as male", "M")
        self.sex.setVisible(instrument.sex_specific)
        self.sex.currentIndexChanged.connect(self._changed)
        top.addWidget(self.version)
        top.addWidget(self.sex)
        top.addStretch(1)
        layout.addLayout(top)

        grid = QGridLayout()
        grid.setVerticalSpacing(metrics.QUESTION_ROW_SPACING)
        self.rows: list[OptionRow] = []
        self.item_labels: list[QLabel] = []
        compact = instrument.method == "percent_of_answered"
        line = 0
        for i, item in enumerate(instrument.items):
            item_label = QLabel(f"{i + 1}. {item.label}")
            item_label.setWordWrap(True)
            row = OptionRow(f"{self.path}.{item.code}", [(o.value, o.label) for o in item.options], compact=compact)
            row.changed.connect(self._changed)
            item_label.setBuddy(row)
            if item.alert_above is not None:
                frame = QFrame()
                frame.setObjectName("alertItem")
                # The red frame is the frame's alone (by its name): the answer buttons keep their own borders.
                frame.setStyleSheet("QFrame#alertItem { border: 2px solid #c0392b; border-radius: 4px; }")
                inner = QHBoxLayout(frame)
                inner.setContentsMargins(*metrics.ALERT_ITEM_MARGINS)
                item_label.setStyleSheet(
                    f"QLabel {{ font-weight: 600; }} QLabel:disabled {{ color: {READ_ONLY_TEXT}; }}"
                )
                inner.addWidget(item_label, metrics.QUESTION_STRETCH)
                inner.addWidget(row, metrics.ANSWER_STRETCH)
                grid.addWidget(frame, line, 0, 1, metrics.PAIR_SPAN)
            elif sum(len(o.label) for o in item.options) > metrics.LONG_OPTIONS_CHARS:
                # Long answers (painDETECT's pain pattern) go under their question, not beside it.
                grid.addWidget(item_label, line, 0, 1, metrics.PAIR_SPAN)
                line += 1
                grid.addWidget(row, line, 0, 1, metrics.PAIR_SPAN)
            else:
                grid.addWidget(item_label, line, 0)
                grid.addWidget(row, line, 1)
            line += 1
            self.rows.append(row)
            self.item_labels.append(item_label)
        grid.setColumnStretch(0, metrics.QUESTION_STRETCH)
        grid.setColumnStretch(1, metrics.ANSWER_STRETCH)
        grid.setColumnMinimumWidth(0, metrics.QUESTION_MIN_WIDTH)
        layout.addLayout(grid)

        self.alert = QLabel()
        self.alert.setObjectName(f"{self.path}:alert")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet("color: white; background: #b03a2e; padding: 6px; font-weight: 600;")
        self.alert.hide()
        self.result = QLabel()
        self.result.setObjectName(f"{self.path}:score")
        self.result.setStyleSheet(
            f"QLabel {{ font-size: 12pt; font-weight: 600; }} QLabel:disabled {{ color: {READ_ONLY_TEXT}; }}"
        )
        layout.addWidget(self.alert)
        layout.addWidget(self.result)
        # Only what helps the clinician read the score: a caution about whom it was built for. The licence
        # terms are the clinic's business, not the consult's, and are not shown here.
        footnote = QLabel(instrument.caution)
        footnote.setObjectName(f"{self.path}:note")
        footnote.setVisible(bool(instrument.caution))
        footnote.setWordWrap(True)
        footnote.setStyleSheet("color: #666; font-size: 8pt;")
        layout.addWidget(footnote)
        layout.addStretch(1)
        self.last_score: Score | None = None
        self.set(None)

    def _version_changed(self, _index: int) -> None:
        self._version_labels()
        self._changed()

    def response(self) -> Response:
        return Response(
            self.instrument.code,
            self.version.currentData() or self.instrument.version,
            tuple(row.value() for row in self.rows),
            self.sex.currentData() if self.instrument.sex_specific else None,
        )

    def _changed(self, *_args: object) -> None:
        self.rescore()
        self.edited.emit()

    def rescore(self) -> None:
        try:
            result = score(self.instrument, self.response())
        except ResponseError as exc:
            self.result.setText(str(exc))
            return
        self.last_score = result
        self.result.setText(result.describe(self.instrument) if result.answered else "Not answered")
        if result.subscales:
            self.result.setText(
                self.result.text() + "  ·  " + ", ".join(f"{k} subscale {v}" for k, v in result.subscales.items())
            )
        self.alert.setText("\n".join(a.message for a in result.alerts))
        self.alert.setVisible(bool(result.alerts))
        self.scored.emit(result)

    def get(self) -> dict[str, Any] | None:
        response = self.response()
        if response.answered == 0:
            return None
        data: dict[str, Any] = {"version": response.version, "answers": list(response.answers)}
        if self.instrument.sex_specific:
            data["scored_as"] = response.scored_as
        return data

    def set(self, value: Any) -> None:
        value = value or {}
        answers = list(value.get("answers") or [])
        for i, row in enumerate(self.rows):
            row.choose(answers[i] if i < len(answers) else None)
        index = self.version.findData(value.get("version"))
        self.version.blockSignals(True)
        self.version.setCurrentIndex(max(0, index))
        self.version.blockSignals(False)
        sex = value.get("scored_as") or (self.patient_sex if self.patient_sex in ("F", "M") else "F")
        self.sex.blockSignals(True)
        self.sex.setCurrentIndex(max(0, self.sex.findData(sex)))
        self.sex.blockSignals(False)
        self._version_labels()
        self.rescore()

    def _version_labels(self) -> None:
        version = self.version.currentData() or self.instrument.version
        for i, (label, item) in enumerate(zip(self.item_labels, self.instrument.items, strict=True)):
            label.setText(f"{i + 1}. {item.label_for(version)}")

    def derive(self, item_code: str, value: int) -> None:
        """Fill an item the record already answers (ORT's age band) unless the clinician has answered it."""
        row = self.rows[self.instrument.item_index(item_code)]
        if row.value() is None:
            row.choose(value)
            self.rescore()
