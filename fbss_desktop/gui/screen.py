"""Window sizes that fit the screen: a 1366×768 laptop must reach every button without maximizing."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication

# Room left for the window's frame and title bar, and for a taskbar the free area may not count.
FRAME_WIDTH = 40
FRAME_HEIGHT = 60


def fitting(width: int, height: int) -> QSize:
    """`width` × `height`, or less where the primary screen's free area is smaller."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return QSize(width, height)
    free = screen.availableGeometry()
    return QSize(min(width, free.width() - FRAME_WIDTH), min(height, free.height() - FRAME_HEIGHT))
