"""Signing in to an encrypted clinic database, timed from the process start: when the sign-in window first
paints (nothing is opened before someone signs in), and how long after the password is given (a second after
the window showed, as a person types) the main window is filled: the argon2id unwrap of the key, opening the
database, the sign-in check and the first list.

Usage: sign_in_workload.py URL USER PASSWORD; prints "sign-in-paint S" and "signed-in S" (seconds).
"""

import sys
import time

started = time.perf_counter()

import os  # noqa: E402
from pathlib import Path  # noqa: E402

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from fbss_desktop.gui.dialogs.sign_in_dialog import SignInDialog  # noqa: E402
from fbss_desktop.gui.events import AppEvents  # noqa: E402
from fbss_desktop.gui.main_window import MainWindow  # noqa: E402
from fbss_desktop.gui.tasks import TaskRunner  # noqa: E402
from fbss_desktop.gui.window import signing_in  # noqa: E402

TYPING_MS = 1000  # a person types a user name and a password in a second or more; the app loads meanwhile


class SignInPainted(QObject):
    """On the sign-in window's first paint: report it, then type the name and password and press Sign in."""

    def __init__(self, user: str, password: str) -> None:
        super().__init__()
        self.user, self.password = user, password
        self.seen = False
        self.submitted = 0.0

    def eventFilter(self, watched, event):  # noqa: N802 - Qt override
        if not self.seen and isinstance(watched, SignInDialog) and event.type() == QEvent.Type.Paint:
            self.seen = True
            print(f"sign-in-paint {time.perf_counter() - started:.4f}", flush=True)
            QTimer.singleShot(TYPING_MS, lambda: self.submit(watched))
        return False

    def submit(self, dialog: SignInDialog) -> None:
        dialog.username.setText(self.user)
        dialog.password.setText(self.password)
        self.submitted = time.perf_counter()
        dialog.ok_button.click()


def main(url: str, user: str, password: str) -> None:
    app = QApplication(sys.argv[:1])
    window = MainWindow(TaskRunner(), AppEvents())
    window.interactive = False  # no set-up or recovery questions in a measured session
    watcher = SignInPainted(user, password)
    app.installEventFilter(watcher)

    def ready() -> None:
        print(f"signed-in {time.perf_counter() - watcher.submitted:.4f}", flush=True)
        QTimer.singleShot(0, app.quit)

    window.database_opened.connect(ready)
    window.show()
    keys = os.environ.get("FBSS_BENCH_AUDIT_KEYS")

    def open_clinic(key=None):
        from fbss_desktop.services.clinic import Clinic

        return Clinic.open(url, backup_dir=None, audit_key_dir=Path(keys) if keys else None, key=key)

    QTimer.singleShot(0, lambda: signing_in.open_clinic_database(window, url, open_clinic))
    app.exec()
    window.close_database()
    os._exit(0)  # PySide6 can crash tearing down a script's objects; the figures are out


if __name__ == "__main__":
    main(*sys.argv[1:4])
