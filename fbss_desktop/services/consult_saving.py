"""Saving a consult and its plan in one transaction (finalizing the plan when asked, its print frozen with
it); `Clinic.consults.save` delegates here."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.consult_dump import dump_consult
from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.consults import ConsultStatus, StoredConsult
from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.plans import PlanStatus, StoredPlan
from fbss_desktop.core.users import Permission
from fbss_desktop.services import accountability, planning
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.storage import consults, patients, plans, surgeries
from fbss_desktop.storage.db import transaction

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


def _audit(
    clinic: Clinic,
    before: StoredConsult | None,
    stored: StoredConsult,
    write: plans.PlanWrite | None,
    stored_plan: StoredPlan | None,
    known: frozenset[str],
) -> None:
    """What the save did, in the audit trail, in the save's own transaction (`known`: the acknowledgements the
    plan had before)."""
    record = functools.partial(clinic.audit.record, clinic.actor, patient_id=stored.patient_id)
    if before is None:
        record(AuditAction.CONSULT_CREATED, object_kind="consult", object_id=stored.id)
    elif before.status is ConsultStatus.SIGNED and _content(before) != _content(stored):
        record(AuditAction.CONSULT_AMENDED, object_kind="consult", object_id=stored.id)
    else:
        record(AuditAction.CONSULT_CHANGED, object_kind="consult", object_id=stored.id)
    if stored.status is ConsultStatus.SIGNED and (before is None or before.status is not ConsultStatus.SIGNED):
        record(AuditAction.CONSULT_SIGNED, object_kind="consult", object_id=stored.id)
    if write is None:
        return
    current = plans.plan_for_consult(stored.id)
    plan_id = current.id if current is not None else None
    for ack in write.plan.acknowledgements:
        if ack.finding_key not in known:
            detail = f"{ack.rule} {ack.severity}"
            record(AuditAction.ACKNOWLEDGED, object_kind="plan", object_id=plan_id, detail=detail)
    if write.plan.status is PlanStatus.FINALIZED and (
        stored_plan is None or stored_plan.status is not PlanStatus.FINALIZED
    ):
        record(AuditAction.PLAN_FINALIZED, object_kind="plan", object_id=plan_id)


def _content(consult: StoredConsult) -> dict[str, object]:
    return {k: v for k, v in consult.document.items() if k != "written_with"}


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
    signature: str = "",
) -> tuple[ConsultDraft, ChangeSet]:
    """Save a consult document (and the plan in it) that has not been read yet, as a case file, the demo or a
    command brings it: read once against the patient as stored now, then saved as `save_reading` does."""
    patient = patients.get_patient(patient_id)
    history = tuple(surgeries.list_surgeries(patient_id))
    settings = clinic.settings.values()
    basis = planning.RulesBasis(patient, history, clinic.consults.context(patient, history, settings), settings)
    reading = planning.read(basis, document, finalizing=bool(finalize_by))
    return save_reading(
        clinic,
        patient_id,
        reading,
        consult_id=consult_id,
        row_version=row_version,
        plan_id=plan_id,
        plan_row_version=plan_row_version,
        finalize_by=finalize_by,
        signature=signature,
    )


def save_reading(
    clinic: Clinic,
    patient_id: int,
    reading: ConsultReading,
    *,
    consult_id: int | None = None,
    row_version: int = 0,
    plan_id: int | None = None,
    plan_row_version: int = 0,
    finalize_by: str = "",
    amend_reason: str = "",
    signature: str = "",
) -> tuple[ConsultDraft, ChangeSet]:
    """Save the consult and its plan, as the editor read them, in one transaction; finalize the plan if
    `finalize_by` names the clinician. Raises ValidationError (by path) or ConflictError, saving nothing.

    The record is written as it was read: the save does not read the editor's document again. What may have
    changed on another workstation since the editor read it is checked here (the surgeries it links to, the
    plan's row)."""
    if finalize_by and not reading.finalizing:
        raise ValueError("a plan is finalized from a reading made for finalizing (planning.read(finalizing=True))")
    reading.checked()
    signs = bool(finalize_by) or reading.record.status is ConsultStatus.SIGNED
    actor = clinic.require(Permission.SIGN if signs else Permission.CLINICAL)
    before = consults.get_consult(consult_id) if consult_id is not None else None
    patient = patients.get_patient(patient_id)
    history = tuple(surgeries.list_surgeries(patient_id))
    if reading.record.surgery_ids() - {s.id for s in history}:
        raise ConflictError("A surgery this consult links to was removed on another workstation; reopen the consult.")
    settings = clinic.settings.values()
    context = clinic.consults.context(patient, history, settings)
    record = replace(reading.record, id=consult_id, row_version=row_version)
    stored_plan = plans.plan_for_consult(consult_id) if consult_id is not None else None
    known = accountability.acknowledged(stored_plan)  # read once: for the reasons' check and for the audit
    if actor is not None:  # the clinic has users: who signs, finalizes and acknowledges is who signed in
        record, reading, finalize_by = accountability.attribute(
            clinic, actor, record, reading, before, known, finalize_by, signature
        )
    normalized = dump_consult(record, context.written_with)
    if reading.plan is not None and stored_plan is not None and stored_plan.id != plan_id:
        raise ConflictError("The plan of this consult was changed on another workstation; reopen the consult.")
    # The rules' view of the patient's other consults is needed only to check the blocks when finalizing.
    basis = clinic.consults.rules_basis(patient, history, consult_id, settings) if finalize_by else None
    now = dt.datetime.combine(clinic.today(), dt.datetime.now().time())  # the clinic's day (tests fix it)
    prepared = planning.prepare_plan(basis, record, reading.plan, stored_plan, finalize_by=finalize_by, now=now)
    write = None
    if prepared is not None:
        plan, plan_normalized = prepared
        frozen = None
        if finalize_by:  # what the patient's copy says is frozen with the plan: a reprint is the same plan
            from fbss_desktop.services.printing import frozen_print
            from fbss_desktop.services.timeline import patient_markers

            markers = patient_markers(
                clinic, patient, history, settings=settings, this=record, this_id=consult_id, end=record.consult_date
            )
            frozen = frozen_print(patient, record, plan, settings, consult_id, stored_plan, markers=markers)
        write = plans.PlanWrite(plan, plan_normalized, plan_id, plan_row_version, frozen)
    who = clinic.actor.user.display_name if clinic.actor is not None else ""
    with transaction():
        stored = consults.save_consult(record, normalized, write, amended_by=who, amend_reason=amend_reason)
        _audit(clinic, before, stored, write, stored_plan, known)
    # Saving this consult does not change the others, so the editor keeps the basis it has.
    draft = clinic.consults.draft(patient, history, stored, basis=basis, with_basis=False)
    return draft, ChangeSet(consults_of=frozenset({patient_id}))
