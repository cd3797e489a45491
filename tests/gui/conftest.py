from __future__ import annotations

import pytest

from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import SyncTaskRunner
from fbss_desktop.services.clinic import Clinic
from tests.conftest import TODAY


@pytest.fixture
def open_window(qtbot, sqlite_url, tmp_path):
    """A real main window on a real SQLite database, with database work run synchronously."""
    windows = []

    def make(demo: int = 0, state=None, recovery_dir=None) -> MainWindow:
        window = MainWindow(
            SyncTaskRunner(),
            AppEvents(),
            state,
            today=lambda: TODAY,
            database_label="test",
            recovery_dir=recovery_dir or tmp_path / "recovery",
        )
        window.interactive = False  # tests answer the restore question themselves
        qtbot.addWidget(window)
        window.open_database(lambda: Clinic.open(sqlite_url, backup_dir=tmp_path / "b", today=lambda: TODAY))
        if demo:
            window.load_demo(demo)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close_database()


def search(qtbot, window, text):
    window.search.clear()
    qtbot.keyClicks(window.search, text)
    window._search_timer.timeout.emit()  # do not wait for the typing pause
