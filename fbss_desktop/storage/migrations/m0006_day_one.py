"""Schema 6: what a clinic's first day needs. Clinicians get an NPI and a row version (they are edited and
deactivated in the app now); each clinic setting gets a row version, so a stale write is refused; a plan's
versions are unique per consult, so two workstations revising one plan at once cannot both make version 2.

Plans that such a race already numbered twice are renumbered first, in the order they were made.
"""

from __future__ import annotations

from typing import Any

from peewee import CharField, Database, DateTimeField, IntegerField
from playhouse.migrate import SchemaMigrator, migrate

VERSION = 6
NAME = "day_one"


def _renumber_duplicate_versions(db: Database) -> None:
    duplicated = db.execute_sql(
        "SELECT consult_id FROM plan WHERE consult_id IS NOT NULL GROUP BY consult_id, version HAVING COUNT(*) > 1"
    ).fetchall()
    for consult_id in sorted({row[0] for row in duplicated}):
        rows: list[Any] = db.execute_sql(
            f"SELECT id FROM plan WHERE consult_id = {db.param} ORDER BY version, id", (consult_id,)
        ).fetchall()
        for number, (plan_id,) in enumerate(rows, start=1):
            db.execute_sql(f"UPDATE plan SET version = {db.param} WHERE id = {db.param}", (number, plan_id))


def apply(db: Database) -> None:
    migrator = SchemaMigrator.from_database(db)
    migrate(
        migrator.add_column("clinician", "npi", CharField(max_length=10, default="")),
        migrator.add_column("clinician", "row_version", IntegerField(default=1)),
        migrator.add_column("clinician", "updated_at", DateTimeField(null=True)),
        migrator.add_column("clinic_setting", "row_version", IntegerField(default=1)),
    )
    _renumber_duplicate_versions(db)
    migrate(migrator.add_index("plan", ("consult_id", "version"), True))
