"""Consults: start, open, read, check, decision support, save: `clinic.consults`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.consult_document import ConsultContext
from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultVersion, StoredConsult
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.patients import Patient
from fbss_desktop.core.plan_document import empty_plan
from fbss_desktop.core.surgeries import Surgery
from fbss_desktop.core.users import Permission
from fbss_desktop.services import catalogues, consult_saving, consulting, planning
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.services.planning import Evaluation, RulesBasis
from fbss_desktop.storage import consults, patients, plans, surgeries
from fbss_desktop.storage.casefile import consult_documents

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@guard_methods("read", "evaluate", "evaluate_document")
class ConsultManager:
    """A patient's consults, from a new draft to a saved (signed) consult with its plan."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(NO_CHECK)
    def context(
        self, patient: Patient, patient_surgeries: Sequence[Surgery], settings: Mapping[str, Any] | None = None
    ) -> ConsultContext:
        settings = settings or self.clinic.settings.values()
        return consulting.context_for(
            patient,
            patient_surgeries,
            today=self.clinic.today(),
            slash_order=SlashOrder(settings["dates.slash_order"]),
            mme_table=settings["medications.mme_table"],
        )

    @needs(Permission.CLINICAL)
    def rules_basis(
        self,
        patient: Patient,
        history: Sequence[Surgery],
        consult_id: int | None,
        settings: Mapping[str, Any] | None = None,
    ) -> RulesBasis:
        """The patient's other consults and plans, which the decision support reads besides this consult."""
        assert patient.id is not None
        settings = settings or self.clinic.settings.values()
        context = self.context(patient, history, settings)
        latest_plans = {p.consult_id: p for _day, p in plans.plans_of_patient(patient.id) if p.consult_id}
        stored = [(s.id, s.document) for s, _who in consult_documents(patient.id)]
        others = planning.other_consults(
            stored, latest_plans, patient_id=patient.id, context=context, exclude=consult_id
        )
        records = self.clinic.procedures.as_history(patient.id)
        return RulesBasis(patient, tuple(history), context, dict(settings), others, consult_id, records)

    @needs(Permission.CLINICAL)
    def new(self, patient_id: int, *, carry_forward: bool = True) -> ConsultDraft:
        """A new consult's document: today's date, the latest surgery as index, and (if asked) the last history."""
        patient = patients.get_patient(patient_id)
        history = tuple(surgeries.list_surgeries(patient_id))
        previous = consults.latest_consult(patient_id) if carry_forward else None
        document = consulting.new_document(
            today=self.clinic.today(), surgeries=history, previous=previous, carry_forward=carry_forward
        )
        document["plan"] = empty_plan(catalogues.treatment_catalogue())
        actor = self.clinic.actor
        if actor is not None and actor.user.clinician_id is not None:
            document["clinician_id"] = actor.user.clinician_id  # a specialist's new consult is theirs
        carried = dt.date.fromisoformat(previous.document["consult_date"]) if previous and carry_forward else None
        basis = self.rules_basis(patient, history, None)
        return ConsultDraft(patient, history, document, carried_from_date=carried, basis=basis)

    @needs(Permission.CLINICAL)
    def open(self, consult_id: int, *, with_basis: bool = True) -> ConsultDraft:
        """The consult for the editor; `with_basis=False` skips the patient's history the rules read."""
        stored = consults.get_consult(consult_id)
        patient = patients.get_patient(stored.patient_id)
        history = tuple(surgeries.list_surgeries(stored.patient_id))
        return self.draft(patient, history, stored, with_basis=with_basis)

    @needs(Permission.CLINICAL)
    def draft(
        self,
        patient: Patient,
        history: tuple[Surgery, ...],
        stored: StoredConsult,
        *,
        basis: RulesBasis | None = None,
        with_basis: bool = True,
    ) -> ConsultDraft:
        """The editor's draft of a stored consult; its rules basis is loaded unless the caller has one."""
        if basis is None and with_basis:
            basis = self.rules_basis(patient, history, stored.id)
        document = consulting.editable(stored.document, history)
        plan = plans.plan_for_consult(stored.id)
        document["plan"] = dict(plan.document) if plan else empty_plan(catalogues.treatment_catalogue())
        return ConsultDraft(
            patient,
            history,
            document,
            stored.id,
            stored.row_version,
            plan_id=plan.id if plan else None,
            plan_row_version=plan.row_version if plan else 0,
            basis=basis,
        )

    @needs(NO_CHECK)
    def read(self, basis: RulesBasis, document: Mapping[str, Any], *, finalizing: bool = False) -> ConsultReading:
        """An editor's document read once into typed records, problems returned (pure: safe on the UI thread)."""
        return planning.read(basis, document, finalizing=finalizing)

    @needs(NO_CHECK)
    def evaluate(self, basis: RulesBasis, reading: ConsultReading) -> Evaluation:
        """Decision support on a consult as it reads now (pure: no database, safe on the UI thread)."""
        return planning.evaluate(basis, reading)

    @needs(NO_CHECK)
    def evaluate_document(self, basis: RulesBasis, document: Mapping[str, Any]) -> Evaluation:
        """Decision support on a consult document (with its plan) not yet read: a stored or imported one."""
        return planning.evaluate(basis, planning.read(basis, document))

    @needs(Permission.CLINICAL)
    def check(self, patient_id: int, document: Mapping[str, Any]) -> ConsultRecord:
        """Validate without saving (raises ValidationError keyed by document path)."""
        patient = patients.get_patient(patient_id)
        context = self.context(patient, surgeries.list_surgeries(patient_id))
        return consulting.parse_and_dump(document, patient_id=patient_id, context=context)[0]

    @needs(Permission.CLINICAL)
    def save(
        self,
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
        """Read a consult document (and the plan in it) once and save it: for documents that do not come from
        the editor (a case file, the demo, a command). Raises ValidationError (by path) or ConflictError."""
        return consult_saving.save_consult(
            self.clinic,
            patient_id,
            document,
            consult_id=consult_id,
            row_version=row_version,
            plan_id=plan_id,
            plan_row_version=plan_row_version,
            finalize_by=finalize_by,
            signature=signature,
        )

    @needs(Permission.CLINICAL)
    def save_reading(
        self,
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
        """Save a consult and its plan as the editor read them (`read`), without reading them again; finalize
        the plan if `finalize_by` names the clinician. Amending a signed consult keeps the signed version, with
        `amend_reason`. Once the clinic has users, signing and finalizing need the signed-in user's password
        again (`signature`). Raises ValidationError (by path) or ConflictError."""
        return consult_saving.save_reading(
            self.clinic,
            patient_id,
            reading,
            consult_id=consult_id,
            row_version=row_version,
            plan_id=plan_id,
            plan_row_version=plan_row_version,
            finalize_by=finalize_by,
            amend_reason=amend_reason,
            signature=signature,
        )

    @needs(Permission.CLINICAL)
    def saved_elsewhere(
        self, consult_id: int, row_version: int, plan_id: int | None = None, plan_row_version: int = 0
    ) -> dt.datetime | None:
        """When the consult (or its plan) was saved since the editor read `row_version`, in UTC; None if it was
        not. An open editor asks after another workstation's change to its patient (services/live.py)."""
        stored = consults.get_consult(consult_id)
        if stored.row_version != row_version:
            return stored.updated_at
        plan = plans.get_plan(plan_id) if plan_id is not None else None
        if plan is not None and plan.row_version != plan_row_version:
            return stored.updated_at
        return None

    @needs(Permission.CLINICAL)
    def signed_versions(self, consult_id: int) -> list[ConsultVersion]:
        """The signed versions of a consult that amendments replaced, oldest first (each readable as it was)."""
        return consults.signed_versions(consult_id)
