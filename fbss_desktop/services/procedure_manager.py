"""Procedure records: `clinic.procedures`. Recording what was done (on its own, or from a plan item marked
done), signing it, the relief it gave at follow-up, a stimulator trial's diary, and the papers (the procedure
note, the blank diary for the patient)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.consult_record import PriorProcedure
from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.core.procedure_reader import procedure_document, read_procedure
from fbss_desktop.core.procedures import Procedure, ProcedureCatalogue, ProcedureStatus, Response, as_prior
from fbss_desktop.core.scs_trial import TrialResult, judge
from fbss_desktop.core.users import Permission
from fbss_desktop.services import catalogues
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.storage import clinicians, patients, plans
from fbss_desktop.storage import procedures as store
from fbss_desktop.storage.db import transaction
from fbss_desktop.storage.procedures import StoredProcedure

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@dataclass(frozen=True)
class PlannedProcedure:
    """A procedure in one of the patient's plans that has no record yet."""

    plan_id: int
    item_key: str
    kind: str
    label: str


# plan item details a new record starts from, when it is started from a plan item marked done
_FROM_ITEM = ("region", "levels", "side", "approach")


@guard_methods("_catalogue", "_steroid_factors", "_labels")
class ProcedureManager:
    """A patient's procedure records."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    def _catalogue(self) -> ProcedureCatalogue:
        return catalogues.procedure_catalogue()

    def _steroid_factors(self) -> dict[str, float]:
        return {s.code: s.mpe_factor for s in catalogues.treatment_catalogue().steroids}

    def _read(self, stored: StoredProcedure) -> Procedure:
        procedure = read_procedure(stored.document, self._catalogue(), patient_id=stored.patient_id)
        return replace(
            procedure,
            id=stored.id,
            row_version=stored.row_version,
            status=ProcedureStatus(stored.status),
            signed_by=stored.signed_by,
            signed_at=stored.signed_at,
            created_by=stored.created_by,
        )

    @needs(Permission.PRINT_FINALIZED)
    def for_patient(self, patient_id: int) -> list[Procedure]:
        """The patient's procedure records, newest first (the front desk sees the list to reprint a note)."""
        return [self._read(s) for s in store.procedures_of_patient(patient_id)]

    @needs(Permission.CLINICAL)
    def as_history(self, patient_id: int) -> tuple[PriorProcedure, ...]:
        """The records as the decision support reads earlier procedures."""
        factors = self._steroid_factors()
        return tuple(as_prior(p, factors) for p in self.for_patient(patient_id))

    @needs(Permission.PRINT_FINALIZED)
    def get(self, procedure_id: int) -> Procedure:
        return self._read(store.get_procedure(procedure_id))

    @needs(Permission.CLINICAL)
    def start(self, patient_id: int, kind: str, *, plan_id: int | None = None, item_key: str = "") -> Procedure:
        """A new, unsaved record for today: from the plan item (its region, levels, side, approach, and the
        steroid planned), or empty; the signed-in clinician as the operator."""
        if plan_id is not None and item_key:
            existing = store.procedure_for_item(plan_id, item_key)
            if existing is not None:
                return self._read(existing)
        details: dict[str, Any] = {}
        if plan_id is not None and item_key:
            stored_plan = plans.get_plan(plan_id)
            items = stored_plan.document.get("items", ()) if stored_plan is not None else ()
            item = next((i for i in items if i.get("key") == item_key), None)
            if item is not None:
                kind = str(item.get("treatment") or kind)
                planned = dict(item.get("details") or {})
                details = {k: planned[k] for k in _FROM_ITEM if planned.get(k)}
                if planned.get("steroid") and planned.get("steroid") != "none":
                    details["injectates"] = [{"drug": planned["steroid"], "dose_mg": planned.get("steroid_mg")}]
        document = {"kind": kind, "performed_on": self.clinic.today().isoformat(), **details}
        document.update(operator=self._operator(), plan_id=plan_id, plan_item=item_key)
        return read_procedure(document, self._catalogue(), patient_id=patient_id)

    @needs(Permission.CLINICAL)
    def plan_items(self, patient_id: int) -> list[PlannedProcedure]:
        """The procedures the patient's plans hold (the newest version of each consult's plan, not stopped)
        that have no record yet: what the clinician records next, newest plan first."""
        latest: dict[int, tuple[dt.date, Any]] = {}
        for day, stored in plans.plans_of_patient(patient_id):
            if stored.consult_id is not None:
                latest[stored.consult_id] = (day, stored)  # oldest first: the last one kept is the newest
        recorded = {(p.plan_id, p.plan_item) for p in self.for_patient(patient_id)}
        kinds = self._catalogue().kinds
        treatments = catalogues.treatment_catalogue()
        found = []
        for day, stored in sorted(latest.values(), key=lambda pair: pair[0], reverse=True):
            for item in stored.document.get("items", ()):
                kind, key = str(item.get("treatment") or ""), str(item.get("key") or "")
                if kind not in kinds or item.get("status") == "stopped" or (stored.id, key) in recorded:
                    continue
                details = item.get("details") or {}
                where = " ".join(
                    str(v) for v in (", ".join(details.get("levels") or ()), details.get("side") or "") if v
                )
                label = f"{treatments[kind].label} {where}".strip() + f" (plan of {day.isoformat()})"
                found.append(PlannedProcedure(stored.id, key, kind, label))
        return found

    def _operator(self) -> str:
        actor = self.clinic.actor
        if actor is None:
            return ""
        linked = next((c for c in clinicians.list_clinicians() if c.id == actor.user.clinician_id), None)
        return linked.display_name if linked is not None else actor.user.display_name

    @needs(Permission.CLINICAL)
    def save(
        self,
        patient_id: int,
        form: Mapping[str, Any],
        *,
        procedure_id: int | None = None,
        row_version: int = 0,
        signature: str | None = None,
    ) -> tuple[Procedure, ChangeSet]:
        """Save what the record form gathered; with `signature`, save and sign in one write (the signature is
        checked first, so a refused one saves nothing). A signed record is not changed: its response and
        diary are recorded with `record_response` and `save_diary`. Raises ValidationError by field."""
        procedure = read_procedure(form, self._catalogue(), patient_id=patient_id, today=self.clinic.today())
        if signature is not None:
            self.clinic.require(Permission.SIGN)
            self._check_signature(signature)
        if procedure_id is not None:
            before = self.get(procedure_id)
            if before.signed:
                raise ConflictError("This procedure record is signed; it cannot be changed.")
            procedure = replace(procedure, responses=before.responses, diary=before.diary)
        return self._write(procedure, procedure_id, row_version, sign=signature is not None)

    def _check_signature(self, signature: str) -> None:
        actor = self.clinic.actor
        if actor is not None and not self.clinic.accounts.signature_holds(actor, signature):
            self.clinic.audit.record(actor, AuditAction.REFUSED, outcome="refused", detail="signature")
            raise ValidationError(
                {"signature": "That is not your password: the record was not signed. Type your password again."}
            )

    @needs(Permission.SIGN)
    def sign(self, procedure_id: int, row_version: int, signature: str = "") -> tuple[Procedure, ChangeSet]:
        """Sign the record: once the clinic has users, with the signed-in user's password typed again (as a
        consult is signed). Raises ValidationError at `signature` when it does not hold."""
        self._check_signature(signature)
        procedure = self.get(procedure_id)
        if procedure.signed:
            return procedure, ChangeSet()
        return self._write(procedure, procedure_id, row_version, sign=True)

    @needs(Permission.CLINICAL)
    def record_response(
        self, procedure_id: int, row_version: int, form: Mapping[str, Any]
    ) -> tuple[Procedure, ChangeSet]:
        """Add the relief the procedure gave, as the patient reports it at a follow-up (a signed record too:
        the response is new information, not a change to what was done). Recorded again the same day, it
        replaces that day's answer (a correction). Raises ValidationError by field (relief_percent,
        lasted_weeks: no longer than the time since the procedure)."""
        procedure = self.get(procedure_id)
        today = self.clinic.today()
        document = procedure_document(procedure)
        # one answer a day: recorded again the same day, it corrects the day's answer rather than adding one
        kept = [x for x in document["responses"] if x["recorded_on"] != today.isoformat()]
        document["responses"] = [*kept, {"recorded_on": today.isoformat(), **form}]
        read = read_procedure(document, self._catalogue(), patient_id=procedure.patient_id)
        return self._write(replace(procedure, responses=read.responses), procedure_id, row_version)

    @needs(Permission.CLINICAL)
    def save_diary(
        self, procedure_id: int, row_version: int, days: list[Mapping[str, Any]], medication_reduction: Any = None
    ) -> tuple[Procedure, ChangeSet]:
        """Enter the trial diary the patient brought back (every day at once, as the form shows it)."""
        procedure = self.get(procedure_id)
        if not self._catalogue().kinds[procedure.kind].trial:
            raise ValidationError({"diary": "only a stimulator trial has a diary"})
        document = procedure_document(procedure)
        document.update(diary=list(days), medication_reduction_percent=medication_reduction)
        read = read_procedure(document, self._catalogue(), patient_id=procedure.patient_id)
        return self._write(
            replace(procedure, diary=read.diary, medication_reduction_percent=read.medication_reduction_percent),
            procedure_id,
            row_version,
        )

    @needs(Permission.CLINICAL)
    def allergies(self, patient_id: int) -> tuple[str, ...]:
        """The patient's allergies as their latest consult records them, in words ("Iodinated contrast: hives")."""
        from fbss_desktop.storage.casefile import consult_documents

        documents = [s.document for s, _who in consult_documents(patient_id)]
        if not documents:
            return ()
        latest = max(documents, key=lambda d: str(d.get("consult_date") or ""))
        history = latest.get("history") or {}
        if history.get("no_known_allergies"):
            return ("No known allergies",)
        allergens = catalogues.vocabulary()["allergen"]
        lines = []
        for allergy in history.get("allergies") or ():
            name = allergens.label(str(allergy.get("substance") or "")) or str(allergy.get("substance") or "")
            reaction = str(allergy.get("reaction") or "")
            lines.append(f"{name}: {reaction}" if reaction else name)
        return tuple(lines)

    @needs(Permission.CLINICAL)
    def trial_days(self, procedure: Procedure) -> int:
        """The trial's length: as its plan item planned it, else the usual length (procedures.json)."""
        if procedure.plan_id is not None:
            stored = plans.get_plan(procedure.plan_id)
            for item in stored.document.get("items", ()) if stored is not None else ():
                days = (item.get("details") or {}).get("days")
                if item.get("key") == procedure.plan_item and days:
                    return int(days)
        return self._catalogue().default_trial_days

    @needs(Permission.CLINICAL)
    def trial_result(self, procedure: Procedure) -> TrialResult:
        threshold = int(self.clinic.settings.values()["scs.trial_success_percent"])
        return judge(procedure, threshold)

    def _write(
        self, procedure: Procedure, procedure_id: int | None, row_version: int, *, sign: bool = False
    ) -> tuple[Procedure, ChangeSet]:
        actor = self.clinic.actor
        name = actor.user.display_name if actor is not None else ""
        with transaction():
            stored = store.save_procedure(
                procedure_id=procedure_id,
                patient_id=procedure.patient_id,
                kind=procedure.kind,
                performed_on=procedure.performed_on,
                document=procedure_document(procedure),
                plan_id=procedure.plan_id,
                plan_item=procedure.plan_item,
                row_version=row_version,
                created_by=name,
                sign_as=self._operator() or name if sign else None,
            )
            self.clinic.audit.record(
                actor,
                AuditAction.PROCEDURE_SIGNED if sign else AuditAction.PROCEDURE_SAVED,
                patient_id=procedure.patient_id,
                object_kind="procedure",
                object_id=stored.id,
                detail=procedure.kind,
            )
        return self._read(stored), ChangeSet(procedures_of=frozenset({procedure.patient_id}))

    def _labels(self) -> dict[str, str]:
        catalogue = catalogues.treatment_catalogue()
        labels = {t.code: t.label for t in catalogue.treatments}
        for list_name in ("region", "side"):
            labels.update(
                {
                    f"{list_name}:{code}": catalogue.choices[list_name].label(code)
                    for code in catalogue.choices[list_name].codes
                }
            )
        return labels

    @needs(Permission.PRINT_FINALIZED)
    def note_pdf(self, procedure_id: int, *, invariant: bool = False) -> bytes:
        """The procedure note for the chart (a draft says so on every page)."""
        from fbss_desktop.core.procedure_note import build_note
        from fbss_desktop.documents.procedure_pdf import render_note_pdf
        from fbss_desktop.services.printing import letterhead

        procedure = self.get(procedure_id)
        settings = self.clinic.settings.values()
        trial = judge(procedure, int(settings["scs.trial_success_percent"])) if procedure.diary else None
        patient = patients.get_patient(procedure.patient_id)
        note = build_note(procedure, patient, letterhead(settings), self._catalogue(), self._labels(), trial)
        return render_note_pdf(note, paper=settings["print.paper_size"], invariant=invariant)

    @needs(Permission.PRINT_FINALIZED)
    def diary_pdf(self, procedure_id: int, days: int, *, invariant: bool = False) -> bytes:
        """The blank trial diary the patient takes home, one line per trial day."""
        from fbss_desktop.core.procedure_note import build_diary_sheet
        from fbss_desktop.documents.procedure_pdf import render_diary_pdf
        from fbss_desktop.services.printing import letterhead

        procedure = self.get(procedure_id)
        limits = self._catalogue().ranges["trial_days"]
        if not limits.low <= days <= limits.high:
            raise ValidationError({"days": f"between {limits.low:g} and {limits.high:g} days"})
        settings = self.clinic.settings.values()
        patient = patients.get_patient(procedure.patient_id)
        sheet = build_diary_sheet(procedure, patient, letterhead(settings), self._catalogue(), days)
        return render_diary_pdf(sheet, paper=settings["print.paper_size"], invariant=invariant)

    @needs(Permission.PRINT_FINALIZED)
    def record_print(self, procedure_id: int, what: str) -> None:
        """A note or a diary sheet printed (or saved as a PDF): in the audit trail, under the patient."""
        procedure = self.get(procedure_id)
        self.clinic.audit.record(
            self.clinic.actor,
            AuditAction.PRINTED,
            patient_id=procedure.patient_id,
            object_kind="procedure",
            object_id=procedure.id,
            detail=what,
        )


__all__ = ["PlannedProcedure", "ProcedureManager", "Response"]
