"""Window sizes that fit the screen: a 1366×768 laptop must reach every button without maximizing.

Sizes are logical pixels, so a HiDPI screen (or QT_SCALE_FACTOR) gets the same layout, scaled. A window is
sized to the free area of its screen (the desktop less taskbars and docks) less room for its frame, and placed
inside that area: a window manager's cascade must not push its foot, and the buttons there, off the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# Room left for the window's frame and title bar, and for a taskbar the free area may not count.
FRAME_WIDTH = 40
FRAME_HEIGHT = 60


def free_area(widget: QWidget | None = None) -> QRect | None:
    """The free area of the screen `widget` is on (the primary screen before it is shown), or None."""
    screen: QScreen | None = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fitting(width: int, height: int, free: QRect | None = None) -> QSize:
    """`width` × `height`, or less where the free area (the primary screen's unless given) is smaller."""
    free = free if free is not None else free_area()
    if free is None:
        return QSize(width, height)
    return QSize(min(width, free.width() - FRAME_WIDTH), min(height, free.height() - FRAME_HEIGHT))


def place(widget: QWidget, width: int, height: int, free: QRect | None = None) -> None:
    """Size `widget` (a window) to `width` × `height` or what fits, centred in the free area."""
    free = free if free is not None else free_area(widget)
    size = fitting(width, height, free)
    widget.resize(size)
    if free is not None:
        corner = QPoint(free.x() + (free.width() - size.width()) // 2, free.y() + (free.height() - size.height()) // 2)
        widget.move(_inside(free, QRect(corner, size)))


def keep_inside(widget: QWidget, free: QRect | None = None) -> None:
    """Shrink `widget` (a window, perhaps restored from a bigger screen's geometry) to fit the free area; where
    it goes is restoreGeometry's to say (it keeps a window on its screen, with its title bar)."""
    free = free if free is not None else free_area(widget)
    if free is None or widget.isMaximized() or widget.isFullScreen():
        return
    size = fitting(widget.width(), widget.height(), free)
    if size != widget.size():
        widget.resize(size)


def _inside(free: QRect, window: QRect) -> QPoint:
    """Where `window` (its client area; the frame adds FRAME_WIDTH × FRAME_HEIGHT) goes to lie in `free`."""
    right = free.x() + free.width() - FRAME_WIDTH - window.width()
    bottom = free.y() + free.height() - FRAME_HEIGHT - window.height()
    return QPoint(max(free.x(), min(window.x(), right)), max(free.y(), min(window.y(), bottom)))
