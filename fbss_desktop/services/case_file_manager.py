"""Case files: a patient's whole record as one JSON file, out and in (docs/case-format.md): `clinic.case_files`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.users import Permission
from fbss_desktop.services import casefile
from fbss_desktop.services.casefile import ImportedCase
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.storage.patients import find_by_mrn

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@guard_methods("read")
class CaseFileManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.EXCHANGE)
    def export(self, mrn: str) -> dict[str, Any]:
        """The patient's case file as a JSON-ready dict (see docs/case-format.md)."""
        case = casefile.export_case(self.clinic, mrn)
        found = find_by_mrn(mrn)
        self.clinic.audit.record(self.clinic.actor, AuditAction.EXPORTED, patient_id=found.id if found else None)
        return case

    @staticmethod
    def read(path: Path) -> dict[str, Any]:
        """A case file read safely from disk (size, depth, numbers), before its import; raises CaseFileError."""
        return casefile.read_case_file(path)

    @needs(Permission.EXCHANGE)
    def add(self, data: Mapping[str, Any], *, name: str = "case file") -> tuple[ImportedCase, ChangeSet]:
        """Validate a whole case file and add it in one transaction; raises CaseFileError, writing nothing.
        The result's notes say what the person importing must know (a finalized plan that arrived as a draft)."""
        imported = casefile.import_case(self.clinic, data, name=name)
        self.clinic.audit.record(self.clinic.actor, AuditAction.IMPORTED, patient_id=imported.patient.id)
        return imported, ChangeSet(patient_list=True, patients=frozenset({imported.patient.id or 0}))
