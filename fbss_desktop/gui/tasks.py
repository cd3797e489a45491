"""Running database and PDF work off the UI thread (after Anki's QueryOp/CollectionOp and taskman).

All work goes to one worker thread, so SQLite sees a single writer and peewee's per-thread connection is
reused. Results and errors come back to the main thread through a queued signal; callbacks never run on
the worker. Tests use SyncTaskRunner, which runs everything at once on the calling thread.

Writes announce themselves (Anki's CollectionOp firing operation_did_execute): a task whose result is a
ChangeSet, or a tuple ending in one (the services' `(saved, changes)`), is a write, and the runner emits that
ChangeSet on `changes_applied` once `on_done` has run (even if it raised). Callers never emit it by hand;
the main window relays it to every screen (AppEvents).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal

from fbss_desktop.core.changes import changes_in
from fbss_desktop.core.diagnostics import redacted_traceback

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _AnnouncingRunner(QObject):
    """What both runners share: the busy signal, and a write's ChangeSet announced after its callback."""

    busy_changed = Signal(bool)
    changes_applied = Signal(object)  # the core ChangeSet a write returned

    def _succeeded(self, result: Any, on_done: Done | None) -> None:
        try:
            if on_done is not None:
                on_done(result)
        finally:
            changes = changes_in(result)
            if changes is not None:
                self.changes_applied.emit(changes)


class _Outcome:
    """A finished task: a plain object, so Qt passes it through instead of converting its contents."""

    __slots__ = ("ok", "value", "on_done", "on_error")

    def __init__(self, ok: bool, value: Any, on_done: Done | None, on_error: Failed | None) -> None:
        self.ok, self.value, self.on_done, self.on_error = ok, value, on_done, on_error


class _Relay(QObject):
    """Carries a finished task's callback and outcome from the worker to the main thread."""

    finished = Signal(object)  # an _Outcome


class TaskRunner(_AnnouncingRunner):
    """Runs `op()` on the single worker; then `on_done(result)` or `on_error(exc)` on the main thread, and
    announces a write's ChangeSet on `changes_applied`."""

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
            self._succeeded(value, on_done)
        elif on_error is not None:
            on_error(value)
        elif self.unhandled is not None:
            self.unhandled(value)
        else:
            log.error("background task failed: %s\n%s", type(value).__name__, redacted_traceback(value))

    def run_blocking(self, op: Callable[[], Any], timeout: float = 30.0) -> Any:
        """Run `op` on the worker and wait: for shutdown steps that must happen on that thread (nothing is
        announced: no write goes this way)."""
        return self._executor.submit(op).result(timeout)

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True)


class SyncTaskRunner(_AnnouncingRunner):
    """The test double: runs each op at once on the calling thread, callbacks and announcements included."""

    def run(self, op: Callable[[], Any], on_done: Done | None = None, on_error: Failed | None = None) -> None:
        try:
            result = op()
        except Exception as exc:
            if on_error is None:
                raise
            on_error(exc)
            return
        self._succeeded(result, on_done)

    def run_blocking(self, op: Callable[[], Any], timeout: float = 30.0) -> Any:
        return op()

    def shutdown(self) -> None:
        pass
