"""The start-up floor: a bare PySide6 QApplication showing an empty main window, timed to first paint."""

import sys
import time

started = time.perf_counter()

from PySide6.QtCore import QEvent, QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow  # noqa: E402


class FirstPaint(QObject):
    def eventFilter(self, watched, event):  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            print(f"first-paint {time.perf_counter() - started:.4f}", flush=True)
            QTimer.singleShot(0, QApplication.quit)
            watched.removeEventFilter(self)
        return False


app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 780)
watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
