"""Schema 8: the change feed. Each write that changes what screens show appends one row naming what changed
(ids only, no patient data), so another workstation (PostgreSQL: LISTEN/NOTIFY carries the row; SQLite: a
second program polls the file's change counter and reads the new rows) refreshes by itself. Rows older than
a day are removed as new ones come: the feed is a wake-up call, not a record (the audit trail is that)."""

from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, Model, TextField

VERSION = 8
NAME = "change_feed"


def apply(db: Database) -> None:
    class ChangeEvent(Model):
        id = AutoField()
        at = DateTimeField(index=True)
        origin = CharField(max_length=32)
        payload = TextField()

        class Meta:
            database = db
            table_name = "change_event"

    db.create_tables([ChangeEvent])
