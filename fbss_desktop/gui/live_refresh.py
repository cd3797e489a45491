"""Other workstations' changes, shown as they happen (issue 15): the change feed's listener on the GUI thread.

On PostgreSQL the listener's LISTEN connection has a socket of its own; a QSocketNotifier says when a
notification arrived (as GNUmed and QGIS do), and reading it takes no round trip. On an SQLite file the
listener reads the file's change counter on a short timer. Either way what other sessions changed is announced
on AppEvents.changes_applied, marked remote, and every screen refreshes what concerns it: the front desk's
list, the open patient, an open consult's banner.

While nobody is signed in (the sign-in, the idle lock) nothing is announced: what came is kept, merged, and
announced once someone is. When the feed's connection breaks (the server restarted), it is reconnected on the
worker every few seconds, and then everything reloads, because notifications sent meanwhile are lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer, Signal
from PySide6.QtWidgets import QLabel

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ConnectionLostError
from fbss_desktop.gui import metrics
from fbss_desktop.gui.events import AppEvents

log = logging.getLogger(__name__)


class LiveRefresh(QObject):
    hearing_changed = Signal(bool)  # False while other workstations' changes cannot be heard

    def __init__(self, runner: Any, events: AppEvents, paused: Callable[[], bool], parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.events = events
        self.paused = paused  # nobody to show it to yet: keep what comes until someone is signed in
        self.listener: Any = None
        self.notifier: QSocketNotifier | None = None
        self.pending: ChangeSet | None = None
        self.connected = False
        self.timer = QTimer(self)
        self.timer.setInterval(metrics.LIVE_POLL_MS)
        self.timer.timeout.connect(self.poll)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(metrics.LIVE_RETRY_MS)
        self.retry.timeout.connect(self._reconnect)
        # Shown while the feed is lost, so nobody takes a still list for a quiet clinic.
        self.status = QLabel(
            "Not hearing other workstations: reconnecting… (what you see may be out of date; Refresh reloads it)"
        )
        self.status.setObjectName("liveLost")
        self.status.setStyleSheet("color: #b03a2e;")
        self.status.hide()

    def start(self, clinic: Any) -> None:
        """Listen to the clinic's change feed (the connection is made on the worker)."""
        self.stop()
        self.runner.run(clinic.changes.listen, self._listening, self._not_listening)

    def _listening(self, listener: Any) -> None:
        self.listener = listener
        self.connected = listener.live
        if not listener.live:
            return  # an in-memory database: nobody else can change it
        self._watch()

    def _not_listening(self, exc: BaseException) -> None:
        log.warning("other workstations' changes cannot be heard (%s); retrying", type(exc).__name__)

    def _watch(self) -> None:
        descriptor = self.listener.fileno()
        if descriptor is not None:
            self.notifier = QSocketNotifier(descriptor, QSocketNotifier.Type.Read, self)
            self.notifier.activated.connect(self.poll)
        # The timer also announces what was kept while nobody was signed in, once someone is.
        self.timer.start()

    def poll(self) -> None:
        if self.listener is None or not self.connected:
            return
        try:
            for changes in self.listener.poll():
                self.pending = changes if self.pending is None else self.pending.merged(changes)
        except ConnectionLostError:
            self._lost()
            return
        self._announce()

    def _announce(self) -> None:
        if self.pending is None or self.paused():
            return
        changes, self.pending = self.pending, None
        self.events.changes_applied.emit(changes)

    def _lost(self) -> None:
        log.warning("other workstations' changes cannot be heard; reconnecting")
        self.status.show()
        self.hearing_changed.emit(False)
        self.connected = False
        self._unwatch()
        self.retry.start()

    def _reconnect(self) -> None:
        listener = self.listener
        if listener is None:
            return

        def reconnected(changes: ChangeSet) -> None:
            if self.listener is not listener:
                return  # stopped meanwhile
            self.connected = True
            self.status.hide()
            self.hearing_changed.emit(True)
            self.pending = changes if self.pending is None else self.pending.merged(changes)
            self._watch()
            self._announce()

        self.runner.run(listener.reconnect, reconnected, lambda _exc: self.retry.start())

    def _unwatch(self) -> None:
        self.timer.stop()
        if self.notifier is not None:
            self.notifier.setEnabled(False)
            self.notifier.deleteLater()
            self.notifier = None

    def stop(self) -> None:
        self.retry.stop()
        self._unwatch()
        if self.listener is not None:
            listener, self.listener = self.listener, None
            self.runner.run(listener.close)
        self.pending = None
        self.connected = False
        self.status.hide()
