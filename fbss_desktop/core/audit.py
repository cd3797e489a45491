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
    PROCEDURE_SAVED = "procedure_saved"  # a procedure record written, or its response or trial diary
    PROCEDURE_SIGNED = "procedure_signed"
    CLINICIAN_SAVED = "clinician_saved"  # a clinician added or changed (the letterhead's and the consults' names)
    INSTRUCTIONS_SAVED = "instructions_saved"  # a patient's instructions before a procedure (date, blood thinners)
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


ACTION_WORDS = {
    AuditAction.SIGN_IN: "signed in",
    AuditAction.SIGN_IN_REFUSED: "sign-in refused",
    AuditAction.SIGN_OUT: "signed out",
    AuditAction.LOCK: "locked after a while unused",
    AuditAction.UNLOCK: "unlocked",
    AuditAction.CHART_OPENED: "chart opened",
    AuditAction.PATIENT_SAVED: "patient details saved",
    AuditAction.CONSULT_CREATED: "consult created",
    AuditAction.CONSULT_CHANGED: "consult changed",
    AuditAction.CONSULT_SIGNED: "consult signed",
    AuditAction.CONSULT_AMENDED: "consult amended",
    AuditAction.PLAN_FINALIZED: "plan finalized",
    AuditAction.PLAN_REVISED: "plan revised",
    AuditAction.ACKNOWLEDGED: "finding acknowledged",
    AuditAction.PRINTED: "printed",
    AuditAction.EXPORTED: "exported",
    AuditAction.IMPORTED: "imported",
    AuditAction.DEMO_LOADED: "demo patients added",
    AuditAction.SETTINGS_CHANGED: "settings changed",
    AuditAction.USER_ADDED: "user added",
    AuditAction.USER_CHANGED: "user changed",
    AuditAction.PASSWORD_CHANGED: "own password changed",
    AuditAction.PASSWORD_RESET: "password reset",
    AuditAction.BACKUP: "backed up",
    AuditAction.RESTORE: "restored",
    AuditAction.REFUSED: "refused: not for this role",
    AuditAction.DATABASE_ENCRYPTED: "database encrypted",
    AuditAction.PROCEDURE_SAVED: "procedure record saved",
    AuditAction.PROCEDURE_SIGNED: "procedure record signed",
    AuditAction.CLINICIAN_SAVED: "clinician saved",
    AuditAction.INSTRUCTIONS_SAVED: "procedure instructions saved",
}


@dataclass(frozen=True)
class AuditLine:
    """An entry as the administrator reads it, in the viewer and in the CSV: words, never database ids."""

    at: str  # "2026-12-03 16:41:07" (UTC)
    action: str  # "plan finalized"
    outcome: str  # ok, refused, failed
    user: str  # "ada"
    role: str  # "Specialist and Administrator"
    workstation: str
    patient: str  # the MRN
    about: str  # "plan of 2026-11-30, version 2", "user lee", "audit trail"
    detail: str


def audit_line(entry: AuditEntry, *, mrn: str = "", about: str = "") -> AuditLine:
    """`mrn` and `about` are looked up by the caller (the patient's MRN; what the object is, in words)."""
    from fbss_desktop.core.users import Role

    roles = [Role(r) for r in entry.role.split(",") if r in {role.value for role in Role}]
    try:
        action = ACTION_WORDS.get(AuditAction(entry.action), entry.action.replace("_", " "))
    except ValueError:  # an action a newer version wrote
        action = entry.action.replace("_", " ")
    return AuditLine(
        at=entry.at.strftime("%Y-%m-%d %H:%M:%S"),
        action=action,
        outcome=entry.outcome,
        user=entry.username,
        role=" and ".join(r.label for r in sorted(roles, key=list(Role).index)),
        workstation=entry.workstation,
        patient=mrn,
        about=about or entry.object_kind.replace("_", " "),
        detail=entry.detail,
    )
