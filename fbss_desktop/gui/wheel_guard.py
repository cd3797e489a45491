"""The mouse wheel never changes a value the user is not editing.

Qt lets the wheel change a spin box, a combo box or a slider under the pointer, focused or not: scrolling a
long consult page over an unrecorded MRC box set it to 0 (and fired a motor-deficit finding), and over
Smoking changed "smokes now" to "former smoker". One application-wide event filter stops that: a wheel
turned over such a field that does not have the keyboard focus scrolls the page it sits in instead, and
the wheel no longer gives these fields focus (a click or Tab does). A field with focus keeps the wheel,
as a user who clicked into it expects.
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
        elif kind == QEvent.Type.Wheel and not _editing(watched):
            area = _scroll_area_of(watched)
            if area is not None:
                QApplication.sendEvent(area.verticalScrollBar(), event)
            return True  # the value stays as it was
        return False


def _editing(widget: QWidget) -> bool:
    """The widget (or its own line edit) is where the keyboard goes in its window."""
    focused = widget.window().focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


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
