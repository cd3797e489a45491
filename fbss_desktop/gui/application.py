"""Starting the desktop app: QApplication, the task runner, the main window, and an orderly exit."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from fbss_desktop.gui import failures, wheel_guard
from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import TaskRunner
from fbss_desktop.gui.ui_state import WorkstationState
from fbss_desktop.gui.window import signing_in
from fbss_desktop.paths import AppPaths, resource

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


def describe_database(url: str) -> str:
    """The database as the status bar shows it: the file, or the server without any password."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        return f"Database: {url[len('sqlite:///') :]}"
    host = parsed.hostname or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    user = f"{parsed.username}@" if parsed.username else ""
    return f"Database: {parsed.scheme}://{user}{host}{port}{parsed.path}"


class _AfterFirstPaint(QObject):
    """Runs `then` once the window has painted for the first time.

    Opening the database loads peewee and runs migrations on the worker thread; started before the first
    paint, that work competes with the window for the interpreter lock and the window appears later.
    """

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self._then = then
        self._seen = False

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt override
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            QTimer.singleShot(0, self._then)
        return False


def run_gui(url: str, paths: AppPaths, *, smoke_test: bool = False) -> int:
    started = time.perf_counter()
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("FBSS Desktop")
    wheel_guard.install()  # the wheel never changes a field that is not being edited
    app.setOrganizationName("FBSS")
    icon = resource("icons", "fbss-desktop.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))

    log_path = str(Path(paths.log_dir) / "fbss-desktop.log")
    failures.set_log_path(log_path)
    runner = TaskRunner()
    events = AppEvents()
    window = MainWindow(
        runner,
        events,
        WorkstationState(paths.config_dir),
        database_label=describe_database(url),
        log_path=log_path,
        recovery_dir=Path(paths.data_dir) / "recovery",
    )

    def open_clinic(key: bytes | None = None) -> Clinic:
        from fbss_desktop.services.clinic import Clinic  # loads peewee on the worker, not before the window

        return Clinic.open(url, backup_dir=paths.backup_dir, audit_key_dir=paths.audit_key_dir, key=key)

    def after_first_paint() -> None:
        if smoke_test:
            # Report the paint, then prove the database opens (and migrates) before quitting.
            print(f"first-paint {time.perf_counter() - started:.4f}", flush=True)
            window.interactive = False
            window.database_opened.connect(QApplication.quit)
            window.database_failed.connect(lambda _name: QApplication.exit(1))
        if smoke_test:
            window.open_database(open_clinic)
        else:
            signing_in.open_clinic_database(window, url, open_clinic)  # an encrypted one asks who is there first

    # An exception that reaches Qt's event loop is logged and shown; with --smoke-test it fails the run.
    if smoke_test:

        def fail_the_run(kind: type[BaseException], exc: BaseException, tb: Any) -> None:
            sys.__excepthook__(kind, exc, tb)
            QApplication.exit(1)

        sys.excepthook = fail_the_run
    else:
        failures.install_excepthook(lambda: QApplication.activeWindow() or window)
    watcher = _AfterFirstPaint(after_first_paint)
    window.installEventFilter(watcher)
    window.show()
    code = app.exec()
    window.close_database()
    runner.shutdown()
    return int(code)
