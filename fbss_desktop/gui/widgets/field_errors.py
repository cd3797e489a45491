"""Messages shown at the field that is wrong: a red line under the input, and the input outlined."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from fbss_desktop.gui import metrics

INVALID_STYLE = "border: 1px solid #c0392b; border-radius: 3px;"
_WITH_MESSAGE = "fieldWithMessage"  # the holder a field is moved into, with its message under it
_MESSAGE = "fieldMessage"


def error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #b03a2e;")
    label.setWordWrap(True)
    # A wrapped message takes the lines it needs: the layout asks its height for the width it gets.
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    policy.setHeightForWidth(True)
    label.setSizePolicy(policy)
    label.hide()
    return label


def _message_label(widget: QWidget) -> QLabel | None:
    holder = widget.parentWidget()
    if holder is None or holder.objectName() != _WITH_MESSAGE:
        return None
    return holder.findChild(QLabel, _MESSAGE, Qt.FindChildOption.FindDirectChildrenOnly)


def _place_message(widget: QWidget) -> QLabel | None:
    """A message label under `widget`, in its place in its layout (made on first use; None when the widget is
    in no layout)."""
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    if parent is None or layout is None:
        return None
    holder = QWidget(parent)
    holder.setObjectName(_WITH_MESSAGE)
    if layout.replaceWidget(widget, holder) is None:
        holder.deleteLater()
        return None
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    # A field that does not grow (a number box) keeps its own width beside the wider message under it.
    grows = widget.sizePolicy().horizontalPolicy().value & QSizePolicy.PolicyFlag.ExpandFlag.value
    if grows:
        column.addWidget(widget)
    else:
        column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
    label = error_label()
    label.setObjectName(_MESSAGE)
    # A short field (weeks, a dose) keeps its width; its message wraps at a width that reads, not in a
    # column of one word a line.
    label.setMinimumWidth(max(widget.sizeHint().width(), metrics.FIELD_MESSAGE_MIN_WIDTH))
    column.addWidget(label)
    holder.show()
    return label


def show_message(widget: QWidget, message: str) -> None:
    """Outline `widget` and say `message` under it (and in its tooltip)."""
    label = _message_label(widget) or _place_message(widget)
    if label is not None:
        label.setText(message)
        # Every line it needs at its narrowest, so a page squeezed to its scroll area never cuts it off.
        label.setMinimumHeight(label.heightForWidth(label.minimumWidth()))
        label.show()
    widget.setStyleSheet(INVALID_STYLE)
    widget.setToolTip(message)


def clear_message(widget: QWidget) -> None:
    label = _message_label(widget)
    if label is not None:
        label.clear()
        label.hide()
    widget.setStyleSheet("")
    widget.setToolTip("")


def message_of(widget: QWidget) -> str:
    """The message shown under `widget` ("" when none shows)."""
    label = _message_label(widget)
    return label.text() if label is not None and not label.isHidden() else ""


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
