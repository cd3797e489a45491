"""What the instructions dialog starts from for one planned procedure: the patient's blood thinners, the
antithrombotic table, the procedure's bleeding class, and the sheet as last saved (or the clinic's defaults).

The dialog shows what this computes (the table's dates for a date, time, class and dose) and computes nothing
itself; the same `check` runs in the dialog and in the service that saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from fbss_desktop.core.medications import Medication
from fbss_desktop.core.plans import PlanItem
from fbss_desktop.core.procedure_holds import HoldTable, plan_hold
from fbss_desktop.core.procedure_instructions import ProcedureInstructions, ThinnerPlan, check


@dataclass(frozen=True)
class InstructionDraft:
    patient_id: int
    patient_name: str
    plan_id: int
    consult_id: int | None
    item: PlanItem
    procedure_name: str  # the patient's name for the procedure
    procedure_label: str  # the clinician's
    catalogue_class: str  # the ASRA class the catalogue gives (the clinic's edition)
    medications: tuple[Medication, ...]  # the blood thinners and anti-inflammatories the patient takes
    table: HoldTable
    start: ProcedureInstructions  # the sheet as last saved, or the clinic's defaults
    dose_choices: Mapping[str, Mapping[str, str]]  # drug code -> dose code -> label (a dose-dependent hold)
    saved: bool = False  # `start` is a stored sheet
    made_on: dt.date | None = None  # the day the sheet is made: a stop that would fall before it is refused

    def table_plans(
        self, procedure_at: dt.datetime, bleeding_class: str, doses: Mapping[str, str] | None = None
    ) -> tuple[ThinnerPlan, ...]:
        """Each drug with the dates the table gives for this start and class (`doses`: by drug name)."""
        doses = doses or {}
        result = []
        for m in self.medications:
            dose = doses.get(m.name, "")
            hold = plan_hold(
                self.table.timing(m.drug, m.classes),
                bleeding_class,
                procedure_at,
                details=self.item.details,
                dose=dose,
            )
            result.append(ThinnerPlan(m.name, m.drug, dose=dose).with_hold(hold))
        return tuple(result)

    def check(self, instructions: ProcedureInstructions) -> None:
        """Raises ValidationError for what the sheet must not say (core.procedure_instructions.check)."""
        doses = {t.name: t.dose for t in instructions.thinners}
        check(
            instructions,
            self.table_plans(instructions.procedure_at, instructions.bleeding_class, doses),
            today=self.made_on,
        )

    def rescheduled(self, instructions: ProcedureInstructions) -> ProcedureInstructions:
        """`instructions` with every drug the clinician did not change given the table's dates again (after
        the date, time, class or a dose changed); a changed one keeps its dates and reason."""
        doses = {t.name: t.dose for t in instructions.thinners}
        table = self.table_plans(instructions.procedure_at, instructions.bleeding_class, doses)
        kept = []
        for given, fresh in zip(instructions.thinners, table, strict=True):
            if given.changed_reason.strip() and given.kind is fresh.kind:
                kept.append(given)
            else:
                kept.append(replace(fresh, agreed=given.agreed, agreed_by=given.agreed_by, agreed_on=given.agreed_on))
        return replace(instructions, thinners=tuple(kept))
