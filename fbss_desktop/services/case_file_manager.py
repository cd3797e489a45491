"""Case files: a patient's whole record as one JSON file, out and in (docs/case-format.md): `clinic.case_files`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.users import Permission
from fbss_desktop.private_files import write_whole
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
        """The patient's case file as a JSON-ready dict (see docs/case-format.md), handed to the caller: in the
        audit trail as exported."""
        case = casefile.export_case(self.clinic, mrn)
        self._exported(mrn)
        return case

    @needs(Permission.EXCHANGE)
    def write(self, mrn: str, target: Path) -> Path:
        """Write the patient's case file to `target`, whole or not at all. It is in the audit trail as exported
        once the file is written; an OSError (the folder refused it, the disk is full) records nothing."""
        case = casefile.export_case(self.clinic, mrn)
        write_whole(target, (json.dumps(case, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        self._exported(mrn)
        return target

    def _exported(self, mrn: str) -> None:
        found = find_by_mrn(mrn)
        self.clinic.audit.record(self.clinic.actor, AuditAction.EXPORTED, patient_id=found.id if found else None)

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
