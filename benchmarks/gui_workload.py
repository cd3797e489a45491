"""A real session in the real main window on the benchmark database, for peak memory.

Searches as a user types, scrolls far down a long result list (lazy pages), opens patients, then exits and
prints its own peak resident memory.
"""

import os
import resource
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from fbss_desktop.gui.events import AppEvents
from fbss_desktop.gui.main_window import MainWindow
from fbss_desktop.gui.tasks import TaskRunner
from fbss_desktop.services.clinic import Clinic


def wait(app, condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        app.processEvents()
        if time.monotonic() > deadline:
            raise TimeoutError("GUI workload stalled")
        time.sleep(0.001)


def peak_rss_kb() -> int:
    """This program's peak resident memory. On Linux VmHWM, which starts at exec; ru_maxrss would also count
    what the parent had resident when it forked this process."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def main(url: str) -> None:
    app = QApplication(sys.argv[:1])
    runner = TaskRunner()
    window = MainWindow(runner, AppEvents())
    window.interactive = False  # no start-up questions (set-up, restore) in a measured session
    window.show()
    keys = os.environ.get("FBSS_BENCH_AUDIT_KEYS")  # the benchmark database's audit key folder
    window.open_database(lambda: Clinic.open(url, backup_dir=None, audit_key_dir=Path(keys) if keys else None))
    wait(app, lambda: window.clinic is not None and not window.patient_model.loading)
    for text in ("m", "mu", "mul", "mull", "", "gar", "d0001", "1961-04-12", ""):
        window.search.setText(text)
        window._run_search()
        wait(app, lambda: not window.patient_model.loading)
    rows = min(3000, window.clinic.patients.count())
    while window.patient_model.rowCount() < rows:  # scrolling: the view asks for page after page
        window.patient_model.fetchMore()
        wait(app, lambda: not window.patient_model.loading)
    for row in range(0, rows, 60):  # 50 patients, with their outcome charts
        window.patient_view.selectRow(row)
        wait(app, lambda: window.panel.patient is not None and window._opening_patient == window.panel.patient.id)
        consults = window.panel.consult_model
        if row % 600 == 0 and consults.rowCount():  # and a consult editor now and then
            window.open_consult(consults.row_object(0).id)
            wait(app, lambda: bool(window.editors))
            for editor in list(window.editors.values()):
                editor.dirty = False
                editor.close()
    window.close_database()
    runner.shutdown()
    print(f"peak-rss-kb {peak_rss_kb()}", flush=True)
    # Skip interpreter teardown: the figure is printed, and PySide6 can crash while garbage-collecting
    # at exit in a script that never returned to a running event loop.
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1])
