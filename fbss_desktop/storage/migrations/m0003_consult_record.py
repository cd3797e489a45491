"""Schema 3: the consult record. The structured document, plus the columns the outcome trend and links read."""

from __future__ import annotations

from peewee import AutoField, Database, DateTimeField, FloatField, ForeignKeyField, IntegerField, Model, TextField
from playhouse.migrate import SchemaMigrator, migrate

VERSION = 3
NAME = "consult_record"


def apply(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Surgery(Base):
        id = AutoField()

    migrator = SchemaMigrator.from_database(db)
    index_surgery = ForeignKeyField(Surgery, null=True, on_delete="SET NULL", field=Surgery.id)
    migrate(
        migrator.add_column("consult", "document", TextField(default="{}")),
        migrator.add_column("consult", "document_version", IntegerField(default=1)),
        migrator.add_column("consult", "index_surgery_id", index_surgery),
        migrator.add_column("consult", "back_nrs", IntegerField(null=True)),
        migrator.add_column("consult", "leg_nrs", IntegerField(null=True)),
        migrator.add_column("consult", "odi_percent", FloatField(null=True)),
        migrator.add_column("consult", "signed_at", DateTimeField(null=True)),
    )
