"""The change feed's table and its listeners (services/live.py turns them into ChangeSets).

A write appends one row: when, which session wrote it, and what changed (a ChangeSet's ids as JSON). On
PostgreSQL the same transaction sends the row on the NOTIFY channel, delivered when it commits; a listening
connection of its own (not the app's, which is busy on the worker) hands the notifications over, and its
socket tells the GUI when to look (a QSocketNotifier). On SQLite a connection of its own reads the file's
change counter (`PRAGMA data_version`, which moves when another connection commits), and only then the rows
after the last one it saw.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peewee import Database

from fbss_desktop.storage.db import database, is_postgres, raw_sqlite_connection, sqlite_file
from fbss_desktop.storage.models import ChangeEvent, utcnow

log = logging.getLogger(__name__)

CHANNEL = "fbss_changes"
KEEP = dt.timedelta(days=1)  # rows older than this are removed, a few at a time, as new ones come
PRUNE_EVERY = 100  # every hundredth row written removes the old ones
NOTIFY_LIMIT = 7900  # PostgreSQL refuses a payload of 8000 bytes or more: a longer one says "reload all"


@dataclass(frozen=True)
class FeedEvent:
    id: int
    origin: str
    payload: str


def append(origin: str, payload: str) -> int:
    """Record one change (its own transaction, or the caller's); on PostgreSQL, notify the listeners too."""
    db = database.obj
    with database.atomic():
        event_id = int(ChangeEvent.insert(at=utcnow(), origin=origin, payload=payload).execute())
        if is_postgres(db):
            message = f"{event_id} {origin} {payload}"
            if len(message.encode()) > NOTIFY_LIMIT:
                message = f"{event_id} {origin} *"
            db.execute_sql("SELECT pg_notify(%s, %s)", (CHANNEL, message))
        if event_id % PRUNE_EVERY == 0:
            ChangeEvent.delete().where(ChangeEvent.at < utcnow() - KEEP).execute()
    return event_id


def latest_id() -> int:
    """The newest row's id (0 when none): where a new listener starts."""
    row = ChangeEvent.select(ChangeEvent.id).order_by(ChangeEvent.id.desc()).first()
    return int(row.id) if row else 0


def parse_notification(text: str) -> FeedEvent | None:
    """A NOTIFY payload ("id origin json", or "id origin *" when the change was too long to send)."""
    parts = text.split(" ", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return FeedEvent(int(parts[0]), parts[1], parts[2])


class PostgresListener:
    """A connection of its own that LISTENs on the channel; `fileno()` is watched, `drain()` reads."""

    def __init__(self, db: Database) -> None:
        import psycopg2

        params = dict(getattr(db, "connect_params", {}))
        self.connection: Any = psycopg2.connect(dbname=db.database, **params)
        self.connection.autocommit = True
        with self.connection.cursor() as cursor:
            cursor.execute(f"LISTEN {CHANNEL}")

    def fileno(self) -> int:
        return int(self.connection.fileno())

    def drain(self) -> list[FeedEvent]:
        """What arrived since the last call (raises the driver's error when the connection is gone)."""
        self.connection.poll()
        events = []
        while self.connection.notifies:
            notification = self.connection.notifies.pop(0)
            event = parse_notification(notification.payload)
            if event is not None:
                events.append(event)
        return events

    def close(self) -> None:
        try:
            self.connection.close()
        except Exception:  # noqa: BLE001 - a broken connection closes all the same
            log.debug("the listening connection did not close cleanly", exc_info=True)


class SqliteWatcher:
    """A connection of its own to the file: the change counter first, the new rows only when it moved."""

    def __init__(self, db: Database, after: int) -> None:
        path = sqlite_file(db)
        assert path is not None, "only a database file has other programs writing to it"
        self.path: Path = path
        self.connection: Any = raw_sqlite_connection(
            path, getattr(db, "connect_params", {}).get("passphrase"), any_thread=True
        )
        self.last_id = after
        self.counter = self._counter()

    def _counter(self) -> int:
        return int(self.connection.execute("PRAGMA data_version").fetchone()[0])

    def drain(self) -> list[FeedEvent]:
        counter = self._counter()
        if counter == self.counter:
            return []
        self.counter = counter
        rows = self.connection.execute(
            "SELECT id, origin, payload FROM change_event WHERE id > ? ORDER BY id", (self.last_id,)
        ).fetchall()
        self.connection.commit()  # end the read, so the next counter is read afresh
        if rows:
            self.last_id = int(rows[-1][0])
        return [FeedEvent(int(i), str(o), str(p)) for i, o, p in rows]

    def close(self) -> None:
        try:
            self.connection.close()
        except sqlite3.Error:
            log.debug("the watching connection did not close cleanly", exc_info=True)
