"""Schema 10: what happens after the plan. A procedure record (an injection, a block, an ablation, a stimulator
trial or implant: its details as a JSON document, core.procedures), the clinic's contacts (a referring surgeon,
a payer's reviewer) and the letters written to them (a consult letter, a medical-necessity letter: the text as
edited, and when it was printed)."""

from __future__ import annotations

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
)
from playhouse.migrate import SchemaMigrator, migrate

from fbss_desktop.storage.fields import JSONField

VERSION = 10
NAME = "follow_through"


def apply(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Patient(Base):
        id = AutoField()

    class Plan(Base):
        id = AutoField()

    class Consult(Base):
        id = AutoField()

    class Procedure(Base):
        id = AutoField()
        patient = ForeignKeyField(Patient, on_delete="CASCADE")
        kind = CharField(max_length=40)
        performed_on = DateField()
        status = CharField(max_length=10, default="draft")
        plan = ForeignKeyField(Plan, null=True, on_delete="SET NULL")
        plan_item = CharField(max_length=20, default="")
        document = JSONField(default=dict)
        created_by = CharField(max_length=120, default="")
        created_at = DateTimeField()
        updated_at = DateTimeField(null=True)
        signed_at = DateTimeField(null=True)
        signed_by = CharField(max_length=120, default="")
        row_version = IntegerField(default=1)

        class Meta:
            indexes = ((("patient", "performed_on"), False),)

    class Contact(Base):
        id = AutoField()
        role = CharField(max_length=30)
        name = CharField(max_length=120)
        organisation = CharField(max_length=120, default="")
        details = JSONField(default=dict)
        active = BooleanField(default=True)
        created_at = DateTimeField()
        updated_at = DateTimeField(null=True)
        row_version = IntegerField(default=1)

    class Letter(Base):
        id = AutoField()
        patient = ForeignKeyField(Patient, on_delete="CASCADE")
        consult = ForeignKeyField(Consult, null=True, on_delete="SET NULL")
        contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
        kind = CharField(max_length=30)
        document = JSONField(default=dict)
        status = CharField(max_length=10, default="draft")
        created_by = CharField(max_length=120, default="")
        created_at = DateTimeField()
        updated_at = DateTimeField(null=True)
        printed_at = DateTimeField(null=True)
        row_version = IntegerField(default=1)

        class Meta:
            indexes = ((("patient", "created_at"), False),)

    db.create_tables([Procedure, Contact, Letter])
    # a patient's referring surgeon (a contact), kept on the patient
    migrator = SchemaMigrator.from_database(db)
    migrate(migrator.add_column("patient", "referrer_id", IntegerField(null=True)))
