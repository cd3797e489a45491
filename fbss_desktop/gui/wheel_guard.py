"""The mouse wheel never changes a value the user is not editing.

Qt lets the wheel change a spin box, a combo box or a slider under the pointer: scrolling a long consult
page over an unrecorded MRC box set it to 0 (and fired a motor-deficit finding), over Smoking changed
"smokes now" to "former smoker", and, the box having the focus after Tab, turned a recorded 5/5 into 3/5
and raised a cauda equina stop. One application-wide event filter stops that: a wheel turned over such a
field scrolls the page it sits in instead, focused or not, and the wheel no longer gives these fields
focus. Values change by typing, the arrow keys or a click on the field's own arrows, never by scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

GUARDED = (QAbstractSpinBox, QComboBox, QAbstractSlider)


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if not isinstance(watched, GUARDED) or isinstance(watched, QScrollBar):
            return False
        if kind == QEvent.Type.Polish and watched.focusPolicy() == Qt.FocusPolicy.WheelFocus:
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not give focus
        elif kind == QEvent.Type.Wheel:
            area = _scroll_area_of(watched)
            if area is not None:
                QApplication.sendEvent(area.verticalScrollBar(), event)
            return True  # the value stays as it was
        return False


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QComboBox):
            return parent
        parent = parent.parentWidget()
    return None


_guard: WheelGuard | None = None


def install() -> None:
    """Guard every widget of the running application (once; later calls do nothing)."""
    global _guard
    app = QApplication.instance()
    if _guard is None and app is not None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
