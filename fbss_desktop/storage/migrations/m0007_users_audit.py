"""Schema 7: who did what. Users with roles and argon2id password hashes, and the audit trail, whose rows
the database refuses to change or delete (a trigger on SQLite and on PostgreSQL); the entries are chained by
an HMAC whose key is kept outside the database (core/audit.py). A plan brought in by a case file says where
it came from (`plan.imported_from`). Amending a signed consult keeps the signed version it replaces
(`consult_version`), with when and by whom it was replaced and why."""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)
from playhouse.migrate import SchemaMigrator, migrate

from fbss_desktop.storage.db import is_postgres

VERSION = 7
NAME = "users_audit"

REFUSAL = "the audit trail cannot be changed or deleted"


def apply(db: Database) -> None:
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Clinician(Base):
        id = AutoField()

    class AppUser(Base):
        id = AutoField()
        username = CharField(max_length=40, unique=True)
        display_name = CharField(max_length=120)
        roles = CharField(max_length=60)  # comma-separated core.users.Role values
        clinician = ForeignKeyField(Clinician, null=True, on_delete="RESTRICT")
        password_hash = CharField(max_length=200)
        must_change_password = BooleanField(default=False)
        active = BooleanField(default=True)
        failed_attempts = IntegerField(default=0)
        locked_until = DateTimeField(null=True)
        password_changed_at = DateTimeField(null=True)
        created_at = DateTimeField()
        updated_at = DateTimeField(null=True)
        row_version = IntegerField(default=1)

    class AuditEvent(Base):
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

    class Consult(Base):
        id = AutoField()

    class ConsultVersion(Base):
        id = AutoField()
        consult = ForeignKeyField(Consult, on_delete="CASCADE", backref="versions")
        version = IntegerField()
        document = TextField()
        status = CharField(max_length=10)
        signed_at = DateTimeField(null=True)
        replaced_at = DateTimeField()
        replaced_by = CharField(max_length=120)
        reason = TextField()

        class Meta:
            indexes = ((("consult", "version"), True),)

    db.create_tables([AppUser, AuditEvent, ConsultVersion])
    migrate(SchemaMigrator.from_database(db).add_column("plan", "imported_from", CharField(max_length=200, null=True)))
    if is_postgres(db):
        db.execute_sql(
            "CREATE FUNCTION audit_event_refuse() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$"
        )
        db.execute_sql(
            "CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_event "
            "FOR EACH ROW EXECUTE FUNCTION audit_event_refuse()"
        )
        db.execute_sql(
            "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse()"
        )
    else:
        for event in ("UPDATE", "DELETE"):
            db.execute_sql(
                f"CREATE TRIGGER audit_event_no_{event.lower()} BEFORE {event} ON audit_event "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )
