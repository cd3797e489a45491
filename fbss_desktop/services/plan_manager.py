"""Plans after their consult: versions, revisions, the front desk's list, prints recorded and rendered:
`clinic.plans` and `clinic.printing`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.plans import DESK_UNPRINTED_DAYS, DeskPlan, PlanStatus, PlanVersion, StoredPlan
from fbss_desktop.core.users import Permission
from fbss_desktop.services import catalogues, plan_history
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import NO_CHECK, needs
from fbss_desktop.storage import plans
from fbss_desktop.storage.db import transaction

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@guard_methods()
class PlanManager:
    """Every version of a consult's plan; a finalized version is never changed, only revised into a new one."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(Permission.CLINICAL)
    def stored(self, plan_id: int) -> StoredPlan | None:
        return plans.get_plan(plan_id)

    @needs(Permission.CLINICAL)
    def revise(self, consult_id: int, plan_id: int, row_version: int) -> tuple[ConsultDraft, ChangeSet]:
        """Start a new version of a finalized plan (a draft copy); the finalized version stays as it was."""
        stored = plans.get_plan(plan_id)
        if stored is None or stored.consult_id != consult_id:
            raise ConflictError("This plan no longer exists; open the consult again.")
        if stored.status.value != "finalized":
            raise ConflictError("Only a finalized plan is revised; a draft can be changed as it is.")
        with transaction():
            new_id = plans.new_version(plan_id, row_version)
            self.clinic.audit.record(
                self.clinic.actor,
                AuditAction.PLAN_REVISED,
                patient_id=stored.patient_id,
                object_kind="plan",
                object_id=new_id,
            )
        draft = self.clinic.consults.open(consult_id)
        return draft, ChangeSet(consults_of=frozenset({draft.patient.id or 0}))

    @needs(Permission.CLINICAL)
    def versions(self, patient_id: int) -> list[PlanVersion]:
        """Every version of the patient's plans, newest first, each with what changed since the one before."""
        return plan_history.plan_versions(patient_id)

    @needs(Permission.PRINT_FINALIZED)
    def desk_plans(
        self, *, day: dt.date | None = None, unprinted: bool = False, patient_id: int | None = None
    ) -> list[DeskPlan]:
        """Finalized plans for the front desk: finalized on `day` or, in the last DESK_UNPRINTED_DAYS, never
        printed; or all of one patient."""
        since = (day or self.clinic.today()) - dt.timedelta(days=DESK_UNPRINTED_DAYS)
        return plans.desk_plans(day=day, unprinted=unprinted, patient_id=patient_id, unprinted_since=since)

    @needs(Permission.PRINT_FINALIZED)
    def record_print(self, plan_id: int, kind: str = "plan", detail: str = "", copies: int = 1) -> ChangeSet:
        stored = plans.get_plan(plan_id)
        with transaction():
            plans.record_print(plan_id, kind, detail, copies)
            _audit_printed(self.clinic, stored, plan_id, kind)
        return ChangeSet(consults_of=frozenset({stored.patient_id})) if stored else ChangeSet()


@guard_methods("handout_titles")
class PrintManager:
    """The PDFs: the patient's plan, the clinician summary, handouts (services/printing.py does the work)."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic

    @needs(NO_CHECK)
    def plan_pdf(self, consult_id: int, *, plan_id: int | None = None) -> bytes:
        """The patient's copy of the consult's plan (a version, or the latest) as PDF bytes: a finalized plan
        for anyone who prints them (the front desk too), a draft for a clinician only."""
        from fbss_desktop.services import printing

        stored = plans.get_plan(plan_id) if plan_id is not None else plans.plan_for_consult(consult_id)
        finalized = stored is not None and stored.status is PlanStatus.FINALIZED
        self.clinic.require(Permission.PRINT_FINALIZED if finalized else Permission.CLINICAL)

        return printing.render_plan_pdf(self.clinic, consult_id, plan_id=plan_id)

    @needs(Permission.CLINICAL)
    def summary_pdf(self, consult_id: int, *, plan_id: int | None = None) -> bytes:
        """The clinician summary of the consult and its plan as PDF bytes."""
        from fbss_desktop.services import printing

        return printing.render_summary_pdf(self.clinic, consult_id, plan_id=plan_id)

    @needs(Permission.CLINICAL)
    def signed_version_pdf(self, consult_id: int, version: int) -> bytes:
        """The clinician summary of an earlier signed version of a consult, as an amendment found it."""
        from fbss_desktop.services import printing

        return printing.render_signed_version_pdf(self.clinic, consult_id, version)

    @needs(Permission.PRINT_FINALIZED)
    def handouts_pdf(self, codes: Sequence[str]) -> bytes:
        """Handouts by code, for no one patient."""
        from fbss_desktop.services import printing

        return printing.render_handouts_pdf(self.clinic, codes)

    @needs(Permission.PRINT_FINALIZED)
    def plan_handouts_pdf(self, desk_plan: DeskPlan) -> bytes:
        """A finalized plan's own frozen handouts and warning-signs page."""
        from fbss_desktop.services import printing

        return printing.render_plan_handouts_pdf(self.clinic, desk_plan)

    @needs(NO_CHECK)
    def pdf_saved(self, plan_id: int, kind: str) -> None:
        """A plan, its summary or its handouts saved as a PDF file: in the audit trail like a print (it is not
        marked printed: a file is not yet a paper in the patient's hands)."""
        _audit_printed(self.clinic, plans.get_plan(plan_id), plan_id, f"{kind} saved as PDF")

    @staticmethod
    def handout_titles() -> list[tuple[str, str]]:
        """(code, title) of every handout, by title: what the front desk can print alone."""
        library = catalogues.handouts()
        return sorted(((code, h.title) for code, h in library.handouts.items()), key=lambda pair: pair[1])


def _audit_printed(clinic: Clinic, stored: StoredPlan | None, plan_id: int, detail: str) -> None:
    """A print of a plan (or its PDF saved) in the audit trail, under the plan's patient."""
    clinic.audit.record(
        clinic.actor,
        AuditAction.PRINTED,
        patient_id=stored.patient_id if stored else None,
        object_kind="plan",
        object_id=plan_id,
        detail=detail,
    )
