"""The treatment markers of a patient's outcome trend, read from the database: the procedure records, and each
consult's medicine list and history lines of earlier procedures. core.timeline works them out; the patient
record (the chart) and the plan's print (its trend) carry what it returns.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.core.timeline import Marker, ProcedureNames, Visit, treatment_markers
from fbss_desktop.paths import resource
from fbss_desktop.services import catalogues
from fbss_desktop.services.stored import stored_consult
from fbss_desktop.storage.casefile import consult_documents

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@cache
def procedure_names() -> ProcedureNames:
    """Short chart labels (resources/clinical/chart_labels.json) and the patient's words for each procedure:
    the treatment's patient name, or the history list's label for a code that is no treatment ("OTHER")."""
    with resource("clinical", "chart_labels.json").open(encoding="utf-8") as handle:
        short = dict(json.load(handle)["procedures"])
    words = {item.code: item.label for item in catalogues.vocabulary()["prior_procedure"].items}
    words |= {t.code: t.patient.name for t in catalogues.treatment_catalogue().treatments}
    return ProcedureNames(short, words)


def visits(records: Iterable[ConsultRecord]) -> tuple[Visit, ...]:
    return tuple(Visit(r.consult_date, r.history.medications, r.history.prior_procedures) for r in records)


def patient_markers(
    clinic: Clinic,
    patient: Patient,
    surgeries: Sequence[Surgery],
    *,
    settings: Mapping[str, Any] | None = None,
    this: ConsultRecord | None = None,
    this_id: int | None = None,
    end: dt.date | None = None,
) -> tuple[Marker, ...]:
    """The patient's treatment markers up to `end`. `this`: a consult as it is being saved (stored as
    `this_id`, or new), read in place of its stored version (a plan finalized with it prints the medicines
    as saved)."""
    assert patient.id is not None
    context = clinic.consults.context(patient, surgeries, settings)
    records = [
        stored_consult(s.document, patient_id=patient.id, context=context, strict=False)
        for s, _who in consult_documents(patient.id)
        if this is None or s.id != this_id
    ]
    if this is not None:
        records.append(this)
    if end is not None:
        records = [r for r in records if r.consult_date <= end]
    procedures = clinic.procedures.for_patient(patient.id)
    return treatment_markers(procedures, visits(records), procedure_names(), end=end)
