"""Schema 5: plan versions and printing. A finalized plan keeps the content it printed (so a reprint is
the same plan); a revision is a new version that points to the one it replaces; every print is logged."""

from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, ForeignKeyField, IntegerField, Model, TextField
from playhouse.migrate import SchemaMigrator, migrate

VERSION = 5
NAME = "plan_versions"


def apply(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Plan(Base):
        id = AutoField()

    class PrintEvent(Base):
        id = AutoField()
        plan = ForeignKeyField(Plan, on_delete="CASCADE", backref="prints")
        printed_at = DateTimeField()
        kind = CharField(max_length=20)  # plan, summary, handout
        detail = CharField(max_length=60, default="")  # the handout's code
        copies = IntegerField(default=1)

    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.add_column("plan", "snapshot", TextField(null=True)),
        migrator.add_column("plan", "supersedes_id", IntegerField(null=True)),
    )
    db.create_tables([PrintEvent])
