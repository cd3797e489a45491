"""Schema 2: index every later word of a name, so "lukas" finds "Núñez-Łukasiewicz"; backfills it."""

from __future__ import annotations

from peewee import AutoField, CharField, Database, ForeignKeyField, Model

from fbss_desktop.core.text import words
from fbss_desktop.storage.db import is_postgres

VERSION = 2
NAME = "name_parts"


def secondary_words(family_name: str, given_names: str) -> list[str]:
    """Words of the names other than the first word of each (those are searched by the name keys)."""
    family, given = words(family_name), words(given_names)
    leading = set(family[:1] + given[:1])
    return [w for w in words(family_name, given_names) if w not in leading]


def apply(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Patient(Base):
        id = AutoField()
        family_name = CharField()
        given_names = CharField()

    class PatientNamePart(Base):
        id = AutoField()
        patient = ForeignKeyField(Patient, on_delete="CASCADE")
        part = CharField(max_length=100)

        class Meta:
            indexes = ((("part", "patient"), False),)

    # Patient here is a partial frozen view of an existing table: only the new table is created.
    db.create_tables([PatientNamePart])
    if is_postgres(db):
        db.execute_sql('ALTER TABLE patient_name_part ALTER COLUMN part TYPE VARCHAR(100) COLLATE "C"')

    batch: list[dict[str, object]] = []
    query = Patient.select(Patient.id, Patient.family_name, Patient.given_names).tuples()
    for patient_id, family_name, given_names in query.iterator():
        batch.extend({"patient": patient_id, "part": p} for p in secondary_words(family_name, given_names))
        if len(batch) >= 5000:
            PatientNamePart.insert_many(batch).execute()
            batch.clear()
    if batch:
        PatientNamePart.insert_many(batch).execute()
