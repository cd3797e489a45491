"""Saving a consult and its plan in one transaction (finalizing the plan when asked, its print frozen with
it); `Clinic.save_consult` delegates here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.core.plan_document import read_plan
from fbss_desktop.services import consulting, planning
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.storage import consults, patients, plans, surgeries

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


def save_consult(
    clinic: Clinic,
    patient_id: int,
    document: Mapping[str, Any],
    *,
    consult_id: int | None = None,
    row_version: int = 0,
    plan_id: int | None = None,
    plan_row_version: int = 0,
    finalize_by: str = "",
) -> tuple[ConsultDraft, ChangeSet]:
    """Validate and save the consult and its plan in one transaction; finalize the plan if `finalize_by`
    names the clinician. Raises ValidationError (by path) or ConflictError, saving nothing."""
    patient = patients.get_patient(patient_id)
    history = tuple(surgeries.list_surgeries(patient_id))
    settings = clinic.settings()
    consult_document = {k: v for k, v in document.items() if k != "plan"}
    errors: dict[str, str] = {}
    try:
        record, normalized = consulting.parse_and_dump(
            consult_document, patient_id=patient_id, context=clinic.consult_context(patient, history, settings)
        )
    except ValidationError as exc:
        errors.update(exc.errors)
    plan_document = document.get("plan")
    if plan_document is not None:
        _plan, plan_errors = read_plan(plan_document, planning.plan_context(), finalizing=bool(finalize_by))
        errors.update(plan_errors)
    if errors:
        raise ValidationError(errors)
    record = replace(record, id=consult_id, row_version=row_version)
    stored_plan = plans.plan_for_consult(consult_id) if consult_id is not None else None
    if plan_document is not None and stored_plan is not None and stored_plan.id != plan_id:
        raise ConflictError("The plan of this consult was changed on another workstation; reopen the consult.")
    # The rules' view of the patient's other consults is needed only to check the blocks when finalizing.
    basis = clinic.rules_basis(patient, history, consult_id, settings) if finalize_by else None
    now = dt.datetime.combine(clinic.today(), dt.datetime.now().time())  # the clinic's day (tests fix it)
    prepared = planning.prepare_plan(basis, record, plan_document, stored_plan, finalize_by=finalize_by, now=now)
    write = None
    if prepared is not None:
        plan, plan_normalized = prepared
        frozen = None
        if finalize_by:  # what the patient's copy says is frozen with the plan: a reprint is the same plan
            from fbss_desktop.services.printing import frozen_print

            frozen = frozen_print(patient, record, plan, settings, consult_id, stored_plan)
        write = plans.PlanWrite(plan, plan_normalized, plan_id, plan_row_version, frozen)
    stored = consults.save_consult(record, normalized, write)
    # Saving this consult does not change the others, so the editor keeps the basis it has.
    draft = clinic._draft(patient, history, stored, basis=basis, with_basis=False)
    return draft, ChangeSet(consults_of=frozenset({patient_id}))
