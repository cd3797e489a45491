"""Peewee models of the current schema. They never leave storage: repositories return core objects.

The schema itself is made by the numbered migrations in `migrations/`; these classes must describe the
schema that the latest migration leaves (a storage test compares them).
"""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from fbss_desktop.storage.db import database
from fbss_desktop.storage.fields import JSONField


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def as_date(value: object) -> dt.date:
    """A DateField's value as a date (SQLite can hand back the ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class ClinicSetting(BaseModel):
    key = CharField(max_length=100, primary_key=True)
    value = JSONField(compact=False)  # json.dumps' default text since schema 1 (non-ASCII as \u escapes)
    updated_at = DateTimeField(default=utcnow)
    row_version = IntegerField(default=1)  # schema 6


class Clinician(BaseModel):
    id = AutoField()
    full_name = CharField(max_length=120)
    credentials = CharField(max_length=60, default="")
    specialty = CharField(max_length=120, default="")
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    # Schema 6: edited and deactivated in the app.
    npi = CharField(max_length=10, default="")
    row_version = IntegerField(default=1)
    updated_at = DateTimeField(null=True)


class Patient(BaseModel):
    id = AutoField()
    mrn = CharField(max_length=20, unique=True)
    family_name = CharField(max_length=100)
    given_names = CharField(max_length=100)
    date_of_birth = DateField(index=True)
    sex = CharField(max_length=1)
    phone = CharField(max_length=40, default="")
    preferred_language = CharField(max_length=60, default="")
    # Folded search keys (see core.text.fold): maintained by storage.patients on every save.
    family_key = CharField(max_length=100)
    given_key = CharField(max_length=100)
    name_words = CharField(max_length=220)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    row_version = IntegerField(default=1)
    referrer_id = IntegerField(null=True)  # schema 10: the referring surgeon, a Contact

    class Meta:
        indexes = (
            (("family_key", "given_key", "id"), False),
            (("given_key", "family_key", "id"), False),
        )


class PatientNamePart(BaseModel):
    """Name words after the first of each name ("Łukasiewicz" in "Núñez-Łukasiewicz"), for search."""

    id = AutoField()
    patient = ForeignKeyField(Patient, on_delete="CASCADE", backref="name_parts")
    part = CharField(max_length=100)

    class Meta:
        indexes = ((("part", "patient"), False),)


class Surgery(BaseModel):
    id = AutoField()
    patient = ForeignKeyField(Patient, on_delete="CASCADE", backref="surgeries")
    performed_on = DateField()
    performed_precision = CharField(max_length=5)
    procedure = CharField(max_length=40)
    levels = CharField(max_length=200)  # canonical segments joined by ","
    fusion = BooleanField(default=False)
    instrumented = BooleanField(default=False)
    approach = CharField(max_length=40)
    surgeon = CharField(max_length=120, default="")
    outcome_notes = TextField(default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    row_version = IntegerField(default=1)

    class Meta:
        indexes = ((("patient", "performed_on"), False),)


class Consult(BaseModel):
    id = AutoField()
    patient = ForeignKeyField(Patient, on_delete="CASCADE", backref="consults")
    clinician = ForeignKeyField(Clinician, null=True, on_delete="SET NULL")
    consult_date = DateField()
    status = CharField(max_length=10, default="draft")
    reason = CharField(max_length=200, default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    row_version = IntegerField(default=1)
    # Schema 3: the structured record (JSON, see core.consult_document) and what the trend and links read.
    document = JSONField(default=dict)
    document_version = IntegerField(default=1)
    index_surgery = ForeignKeyField(Surgery, null=True, on_delete="SET NULL", column_name="index_surgery_id")
    back_nrs = IntegerField(null=True)
    leg_nrs = IntegerField(null=True)
    odi_percent = FloatField(null=True)
    signed_at = DateTimeField(null=True)
    # Schema 11: a cervical consult's scores for the trend, and the region ("" before regions: lumbar).
    region = CharField(max_length=10, null=True)  # NULL or "": written before regions (lumbar)
    neck_nrs = IntegerField(null=True)
    arm_nrs = IntegerField(null=True)
    ndi_percent = FloatField(null=True)

    class Meta:
        indexes = ((("patient", "consult_date"), False),)


class Plan(BaseModel):
    id = AutoField()
    patient = ForeignKeyField(Patient, on_delete="CASCADE", backref="plans")
    consult = ForeignKeyField(Consult, null=True, on_delete="SET NULL")
    version = IntegerField(default=1)
    status = CharField(max_length=10, default="draft")
    created_at = DateTimeField(default=utcnow)
    finalized_at = DateTimeField(null=True)
    row_version = IntegerField(default=1)
    # Schema 4: the plan itself (JSON, see core.plan_document) and who finalized it.
    document = JSONField(default=dict)
    document_version = IntegerField(default=1)
    updated_at = DateTimeField(null=True)
    finalized_by = CharField(max_length=120, default="")
    # Schema 5: what a finalized plan printed (JSON, core.plan_print.snapshot) and the version it replaced.
    snapshot = JSONField(null=True)
    supersedes_id = IntegerField(null=True)
    imported_from = CharField(max_length=200, null=True)  # schema 7: the case file a plan came in by

    class Meta:
        # Schema 9: the front desk's list reads finalized plans by when they were finalized.
        indexes = ((("patient", "version"), False), (("consult", "version"), True), (("status", "finalized_at"), False))


class PrintEvent(BaseModel):
    """One print of a plan, its clinician summary or a handout (the front desk's "printed" mark)."""

    id = AutoField()
    plan = ForeignKeyField(Plan, on_delete="CASCADE", backref="prints")
    printed_at = DateTimeField()
    kind = CharField(max_length=20)
    detail = CharField(max_length=60, default="")
    copies = IntegerField(default=1)


class ConsultVersion(BaseModel):
    """A signed consult as it was before an amendment replaced it (schema 7): kept, readable and printable."""

    id = AutoField()
    consult = ForeignKeyField(Consult, on_delete="CASCADE", backref="versions")
    version = IntegerField()
    document = JSONField()
    status = CharField(max_length=10)
    signed_at = DateTimeField(null=True)
    replaced_at = DateTimeField()
    replaced_by = CharField(max_length=120)
    reason = TextField()

    class Meta:
        indexes = ((("consult", "version"), True),)


class AppUser(BaseModel):
    """A person who signs in (schema 7); roles are comma-separated core.users.Role values."""

    id = AutoField()
    username = CharField(max_length=40, unique=True)
    display_name = CharField(max_length=120)
    roles = CharField(max_length=60)
    clinician = ForeignKeyField(Clinician, null=True, on_delete="RESTRICT")
    password_hash = CharField(max_length=200)
    must_change_password = BooleanField(default=False)
    active = BooleanField(default=True)
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    password_changed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(null=True)
    row_version = IntegerField(default=1)


class AuditEvent(BaseModel):
    """One entry of the audit trail (schema 7): appended, never changed (the database refuses it)."""

    id = AutoField()
    at = DateTimeField(index=True)
    action = CharField(max_length=40, index=True)
    outcome = CharField(max_length=20)
    user_id = IntegerField(null=True, index=True)
    username = CharField(max_length=40)
    role = CharField(max_length=60)
    workstation = CharField(max_length=120)
    patient_id = IntegerField(null=True, index=True)
    object_kind = CharField(max_length=40)
    object_id = IntegerField(null=True)
    detail = TextField()
    mac = CharField(max_length=64)


class ChangeEvent(BaseModel):
    """One write announced to the other workstations (schema 8): what changed, by ids (core.changes)."""

    id = AutoField()
    at = DateTimeField(index=True)
    origin = CharField(max_length=32)  # the session that wrote it, which does not refresh from its own
    payload = TextField()


class Procedure(BaseModel):
    """A procedure done for a patient (schema 10): its details are a JSON document (core.procedures)."""

    id = AutoField()
    patient = ForeignKeyField(Patient, on_delete="CASCADE", backref="procedures")
    kind = CharField(max_length=40)
    performed_on = DateField()
    status = CharField(max_length=10, default="draft")
    plan = ForeignKeyField(Plan, null=True, on_delete="SET NULL")
    plan_item = CharField(max_length=20, default="")
    document = JSONField(default=dict)
    created_by = CharField(max_length=120, default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(null=True)
    signed_at = DateTimeField(null=True)
    signed_by = CharField(max_length=120, default="")
    row_version = IntegerField(default=1)

    class Meta:
        indexes = ((("patient", "performed_on"), False),)


class Contact(BaseModel):
    """Someone the clinic writes to (schema 10): a referring surgeon, a payer's reviewer."""

    id = AutoField()
    role = CharField(max_length=30)
    name = CharField(max_length=120)
    organisation = CharField(max_length=120, default="")
    details = JSONField(default=dict)  # address lines, phone, fax, email
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(null=True)
    row_version = IntegerField(default=1)


class Letter(BaseModel):
    """A letter about a patient (schema 10): its text as last edited, and when it was printed."""

    id = AutoField()
    patient = ForeignKeyField(Patient, on_delete="CASCADE", backref="letters")
    consult = ForeignKeyField(Consult, null=True, on_delete="SET NULL")
    contact = ForeignKeyField(Contact, null=True, on_delete="SET NULL")
    kind = CharField(max_length=30)
    document = JSONField(default=dict)
    status = CharField(max_length=10, default="draft")
    created_by = CharField(max_length=120, default="")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(null=True)
    printed_at = DateTimeField(null=True)
    row_version = IntegerField(default=1)

    class Meta:
        indexes = ((("patient", "created_at"), False),)


ALL_MODELS: tuple[type[BaseModel], ...] = (
    ClinicSetting,
    Clinician,
    Patient,
    PatientNamePart,
    Surgery,
    Consult,
    Plan,
    PrintEvent,
    ConsultVersion,
    AppUser,
    AuditEvent,
    ChangeEvent,
    Procedure,
    Contact,
    Letter,
)
