"""Messages shown at the field that is wrong: a red line under the input, and the input outlined."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

INVALID_STYLE = "border: 1px solid #c0392b; border-radius: 3px;"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b03a2e;")
    label.setWordWrap(True)
    label.hide()
    return label


class FieldErrors:
    """Maps a field name (as core's ValidationError names it) to its input widget and message label."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, widget: QWidget) -> QLabel:
        label = error_label()
        label.setObjectName(f"error_{name}")
        self._fields[name] = (widget, label)
        return label

    def clear(self, name: str | None = None) -> None:
        for field, (widget, label) in self._fields.items():
            if name is None or field == name:
                label.clear()
                label.hide()
                widget.setStyleSheet("")
                widget.setToolTip("")

    def show(self, errors: dict[str, str]) -> list[str]:
        """Show each message at its field; returns the names of messages with no field of their own."""
        self.clear()
        unplaced = []
        for name, message in errors.items():
            if name not in self._fields:
                unplaced.append(name)
                continue
            widget, label = self._fields[name]
            label.setText(message)
            label.show()
            widget.setStyleSheet(INVALID_STYLE)
            widget.setToolTip(message)
        return unplaced

    def first_invalid(self, errors: dict[str, str]) -> QWidget | None:
        for name in self._fields:
            if name in errors:
                return self._fields[name][0]
        return None

    def message(self, name: str) -> str:
        return self._fields[name][1].text() if name in self._fields else ""
