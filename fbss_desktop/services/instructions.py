"""The patient's instructions before a planned procedure: `clinic.instructions`.

A clinician prepares them from a plan's procedure item (the dialog starts from `prepare`), saves them (checked
by the core: no stop date the antithrombotic table does not give, a reason for changed dates, the prescriber
named) and prints them; the sheet stays on the patient's record, so the front desk reprints the same words.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING, Any

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import NotFoundError
from fbss_desktop.core.instruction_draft import InstructionDraft
from fbss_desktop.core.instruction_sheet import InstructionSheet, SheetTexts, build_sheet
from fbss_desktop.core.procedure_holds import NSAID_CLASS, HoldTable
from fbss_desktop.core.procedure_instructions import ProcedureInstructions
from fbss_desktop.core.users import Permission
from fbss_desktop.paths import resource
from fbss_desktop.services import catalogues, planning
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.services.stored import stored_consult, stored_plan
from fbss_desktop.storage import instructions as store
from fbss_desktop.storage import plans as plan_store
from fbss_desktop.storage.db import transaction

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic

CONTRAST = "iodinated_contrast"  # the consult vocabulary's allergen code for X-ray dye
PRINT_KIND = "instructions"  # the plan's print event for a sheet


def _load(*parts: str) -> Any:
    with resource(*parts).open(encoding="utf-8") as handle:
        return json.load(handle)


@cache
def sheet_texts() -> SheetTexts:
    return SheetTexts.from_dict(_load("clinical", "procedure_instructions.json"))


@cache
def hold_table() -> HoldTable:
    return HoldTable.from_dict(_load("rules", "antithrombotics.json"))


@guard_methods()
class InstructionManager:
    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.CLINICAL)
    def procedures(self, plan_id: int) -> list[tuple[str, str]]:
        """(item key, name) of the plan's active procedures: what instructions can be written for."""
        stored = self._plan(plan_id)
        catalogue = catalogues.treatment_catalogue()
        plan = stored_plan(stored.document, planning.plan_context(), strict=True)
        return [
            (item.key, catalogue[item.treatment].label)
            for item in plan.items
            if item.active and catalogue[item.treatment].is_procedure
        ]

    @needs(Permission.CLINICAL)
    def prepare(self, plan_id: int, item_key: str) -> InstructionDraft:
        """What the dialog starts from: the sheet last saved for this item, or the clinic's defaults."""
        stored = self._plan(plan_id)
        if stored.consult_id is None:
            raise NotFoundError("This plan has no consult to read the patient's medicines from.")
        draft = self.clinic.consults.open(stored.consult_id, with_basis=False)
        settings = self.clinic.settings.values()
        context = self.clinic.consults.context(draft.patient, draft.surgeries, settings)
        record = stored_consult(draft.document, patient_id=draft.patient.id or 0, context=context, strict=True)
        plan = stored_plan(stored.document, planning.plan_context(), strict=True)
        item = next((i for i in plan.items if i.key == item_key), None)
        catalogue = catalogues.treatment_catalogue()
        if item is None or not catalogue[item.treatment].is_procedure:
            raise NotFoundError("That procedure is no longer in the plan; open the plan again.")
        treatment = catalogue[item.treatment]
        classes = set(catalogue.blood_thinner_classes) | {NSAID_CLASS}
        medications = tuple(m for m in record.history.medications if set(m.classes) & classes)
        bleeding = treatment.bleeding_class(settings["rules.asra_edition"], str(item.detail("region") or ""))
        substances = {a.substance for a in record.history.allergies}
        allergens = _allergens()
        uses_contrast = CONTRAST in allergens.used_by(item)
        others = [a for a in record.history.allergies if a.substance != CONTRAST]
        table = hold_table()
        dose_choices = {
            m.drug: sheet_texts().doses for m in medications if (t := table.timing(m.drug, m.classes)) and t.doses
        }
        draft_item = InstructionDraft(
            patient_id=draft.patient.id or 0,
            patient_name=draft.patient.spoken_name,
            plan_id=plan_id,
            consult_id=stored.consult_id,
            item=item,
            procedure_name=treatment.patient.name,
            procedure_label=treatment.label,
            catalogue_class=bleeding or "intermediate",
            medications=medications,
            table=table,
            start=_defaults(settings, self.clinic.today()),
            dose_choices=dose_choices,
            made_on=self.clinic.today(),
        )
        saved = [s for s in store.instructions_of_patient(draft_item.patient_id) if s.plan_id == plan_id]
        mine = next((s for s in saved if s.item == item_key), None)
        if mine is not None and [t.name for t in mine.thinners] == [m.name for m in medications]:
            return replace(draft_item, start=mine, saved=True)
        if mine is not None:  # the medicines changed since: the day, times and place as saved, the drugs afresh
            kept = {
                k: getattr(mine, k) for k in ("procedure_at", "arrive_at", "place", "fasting", "sedation", "driver")
            }
            draft_item = replace(draft_item, start=replace(draft_item.start, **kept))
        start = replace(
            draft_item.start,
            plan_id=plan_id,
            item=item_key,
            treatment=item.treatment,
            procedure_name=treatment.patient.name,
            bleeding_class=draft_item.catalogue_class,
            diabetes=bool(record.history.comorbidities.get("diabetes"))
            and treatment.steroid
            and item.detail("steroid") != "none",
            contrast_allergy=CONTRAST in substances and uses_contrast,
            allergy_line=allergens.line(item, others),
            id=mine.id if mine else None,
            row_version=mine.row_version if mine else 0,
        )
        start = replace(start, thinners=draft_item.table_plans(start.procedure_at, start.bleeding_class))
        return replace(draft_item, start=start, saved=mine is not None)

    @needs(Permission.CLINICAL)
    def save(
        self, draft: InstructionDraft, instructions: ProcedureInstructions
    ) -> tuple[ProcedureInstructions, ChangeSet]:
        """Check and keep the instructions on the patient's record (a new sheet, or the one they revise)."""
        draft.check(instructions)
        by = self.clinic.actor.user.display_name if self.clinic.actor is not None else ""
        document = replace(instructions, prepared_by=instructions.prepared_by or by).to_document()
        with transaction():
            sheet_id = store.save_instructions(
                draft.patient_id,
                draft.consult_id,
                document,
                sheet_id=instructions.id,
                row_version=instructions.row_version,
                by=by,
            )
            self.clinic.audit.record(
                self.clinic.actor,
                AuditAction.INSTRUCTIONS_SAVED,
                patient_id=draft.patient_id,
                object_kind="instructions",
                object_id=sheet_id,
                detail=instructions.treatment,
            )
        found = store.get_instructions(sheet_id)
        assert found is not None
        return found[1], ChangeSet(consults_of=frozenset({draft.patient_id}))

    @needs(Permission.PRINT_FINALIZED)
    def of_patient(self, patient_id: int) -> list[ProcedureInstructions]:
        """The patient's instruction sheets, the latest procedure first (the front desk reprints them)."""
        return store.instructions_of_patient(patient_id)

    @needs(Permission.PRINT_FINALIZED)
    def sheet(self, sheet_id: int) -> InstructionSheet:
        """The sheet as the patient reads it, from what was saved."""
        found = store.get_instructions(sheet_id)
        if found is None:
            raise NotFoundError("These instructions are not there any more; open the patient again.")
        patient_id, instructions = found
        patient = self.clinic.patients.get(patient_id)
        from fbss_desktop.services.printing import letterhead

        return build_sheet(
            instructions,
            sheet_texts(),
            letterhead=letterhead(self.clinic.settings.values()),
            patient_name=patient.spoken_name,
            date_of_birth=patient.date_of_birth,
        )

    @needs(Permission.PRINT_FINALIZED)
    def pdf(self, sheet_id: int) -> bytes:
        from fbss_desktop.documents.instructions_pdf import render_instructions_pdf

        return render_instructions_pdf(self.sheet(sheet_id), paper=self.clinic.settings.values()["print.paper_size"])

    @needs(Permission.PRINT_FINALIZED)
    def record_print(self, sheet_id: int) -> ChangeSet:
        """A sheet printed: marked on the sheet and on its plan (a print event), and in the audit trail."""
        found = store.get_instructions(sheet_id)
        if found is None:
            raise NotFoundError("These instructions are not there any more; open the patient again.")
        patient_id, instructions = found
        with transaction():
            store.mark_printed(sheet_id)
            if plan_store.get_plan(instructions.plan_id) is not None:
                plan_store.record_print(instructions.plan_id, PRINT_KIND, instructions.item)
            self.clinic.audit.record(
                self.clinic.actor,
                AuditAction.PRINTED,
                patient_id=patient_id,
                object_kind="instructions",
                object_id=sheet_id,
                detail=f"instructions for {instructions.treatment}",
            )
        return ChangeSet(consults_of=frozenset({patient_id}))

    @needs(Permission.PRINT_FINALIZED)
    def pdf_saved(self, sheet_id: int) -> None:
        """A sheet saved as a PDF file: in the audit trail like a print (not marked printed)."""
        found = store.get_instructions(sheet_id)
        self.clinic.audit.record(
            self.clinic.actor,
            AuditAction.PRINTED,
            patient_id=found[0] if found else None,
            object_kind="instructions",
            object_id=sheet_id,
            detail="instructions saved as PDF",
        )

    def _plan(self, plan_id: int) -> Any:
        stored = plan_store.get_plan(plan_id)
        if stored is None:
            raise NotFoundError("This plan is not there any more; open the patient again.")
        return stored


def _allergens() -> Any:
    from fbss_desktop.services.printing import procedure_allergens

    return procedure_allergens()


def _defaults(settings: Mapping[str, Any], today: dt.date) -> ProcedureInstructions:
    """A sheet with the clinic's defaults and no date chosen yet (the day after `today` as a placeholder the
    dialog asks to be set)."""
    start = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(hour=9))
    arrive = (start - dt.timedelta(minutes=int(settings["procedure.arrive_minutes"]))).time()
    return ProcedureInstructions(
        plan_id=0,
        item="",
        treatment="",
        procedure_name="",
        procedure_at=start,
        arrive_at=arrive,
        place=str(settings["procedure.place"]).strip() or str(settings["clinic.address"]).strip(),
        fasting=str(settings["procedure.fasting"]).strip(),
        driver=settings["procedure.driver"] == "always",
    )
