"""The administrator's view of the audit trail: entries filtered by patient, user, date and action, exported as
CSV, and the chain checked (`clinic.audit_log`)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction, AuditEntry, AuditLine, audit_line
from fbss_desktop.core.patients import normalize_mrn
from fbss_desktop.core.users import Permission
from fbss_desktop.private_files import write_whole
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.storage import audit
from fbss_desktop.storage.patients import find_by_mrn

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

COLUMNS = ("time (UTC)", "action", "outcome", "user", "role", "workstation", "patient MRN", "about", "detail")


@guard_methods()
class AuditLog:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.AUDIT)
    def search(
        self,
        *,
        mrn: str = "",
        username: str = "",
        action: str = "",
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int = 1000,
    ) -> list[AuditEntry]:
        """Entries matching every filter given, newest first (`until` is the last day included)."""
        patient_id = None
        if mrn.strip():
            found = find_by_mrn(normalize_mrn(mrn))
            if found is None:
                return []
            patient_id = found.id
        return audit.search(
            patient_id=patient_id,
            username=username.strip().lower(),
            action=action,
            since=dt.datetime.combine(since, dt.time()) if since else None,
            until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None,
            limit=limit,
        )

    @needs(Permission.AUDIT)
    def mrns(self, entries: Sequence[AuditEntry]) -> dict[int, str]:
        """The MRN of each patient the entries name (what the viewer shows instead of a database id)."""
        from fbss_desktop.storage.patients import get_patient

        found = {}
        for patient_id in {e.patient_id for e in entries if e.patient_id is not None}:
            try:
                found[patient_id] = get_patient(patient_id).mrn
            except Exception:  # noqa: BLE001 - a patient removed since keeps their id in the trail
                found[patient_id] = f"(patient {patient_id})"
        return found

    @needs(Permission.AUDIT)
    def write_csv(self, entries: Sequence[AuditEntry], target: Path) -> Path:
        """Write the entries to `target` as CSV, whole or not at all. The export is itself in the audit trail once
        the file is written; an OSError (the folder refused it, the disk is full) records nothing."""
        write_whole(target, self.as_csv(entries).encode("utf-8"))
        self.clinic.audit.record(
            self.clinic.actor, AuditAction.EXPORTED, object_kind="audit_trail", detail=f"{len(entries)} entries"
        )
        return target

    @needs(Permission.AUDIT)
    def lines(self, entries: Sequence[AuditEntry]) -> list[AuditLine]:
        """The entries in words, as the viewer and the CSV show them: the patient by MRN, a consult by its date,
        a plan by its consult's date and version, a user by name; never a database id."""
        mrns = self.mrns(entries)
        about: dict[tuple[str, int], str] = {}
        for e in entries:
            if e.object_kind and e.object_id is not None and (e.object_kind, e.object_id) not in about:
                about[e.object_kind, e.object_id] = _about(e.object_kind, e.object_id)
        return [
            audit_line(
                e,
                mrn=mrns.get(e.patient_id, "") if e.patient_id is not None else "",
                about=about.get((e.object_kind, e.object_id or 0), ""),
            )
            for e in entries
        ]

    @needs(Permission.AUDIT)
    def as_csv(self, entries: Sequence[AuditEntry]) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        for line in self.lines(entries):
            cells = (line.at, line.action, line.outcome, line.user, line.role, line.workstation, line.patient)
            writer.writerow(tuple(_inert(cell) for cell in (*cells, line.about, line.detail)))
        return out.getvalue()

    @needs(Permission.AUDIT)
    def verify(self) -> tuple[int, AuditEntry | None]:
        return self.clinic.audit.verify()


def _inert(cell: str) -> str:
    """A cell a spreadsheet shows as text, never runs: one that starts like a formula ("=1+2 Dr Okafor", "+",
    "-", "@", a tab) is quoted with an apostrophe (OWASP's advice on CSV injection)."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


def _about(kind: str, object_id: int) -> str:
    """What an entry is about, in words ("" when it is gone since: the entry keeps its id)."""
    from fbss_desktop.storage import clinicians, consults, plans, users

    try:
        if kind == "user":
            return f"user {users.get_user(object_id).username}"
        if kind == "clinician":
            found = next((c for c in clinicians.list_clinicians(active_only=False) if c.id == object_id), None)
            return f"clinician {found.display_name}" if found else ""
        if kind == "consult":
            return f"consult of {_consult_date(consults.get_consult(object_id).document)}"
        if kind == "plan":
            plan = plans.get_plan(object_id)
            if plan is None or plan.consult_id is None:
                return ""
            day = _consult_date(consults.get_consult(plan.consult_id).document)
            return f"plan of {day}, version {plan.version}"
    except Exception:  # noqa: BLE001 - removed since: the entry keeps its id, the viewer shows the kind
        return ""
    return ""


def _consult_date(document: Mapping[str, Any]) -> str:
    return str(document.get("consult_date") or "undated")
