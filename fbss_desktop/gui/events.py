"""App-wide signals: one object every screen listens to (after Anki's operation_did_execute)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    changes_applied = Signal(object)  # a core.changes.ChangeSet
