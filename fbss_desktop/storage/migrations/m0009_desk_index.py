"""Schema 9: an index on plans by status and when they were finalized, for the front desk's list (today's,
and the recent ones not yet printed). Without it every refresh of the list read every plan: 95 ms at 100,000
patients with twenty workstations busy, and ten times that at a million (`make bench`)."""

from __future__ import annotations

from peewee import Database
from playhouse.migrate import SchemaMigrator, migrate

VERSION = 9
NAME = "desk_index"


def apply(db: Database) -> None:
    migrate(SchemaMigrator.from_database(db).add_index("plan", ("status", "finalized_at"), False))
