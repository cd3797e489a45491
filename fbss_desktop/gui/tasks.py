"""Running database and PDF work off the UI thread (after Anki's QueryOp/CollectionOp and taskman).

All work goes to one worker thread, so SQLite sees a single writer and peewee's per-thread connection is
reused. Results and errors come back to the main thread through a queued signal; callbacks never run on
the worker. Tests use SyncTaskRunner, which runs everything at once on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from fbss_desktop.core.diagnostics import redacted_traceback

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Outcome:
    """A finished task: a plain object, so Qt passes it through instead of converting its contents."""

    __slots__ = ("ok", "value", "on_done", "on_error")

    def __init__(self, ok: bool, value: Any, on_done: Done | None, on_error: Failed | None) -> None:
        self.ok, self.value, self.on_done, self.on_error = ok, value, on_done, on_error


class _Relay(QObject):
    """Carries a finished task's callback and outcome from the worker to the main thread."""

    finished = Signal(object)  # an _Outcome


class TaskRunner(QObject):
    """Runs `op()` on the single worker; then `on_done(result)` or `on_error(exc)` on the main thread."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fbss-db")
        self._relay = _Relay()
        self._relay.finished.connect(self._deliver)  # queued: emitted on the worker, received here
        self._pending = 0
        self._closed = False
        # Failures of tasks run without `on_error` go here (the main window shows them), never only to a log.
        self.unhandled: Failed | None = None

    def run(self, op: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        if self._closed:
            log.debug("task dropped: runner is shut down")
            return
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def work() -> None:
            try:
                outcome = _Outcome(True, op(), on_done, on_error)
            except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
                outcome = _Outcome(False, exc, on_done, on_error)
            self._relay.finished.emit(outcome)

        self._executor.submit(work)

    def _deliver(self, outcome: _Outcome) -> None:
        ok, value, on_done, on_error = outcome.ok, outcome.value, outcome.on_done, outcome.on_error
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if ok:
            if on_done is not None:
                on_done(value)
        elif on_error is not None:
            on_error(value)
        elif self.unhandled is not None:
            self.unhandled(value)
        else:
            log.error("background task failed: %s\n%s", type(value).__name__, redacted_traceback(value))

    def run_blocking(self, op: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Run `op` on the worker and wait: for shutdown steps that must happen on that thread."""
        return self._executor.submit(op).result(timeout)

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)


class SyncTaskRunner(QObject):
    """The test double: runs each op at once on the calling thread, callbacks included."""

    busy_changed = Signal(bool)

    def run(self, op: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        try:
            result = op()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        if on_done is not None:
            on_done(result)

    def run_blocking(self, op: Callable[[], Any], timeout: float = 30.0) -> Any:
        return op()

    def shutdown(self) -> None:
        pass
