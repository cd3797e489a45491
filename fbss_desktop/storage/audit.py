"""The audit trail's table: entries appended one at a time, each chained to the last (core/audit.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from fbss_desktop.core.audit import GENESIS, AuditEntry
from fbss_desktop.storage.db import database, is_postgres
from fbss_desktop.storage.models import AuditEvent, ClinicSetting

_PG_AUDIT_LOCK = 0x41554454  # "AUDT": one workstation appends at a time, so the chain never forks


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        at=row.at,
        action=row.action,
        outcome=row.outcome,
        user_id=row.user_id,
        username=row.username,
        role=row.role,
        workstation=row.workstation,
        patient_id=row.patient_id,
        object_kind=row.object_kind,
        object_id=row.object_id,
        detail=row.detail,
        id=row.id,
        mac=row.mac,
    )


def append(entry: AuditEntry, sign: Callable[[str, AuditEntry], str]) -> AuditEntry:
    """Add `entry` after the last one, its MAC `sign(previous MAC, entry)`, in the caller's transaction (or
    its own); the tail is read under a lock so two workstations never chain to the same entry."""
    with database.atomic():
        db = database.obj
        if is_postgres(db):
            # Its own statement, before the tail is read: in READ COMMITTED each statement reads a snapshot taken
            # as it starts, so one statement that locked and read would read the tail as it was before the wait.
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_AUDIT_LOCK,))
        last = AuditEvent.select(AuditEvent.mac).order_by(AuditEvent.id.desc()).first()
        previous = last.mac if last is not None else GENESIS
        signed = replace(entry, mac=sign(previous, entry))
        new_id = AuditEvent.insert(
            at=signed.at,
            action=signed.action,
            outcome=signed.outcome,
            user_id=signed.user_id,
            username=signed.username,
            role=signed.role,
            workstation=signed.workstation,
            patient_id=signed.patient_id,
            object_kind=signed.object_kind,
            object_id=signed.object_id,
            detail=signed.detail,
            mac=signed.mac,
        ).execute()
    return replace(signed, id=int(new_id))


def entries(batch: int = 1000) -> Iterator[AuditEntry]:
    """Every entry in order, read in batches (the trail may be long)."""
    last_id = 0
    while True:
        rows = list(AuditEvent.select().where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch))
        if not rows:
            return
        for row in rows:
            yield _entry(row)
        last_id = rows[-1].id


def search(
    *,
    patient_id: int | None = None,
    username: str = "",
    action: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """Entries matching every filter given, newest first."""
    query = AuditEvent.select()
    if patient_id is not None:
        query = query.where(AuditEvent.patient_id == patient_id)
    if username:
        query = query.where(AuditEvent.username == username)
    if action:
        query = query.where(AuditEvent.action == action)
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return [_entry(r) for r in query.order_by(AuditEvent.id.desc()).limit(limit)]


def count() -> int:
    return int(AuditEvent.select().count())


TRAIL_ID = "audit.trail_id"  # a clinic_setting row of its own (not a user setting): names the trail's key file


def trail_id() -> str | None:
    """The trail's id, which a copy of the database keeps (so its key file is found again), or None."""
    row = ClinicSetting.get_or_none(ClinicSetting.key == TRAIL_ID)
    return str(row.value) if row is not None else None


def claim_trail_id(candidate: str) -> str:
    """Store `candidate` as the trail's id unless another workstation stored one first; the id that holds."""
    with database.atomic():
        ClinicSetting.insert(key=TRAIL_ID, value=candidate, row_version=1).on_conflict_ignore().execute()
    found = trail_id()
    assert found is not None
    return found
