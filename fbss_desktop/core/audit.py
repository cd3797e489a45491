"""The audit trail: what was done to which record, by whom, from where, and whether it worked.

It records meaning, not queries: a sign-in, a chart opened, a consult signed, a plan printed. Each entry is
chained to the one before by an HMAC (SHA-256) whose key is kept outside the database, so an entry changed,
inserted or removed by hand breaks the chain at that point, and `first_broken` names it. The database also
refuses updates and deletes on the audit table (storage's triggers); the chain is what shows a change made
around them.

An entry never holds patient data beyond the patient's id: the detail is a document kind, a setting key, a
file format.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class AuditAction(StrEnum):
    SIGN_IN = "sign_in"
    SIGN_IN_REFUSED = "sign_in_refused"
    SIGN_OUT = "sign_out"
    LOCK = "lock"
    UNLOCK = "unlock"
    CHART_OPENED = "chart_opened"
    PATIENT_SAVED = "patient_saved"
    CONSULT_CREATED = "consult_created"
    CONSULT_CHANGED = "consult_changed"
    CONSULT_SIGNED = "consult_signed"
    CONSULT_AMENDED = "consult_amended"
    PLAN_FINALIZED = "plan_finalized"
    PLAN_REVISED = "plan_revised"
    ACKNOWLEDGED = "acknowledged"
    PRINTED = "printed"
    EXPORTED = "exported"
    IMPORTED = "imported"
    DEMO_LOADED = "demo_loaded"  # fictional patients added beside the real ones
    SETTINGS_CHANGED = "settings_changed"
    USER_ADDED = "user_added"
    USER_CHANGED = "user_changed"
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"
    BACKUP = "backup"
    RESTORE = "restore"
    DATABASE_ENCRYPTED = "database_encrypted"
    REFUSED = "refused"  # a use case the user's role does not allow


@dataclass(frozen=True)
class AuditEntry:
    at: dt.datetime  # UTC, naive
    action: str
    outcome: str = "ok"  # ok, refused, failed
    user_id: int | None = None
    username: str = ""
    role: str = ""
    workstation: str = ""
    patient_id: int | None = None
    object_kind: str = ""
    object_id: int | None = None
    detail: str = ""
    id: int | None = None
    mac: str = ""


GENESIS = "fbss-desktop audit trail"  # what the first entry is chained to


def canonical(entry: AuditEntry) -> bytes:
    """The entry's content as the MAC covers it (its id and MAC excluded; time to the microsecond)."""
    fields = [
        entry.at.replace(tzinfo=None).isoformat(timespec="microseconds"),
        entry.action,
        entry.outcome,
        entry.user_id,
        entry.username,
        entry.role,
        entry.workstation,
        entry.patient_id,
        entry.object_kind,
        entry.object_id,
        entry.detail,
    ]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def chain_mac(key: bytes, previous_mac: str, entry: AuditEntry) -> str:
    return hmac.new(key, previous_mac.encode("ascii") + b"\n" + canonical(entry), hashlib.sha256).hexdigest()


def first_broken(key: bytes, entries: Iterable[AuditEntry]) -> AuditEntry | None:
    """The first entry, in order, whose MAC does not follow from the entry before it (None: the chain holds)."""
    previous = GENESIS
    for entry in entries:
        if not hmac.compare_digest(entry.mac, chain_mac(key, previous, entry)):
            return entry
        previous = entry.mac
    return None
