"""`fbss-desktop check`: decision support on a case file's latest consult and plan, without touching any clinic data.

The case is imported into a private in-memory database, so it is validated exactly as an import would be,
and the latest consult is evaluated as the consult editor would evaluate it, with the clinic's settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fbss_desktop.core.errors import DomainError
from fbss_desktop.services.casefile import CaseFileError


class NothingToCheckError(DomainError):
    """The case file is valid but holds no consult."""


def check_case(
    data: Mapping[str, Any], *, name: str, settings: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The findings for the case's latest consult and its plan, as JSON-ready dicts, most severe first.

    Raises CaseFileError for a file that would not import, NothingToCheckError when it has no consult.
    """
    from fbss_desktop.services.clinic import Clinic

    clinic = Clinic.open("sqlite:///:memory:", backup_dir=None)
    try:
        for key, value in (settings or {}).items():
            clinic.save_setting(key, value)
        patient, _ = clinic.import_case(data, name=name)
        assert patient.id is not None
        summaries = clinic.open_patient(patient.id).consults  # newest first
        if not summaries:
            raise NothingToCheckError(f"{name}: the case has no consult to check")
        draft = clinic.open_consult(summaries[0].id)
        evaluation = clinic.evaluate(draft.basis, draft.document)
        result = []
        for finding in evaluation.findings:
            entry = finding.as_dict()
            ack = evaluation.acknowledgement(finding)
            entry["acknowledged"] = (
                {"by": ack.clinician, "at": ack.at.isoformat(timespec="seconds"), "reason": ack.reason} if ack else None
            )
            result.append(entry)
        return result
    finally:
        clinic.close()


__all__ = ["CaseFileError", "NothingToCheckError", "check_case"]
