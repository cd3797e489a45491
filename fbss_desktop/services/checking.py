"""Working on a case file without touching any clinic data: `fbss-desktop check` and `plan-pdf`.

The case is imported into a private in-memory database, so it is validated exactly as an import would be,
and then evaluated or printed as the app would, with the clinic's settings.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fbss_desktop.core.errors import DomainError
from fbss_desktop.services.casefile import CaseFileError


class NothingToCheckError(DomainError):
    """The case file is valid but holds no consult (or no plan) to work on."""


@contextmanager
def case_in_memory(data: Mapping[str, Any], *, name: str, settings: Mapping[str, Any] | None) -> Iterator[Any]:
    """A Clinic on a private database holding only this case, and the case's consults (newest first)."""
    from fbss_desktop.services.clinic import Clinic

    clinic = Clinic.open("sqlite:///:memory:", backup_dir=None)
    try:
        for key, value in (settings or {}).items():
            clinic.settings.save_one(key, value)
        imported, _ = clinic.case_files.add(data, name=name)
        patient = imported.patient
        assert patient.id is not None
        summaries = clinic.patients.open(patient.id).consults
        if not summaries:
            raise NothingToCheckError(f"{name}: the case has no consult")
        yield clinic, summaries
    finally:
        clinic.close()


def check_case(
    data: Mapping[str, Any], *, name: str, settings: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The findings for the case's latest consult and its plan, as JSON-ready dicts, most severe first.

    Raises CaseFileError for a file that would not import, NothingToCheckError when it has no consult.
    """
    with case_in_memory(data, name=name, settings=settings) as (clinic, summaries):
        draft = clinic.consults.open(summaries[0].id)
        evaluation = clinic.consults.evaluate_document(draft.basis, draft.document)
        result = []
        for finding in evaluation.findings:
            entry = finding.as_dict()
            ack = evaluation.acknowledgement(finding)
            entry["acknowledged"] = (
                {"by": ack.clinician, "at": ack.at.isoformat(timespec="seconds"), "reason": ack.reason} if ack else None
            )
            result.append(entry)
        return result


def plan_pdf(
    data: Mapping[str, Any], *, name: str, settings: Mapping[str, Any] | None = None, clinician_summary: bool = False
) -> bytes:
    """The patient's plan PDF of the case's latest consult that has a plan, or that consult's clinician
    summary."""
    from fbss_desktop.services import printing

    with case_in_memory(data, name=name, settings=settings) as (clinic, summaries):
        for summary in summaries:
            if clinic.consults.open(summary.id, with_basis=False).plan_id is not None:
                render = printing.render_summary_pdf if clinician_summary else printing.render_plan_pdf
                return render(clinic, summary.id)
        raise NothingToCheckError(f"{name}: no consult in the case has a plan")


__all__ = ["CaseFileError", "NothingToCheckError", "case_in_memory", "check_case", "plan_pdf"]
