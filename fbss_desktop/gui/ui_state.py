"""Per-workstation window state (geometry, splitters) kept in an INI file via QSettings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget


class WorkstationState:
    def __init__(self, config_dir: Path) -> None:
        self._settings = QSettings(str(config_dir / "workstation.ini"), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def save_geometry(self, name: str, widget: QWidget) -> None:
        self._settings.setValue(f"geometry/{name}", widget.saveGeometry())

    def restore_geometry(self, name: str, widget: QWidget) -> bool:
        value = self._bytes(f"geometry/{name}")
        return bool(value is not None and widget.restoreGeometry(value))

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        self._settings.setValue(f"splitter/{name}", splitter.saveState())

    def restore_splitter(self, name: str, splitter: QSplitter) -> None:
        value = self._bytes(f"splitter/{name}")
        if value is not None:
            splitter.restoreState(value)

    def sync(self) -> None:
        self._settings.sync()
