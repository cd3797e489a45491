"""Schema 4: the treatment plan's document (items, goals, follow-up, acknowledgements) and who finalized it."""

from __future__ import annotations

from peewee import CharField, Database, DateTimeField, IntegerField, TextField
from playhouse.migrate import SchemaMigrator, migrate

VERSION = 4
NAME = "plan_document"


def apply(db: Database) -> None:
    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.add_column("plan", "document", TextField(default="{}")),
        migrator.add_column("plan", "document_version", IntegerField(default=1)),
        migrator.add_column("plan", "updated_at", DateTimeField(null=True)),
        migrator.add_column("plan", "finalized_by", CharField(max_length=120, default="")),
    )
