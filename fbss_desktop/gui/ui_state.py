"""Per-workstation window state (geometry, splitters, the folder files were last saved to) kept in an INI file
via QSettings.

A file is first offered in the user's Documents folder, never the program's: after that, in the folder the
last one was saved to on this workstation.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QSplitter, QWidget

_LAST_FOLDER = "files/last_folder"


class WorkstationState:
    in_use: WorkstationState | None = None  # the state this workstation's windows keep (the latest opened)

    def __init__(self, config_dir: Path) -> None:
        self._settings = QSettings(str(config_dir / "workstation.ini"), QSettings.Format.IniFormat)
        WorkstationState.in_use = self

    def last_folder(self) -> Path | None:
        value = self._settings.value(_LAST_FOLDER)
        return Path(value) if isinstance(value, str) and value else None

    def remember_folder(self, folder: Path) -> None:
        self._settings.setValue(_LAST_FOLDER, str(folder))

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


def documents_folder() -> Path:
    """The user's Documents folder (their home folder when the system names none, or names one that does not
    exist: a save dialog given a missing folder opens in the program's working folder instead)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder(state: WorkstationState | None) -> Path:
    """Where a save dialog opens: the folder last saved to on this workstation (`state`), else Documents."""
    last = state.last_folder() if state is not None else None
    return last if last is not None and last.is_dir() else documents_folder()


def ask_save_path(
    parent: QWidget, caption: str, file_name: str, filters: str, state: WorkstationState | None
) -> Path | None:
    """Ask where to save `file_name`, starting in `start_folder` (`state` None: a window without workstation
    state, as in tests and tools, offers Documents each time). The folder is remembered once the file is
    written there (`saved_to`), not when it is chosen: a folder that refused the file is not offered again."""
    target, _filter = QFileDialog.getSaveFileName(parent, caption, str(start_folder(state) / file_name), filters)
    return Path(target) if target else None


def saved_to(state: WorkstationState | None, path: Path) -> None:
    """A file was written at `path`: its folder is where the next save dialog on this workstation starts."""
    if state is not None:
        state.remember_folder(path.parent)
