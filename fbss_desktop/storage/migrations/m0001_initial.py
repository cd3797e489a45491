"""Schema 1: settings, clinicians, patients with search keys, surgeries, consults and plans."""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from fbss_desktop.storage.db import is_postgres

VERSION = 1
NAME = "initial"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def apply(db: Database) -> None:
    # Frozen copies of the models as they were at schema 1: later model changes must not alter this step.
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class ClinicSetting(Base):
        key = CharField(max_length=100, primary_key=True)
        value = TextField()
        updated_at = DateTimeField(default=_now)

    class Clinician(Base):
        id = AutoField()
        full_name = CharField(max_length=120)
        credentials = CharField(max_length=60, default="")
        specialty = CharField(max_length=120, default="")
        active = BooleanField(default=True)
        created_at = DateTimeField(default=_now)

    class Patient(Base):
        id = AutoField()
        mrn = CharField(max_length=20, unique=True)
        family_name = CharField(max_length=100)
        given_names = CharField(max_length=100)
        date_of_birth = DateField(index=True)
        sex = CharField(max_length=1)
        phone = CharField(max_length=40, default="")
        preferred_language = CharField(max_length=60, default="")
        family_key = CharField(max_length=100)
        given_key = CharField(max_length=100)
        name_words = CharField(max_length=220)
        created_at = DateTimeField(default=_now)
        updated_at = DateTimeField(default=_now)
        row_version = IntegerField(default=1)

        class Meta:
            indexes = (
                (("family_key", "given_key", "id"), False),
                (("given_key", "family_key", "id"), False),
            )

    class Surgery(Base):
        id = AutoField()
        patient = ForeignKeyField(Patient, on_delete="CASCADE")
        performed_on = DateField()
        performed_precision = CharField(max_length=5)
        procedure = CharField(max_length=40)
        levels = CharField(max_length=200)
        fusion = BooleanField(default=False)
        instrumented = BooleanField(default=False)
        approach = CharField(max_length=40)
        surgeon = CharField(max_length=120, default="")
        outcome_notes = TextField(default="")
        created_at = DateTimeField(default=_now)
        updated_at = DateTimeField(default=_now)
        row_version = IntegerField(default=1)

        class Meta:
            indexes = ((("patient", "performed_on"), False),)

    class Consult(Base):
        id = AutoField()
        patient = ForeignKeyField(Patient, on_delete="CASCADE")
        clinician = ForeignKeyField(Clinician, null=True, on_delete="SET NULL")
        consult_date = DateField()
        status = CharField(max_length=10, default="draft")
        reason = CharField(max_length=200, default="")
        created_at = DateTimeField(default=_now)
        updated_at = DateTimeField(default=_now)
        row_version = IntegerField(default=1)

        class Meta:
            indexes = ((("patient", "consult_date"), False),)

    class Plan(Base):
        id = AutoField()
        patient = ForeignKeyField(Patient, on_delete="CASCADE")
        consult = ForeignKeyField(Consult, null=True, on_delete="SET NULL")
        version = IntegerField(default=1)
        status = CharField(max_length=10, default="draft")
        created_at = DateTimeField(default=_now)
        finalized_at = DateTimeField(null=True)
        row_version = IntegerField(default=1)

        class Meta:
            indexes = ((("patient", "version"), False),)

    db.create_tables([ClinicSetting, Clinician, Patient, Surgery, Consult, Plan])
    if is_postgres(db):
        # Prefix searches are range scans (key >= 'zo' AND key < 'zp'); they need byte order, not the
        # server's linguistic collation, to match what SQLite does.
        for column in ("mrn", "family_key", "given_key", "name_words"):
            db.execute_sql(f'ALTER TABLE patient ALTER COLUMN {column} TYPE VARCHAR(220) COLLATE "C"')
