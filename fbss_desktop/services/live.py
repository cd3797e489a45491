"""Live refresh between workstations (`clinic.changes`): every write announced, others' writes heard.

`publish` runs after each facade call that returns a ChangeSet (services/guard.py): one row in the change
feed, and on PostgreSQL a NOTIFY with it. `listen()` gives a Listener for this session: on PostgreSQL it owns
a LISTEN connection whose socket the GUI watches (`fileno`); on an SQLite file it reads the file's change
counter when polled (`fileno` is None). Either way `poll()` returns the ChangeSets other sessions made,
marked remote. Notifications are not replayed: a listener whose connection broke says so (ConnectionLost),
and `reconnect()` hands back a ChangeSet that reloads everything, since what came meanwhile is unknown.
Optimistic locking still decides every save; the feed only says when to look again.
"""

from __future__ import annotations

import logging
import secrets
from typing import TYPE_CHECKING

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ConnectionLostError
from fbss_desktop.storage import change_feed
from fbss_desktop.storage.db import Database, is_postgres, sqlite_file

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

log = logging.getLogger(__name__)

LOST = "The connection that hears other workstations' changes was lost; reconnecting."


class Listener:
    """Hears the changes other sessions make to one clinic database."""

    def __init__(self, database: Database, origin: str) -> None:
        self.database = database
        self.origin = origin
        self._postgres: change_feed.PostgresListener | None = None
        self._sqlite: change_feed.SqliteWatcher | None = None
        self._connect()

    def _connect(self) -> None:
        if is_postgres(self.database):
            self._postgres = change_feed.PostgresListener(self.database)
        elif sqlite_file(self.database) is not None:
            self._sqlite = change_feed.SqliteWatcher(self.database, after=self._latest())

    def _latest(self) -> int:
        with self.database.connection_context():
            return change_feed.latest_id()

    @property
    def live(self) -> bool:
        """Whether anything can be heard at all (an in-memory database has no other session)."""
        return self._postgres is not None or self._sqlite is not None

    def fileno(self) -> int | None:
        """The socket to watch (PostgreSQL), or None: call `poll` on a timer instead (SQLite)."""
        return self._postgres.fileno() if self._postgres is not None else None

    def poll(self) -> list[ChangeSet]:
        """The ChangeSets other sessions made since the last poll; ConnectionLostError when the feed broke."""
        source = self._postgres or self._sqlite
        if source is None:
            return []
        try:
            events = source.drain()
        except Exception as exc:  # noqa: BLE001 - whatever the driver raises, the feed is gone until reconnected
            log.info("change feed lost (%s)", type(exc).__name__)
            raise ConnectionLostError(LOST) from exc
        return [
            ChangeSet.from_payload(event.payload if event.payload != "*" else "")
            for event in events
            if event.origin != self.origin
        ]

    def reconnect(self) -> ChangeSet:
        """A new connection for the feed (raises while the server is still away); reload everything after."""
        self.close()
        self._connect()
        log.info("change feed reconnected")
        return ChangeSet.reload_everything()

    def close(self) -> None:
        for source in (self._postgres, self._sqlite):
            if source is not None:
                source.close()
        self._postgres = self._sqlite = None


class ChangeFeed:
    """This session's side of the feed: what it writes is published, what others write is heard."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self.origin = secrets.token_hex(8)  # this session; its own changes are announced locally already

    def publish(self, changes: ChangeSet) -> None:
        """Tell the other sessions (after the write committed). A failure here costs them a refresh, not the
        write: it is logged, not raised."""
        if changes.remote or changes.is_empty():
            return
        try:
            change_feed.append(self.origin, changes.to_payload())
        except Exception as exc:  # noqa: BLE001 - the write itself is saved; only the announcement failed
            log.warning("a change was saved but not announced to other workstations (%s)", type(exc).__name__)

    def listen(self) -> Listener:
        return Listener(self.clinic.database, self.origin)
