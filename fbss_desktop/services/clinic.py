"""The clinic facade (after Anki's Collection): every use case the GUI and CLI need, with no Qt.

Each method does its own database work; the GUI calls them on its single database worker thread.
Mutations return a ChangeSet so screens refresh only what concerns them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.clinicians import Clinician, ClinicianInput
from fbss_desktop.core.consult_document import ConsultContext
from fbss_desktop.core.consult_reading import ConsultReading
from fbss_desktop.core.consult_record import ConsultRecord
from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.errors import ConflictError, ValidationError
from fbss_desktop.core.outcomes import Trend, outcome_trend
from fbss_desktop.core.patients import Patient, PatientInput, parse_patient
from fbss_desktop.core.plan_document import empty_plan
from fbss_desktop.core.plans import DeskPlan, PlanVersion, StoredPlan
from fbss_desktop.core.search import PatientQuery, parse_query
from fbss_desktop.core.settings import spec
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue, SurgeryInput, parse_surgery
from fbss_desktop.services import (
    casefile,
    catalogues,
    clinic_setup,
    consult_saving,
    consulting,
    plan_history,
    planning,
    recovery,
)
from fbss_desktop.services.consulting import ConsultDraft
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.planning import Evaluation, RulesBasis
from fbss_desktop.storage import clinicians, consults, patients, plans, surgeries
from fbss_desktop.storage import settings as settings_store
from fbss_desktop.storage.casefile import consult_documents
from fbss_desktop.storage.db import BUSY_TIMEOUT_S, Database, open_database, reset_connection
from fbss_desktop.storage.errors import translate
from fbss_desktop.storage.migrations import MigrationReport, migrate
from fbss_desktop.storage.patients import SearchCursor, SearchPage


@dataclass(frozen=True)
class PatientRecord:
    """Everything the patient panel shows, loaded in one call."""

    patient: Patient
    surgeries: list[Surgery]
    consults: list[ConsultSummary]
    trend: Trend
    plans: list[PlanVersion] = field(default_factory=list)


@dataclass(frozen=True)
class SettingsSnapshot:
    """The clinic settings as a dialog read them, with each one's version (0: never saved)."""

    values: dict[str, Any]
    versions: dict[str, int]


@dataclass(frozen=True)
class SearchResult:
    query: PatientQuery
    page: SearchPage


@guard_methods("close", "today", "evaluate")
class Clinic:
    """One open clinic database. Every method that reaches the database raises a DomainError for a fault the
    user can act on (a StorageError for the database or disk) and reconnects a lost server first."""

    def __init__(
        self, database: Database, *, today: Callable[[], dt.date] = dt.date.today, database_key: str = ""
    ) -> None:
        self.database = database
        self._today = today
        self.migration: MigrationReport | None = None
        self.database_key = database_key

    @classmethod
    def open(
        cls,
        url: str,
        *,
        backup_dir: Path | None,
        today: Callable[[], dt.date] = dt.date.today,
        busy_timeout: float = BUSY_TIMEOUT_S,
    ) -> Clinic:
        """Open the database at `url` and bring its schema up to date (copying an SQLite file first).

        `busy_timeout`: how long an SQLite write waits for another process's write lock before it reports
        the database busy."""
        database = open_database(url, busy_timeout=busy_timeout)
        try:
            report = migrate(database, backup_dir=backup_dir)
        except Exception as exc:
            reset_connection(database)
            failure = translate(exc)
            if failure is None or failure is exc:
                raise
            raise failure from exc
        clinic = cls(database, today=today, database_key=recovery.database_key(url))
        clinic.migration = report
        return clinic

    def close(self) -> None:
        self.database.close()

    def today(self) -> dt.date:
        return self._today()

    # --- settings -----------------------------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        return settings_store.load_settings()

    def save_setting(self, key: str, value: Any) -> ChangeSet:
        """Write one setting regardless of who changed it last (demo data, tools, tests)."""
        settings_store.save_setting(key, value)
        return ChangeSet(settings=True)

    def settings_snapshot(self) -> SettingsSnapshot:
        """The settings with the version of each, for a dialog that saves them later (`save_settings`)."""
        values, versions = settings_store.load_versioned()
        return SettingsSnapshot(values, versions)

    def save_settings(self, changes: Mapping[str, Any], snapshot: SettingsSnapshot) -> ChangeSet:
        """Save the changed settings in one transaction; raises ValidationError (by key) for a bad value, or
        ConflictError if another workstation changed one of them since `snapshot` was read."""
        errors = {}
        for key, value in changes.items():
            try:
                spec(key).check(value)
            except (KeyError, ValueError) as exc:
                errors[key] = str(exc)
        if errors:
            raise ValidationError(errors)
        settings_store.save_settings(changes, snapshot.versions)
        return ChangeSet(settings=True)

    # --- the clinic's set-up and its clinicians -------------------------------------------------------
    def needs_setup(self) -> bool:
        """True until the clinic has a name and an active clinician (a fresh database)."""
        return not self.settings()["clinic.name"].strip() or clinicians.count_clinicians() == 0

    def set_up_clinic(
        self, changes: Mapping[str, Any], snapshot: SettingsSnapshot, clinician: ClinicianInput | None
    ) -> ChangeSet:
        """The first-day set-up in one transaction: the clinic's letterhead settings and its first clinician
        (None when one exists already). Raises ValidationError keyed by setting key or `clinician.<field>`."""
        return clinic_setup.set_up_clinic(self, changes, snapshot, clinician)

    def save_clinician(self, form: ClinicianInput) -> tuple[Clinician, ChangeSet]:
        """Add or change a clinician (deactivate with `active=False`: they stay on their records)."""
        return clinic_setup.save_clinician(form)

    def slash_order(self) -> SlashOrder:
        return SlashOrder(self.settings()["dates.slash_order"])

    @property
    def surgery_catalogue(self) -> SurgeryCatalogue:
        return catalogues.surgery_catalogue()

    # --- patients -----------------------------------------------------------------------------------
    def is_empty(self) -> bool:
        return patients.count_patients() == 0

    def patient_count(self) -> int:
        return patients.count_patients()

    def search_patients(
        self,
        text: str,
        cursor: SearchCursor | None = None,
        limit: int = 100,
        *,
        slash_order: SlashOrder | None = None,
    ) -> SearchResult:
        query = parse_query(text, slash_order or self.slash_order())
        return SearchResult(query, patients.search_patients(query, cursor, limit))

    def count_matches(self, text: str, cap: int = 1000, *, slash_order: SlashOrder | None = None) -> int:
        return patients.count_matches(parse_query(text, slash_order or self.slash_order()), cap)

    def get_patient(self, patient_id: int) -> Patient:
        return patients.get_patient(patient_id)

    def open_patient(self, patient_id: int) -> PatientRecord:
        patient_consults = consults.list_consults(patient_id)
        return PatientRecord(
            patient=patients.get_patient(patient_id),
            surgeries=surgeries.list_surgeries(patient_id),
            consults=patient_consults,
            trend=self.outcome_trend(patient_consults),
            plans=self.plan_versions(patient_id),
        )

    def outcome_trend(self, summaries: Sequence[ConsultSummary]) -> Trend:
        settings = self.settings()
        return outcome_trend(summaries, mcid_nrs=settings["outcomes.mcid_nrs"], mcid_odi=settings["outcomes.mcid_odi"])

    def save_patient(self, form: PatientInput) -> tuple[Patient, ChangeSet]:
        """Validate and save; raises ValidationError (per field) or ConflictError, saving nothing."""
        patient = parse_patient(form, today=self.today(), slash_order=self.slash_order())
        saved = patients.save_patient(patient)
        assert saved.id is not None
        return saved, ChangeSet(patients=frozenset({saved.id}), patient_list=True)

    # --- surgeries ----------------------------------------------------------------------------------
    def save_surgery(self, form: SurgeryInput) -> tuple[Surgery, ChangeSet]:
        patient = patients.get_patient(form.patient_id)
        surgery = parse_surgery(
            form,
            catalogue=self.surgery_catalogue,
            date_of_birth=patient.date_of_birth,
            today=self.today(),
            slash_order=self.slash_order(),
        )
        saved = surgeries.save_surgery(surgery)
        return saved, ChangeSet(surgeries_of=frozenset({saved.patient_id}))

    def remove_surgery(self, surgery_id: int, row_version: int) -> ChangeSet:
        citing = consults.consults_citing_surgery(surgery_id)
        if citing:
            raise ConflictError(
                f"This surgery is the index surgery of {citing} consult{'s' if citing > 1 else ''}; "
                "link those consults to another surgery before removing it."
            )
        patient_id = surgeries.remove_surgery(surgery_id, row_version)
        return ChangeSet(surgeries_of=frozenset({patient_id}))

    # --- consults -----------------------------------------------------------------------------------
    def consult_context(
        self, patient: Patient, patient_surgeries: Sequence[Surgery], settings: Mapping[str, Any] | None = None
    ) -> ConsultContext:
        settings = settings or self.settings()
        return consulting.context_for(
            patient,
            patient_surgeries,
            today=self.today(),
            slash_order=SlashOrder(settings["dates.slash_order"]),
            mme_table=settings["medications.mme_table"],
        )

    def rules_basis(
        self,
        patient: Patient,
        history: Sequence[Surgery],
        consult_id: int | None,
        settings: Mapping[str, Any] | None = None,
    ) -> RulesBasis:
        """The patient's other consults and plans, which the decision support reads besides this consult."""
        assert patient.id is not None
        settings = settings or self.settings()
        context = self.consult_context(patient, history, settings)
        latest_plans = {p.consult_id: p for _day, p in plans.plans_of_patient(patient.id) if p.consult_id}
        stored = [(s.id, s.document) for s, _who in consult_documents(patient.id)]
        others = planning.other_consults(
            stored, latest_plans, patient_id=patient.id, context=context, exclude=consult_id
        )
        return RulesBasis(patient, tuple(history), context, dict(settings), others, consult_id)

    def new_consult(self, patient_id: int, *, carry_forward: bool = True) -> ConsultDraft:
        """A new consult's document: today's date, the latest surgery as index, and (if asked) the last history."""
        patient = patients.get_patient(patient_id)
        history = tuple(surgeries.list_surgeries(patient_id))
        previous = consults.latest_consult(patient_id) if carry_forward else None
        document = consulting.new_document(
            today=self.today(), surgeries=history, previous=previous, carry_forward=carry_forward
        )
        document["plan"] = empty_plan(catalogues.treatment_catalogue())
        carried = dt.date.fromisoformat(previous.document["consult_date"]) if previous and carry_forward else None
        basis = self.rules_basis(patient, history, None)
        return ConsultDraft(patient, history, document, carried_from_date=carried, basis=basis)

    def open_consult(self, consult_id: int, *, with_basis: bool = True) -> ConsultDraft:
        """The consult for the editor; `with_basis=False` skips the patient's history the rules read."""
        stored = consults.get_consult(consult_id)
        patient = patients.get_patient(stored.patient_id)
        history = tuple(surgeries.list_surgeries(stored.patient_id))
        return self._draft(patient, history, stored, with_basis=with_basis)

    def _draft(
        self,
        patient: Patient,
        history: tuple[Surgery, ...],
        stored: Any,
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

    def read_consult(
        self, basis: RulesBasis, document: Mapping[str, Any], *, finalizing: bool = False
    ) -> ConsultReading:
        """An editor's document read once into typed records, problems returned (pure: safe on the UI thread)."""
        return planning.read(basis, document, finalizing=finalizing)

    def evaluate(self, basis: RulesBasis, reading: ConsultReading) -> Evaluation:
        """Decision support on a consult as it reads now (pure: no database, safe on the UI thread)."""
        return planning.evaluate(basis, reading)

    def evaluate_document(self, basis: RulesBasis, document: Mapping[str, Any]) -> Evaluation:
        """Decision support on a consult document (with its plan) not yet read: a stored or imported one."""
        return planning.evaluate(basis, planning.read(basis, document))

    def check_consult(self, patient_id: int, document: Mapping[str, Any]) -> ConsultRecord:
        """Validate without saving (raises ValidationError keyed by document path)."""
        patient = patients.get_patient(patient_id)
        context = self.consult_context(patient, surgeries.list_surgeries(patient_id))
        return consulting.parse_and_dump(document, patient_id=patient_id, context=context)[0]

    def save_consult(
        self,
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
        return consult_saving.save_consult(
            self,
            patient_id,
            document,
            consult_id=consult_id,
            row_version=row_version,
            plan_id=plan_id,
            plan_row_version=plan_row_version,
            finalize_by=finalize_by,
        )

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
    ) -> tuple[ConsultDraft, ChangeSet]:
        """Save a consult and its plan as the editor read them (`read_consult`), without reading them again."""
        return consult_saving.save_reading(
            self,
            patient_id,
            reading,
            consult_id=consult_id,
            row_version=row_version,
            plan_id=plan_id,
            plan_row_version=plan_row_version,
            finalize_by=finalize_by,
        )

    # --- plan versions and printing -------------------------------------------------------------------
    def stored_plan(self, plan_id: int) -> StoredPlan | None:
        return plans.get_plan(plan_id)

    def revise_plan(self, consult_id: int, plan_id: int, row_version: int) -> tuple[ConsultDraft, ChangeSet]:
        """Start a new version of a finalized plan (a draft copy); the finalized version stays as it was."""
        stored = plans.get_plan(plan_id)
        if stored is None or stored.consult_id != consult_id:
            raise ConflictError("This plan no longer exists; open the consult again.")
        if stored.status.value != "finalized":
            raise ConflictError("Only a finalized plan is revised; a draft can be changed as it is.")
        plans.new_version(plan_id, row_version)
        draft = self.open_consult(consult_id)
        return draft, ChangeSet(consults_of=frozenset({draft.patient.id or 0}))

    def plan_versions(self, patient_id: int) -> list[PlanVersion]:
        """Every version of the patient's plans, newest first, each with what changed since the one before."""
        return plan_history.plan_versions(patient_id)

    def desk_plans(
        self, *, day: dt.date | None = None, unprinted: bool = False, patient_id: int | None = None
    ) -> list[DeskPlan]:
        """Finalized plans for the front desk: finalized on `day` or never printed, or all of one patient."""
        return plans.desk_plans(day=day, unprinted=unprinted, patient_id=patient_id)

    def render_plan_pdf(self, consult_id: int, *, plan_id: int | None = None) -> bytes:
        """The patient's copy of the consult's plan (a version, or the latest) as PDF bytes."""
        from fbss_desktop.services import printing

        return printing.render_plan_pdf(self, consult_id, plan_id=plan_id)

    def render_summary_pdf(self, consult_id: int, *, plan_id: int | None = None) -> bytes:
        """The clinician summary of the consult and its plan as PDF bytes."""
        from fbss_desktop.services import printing

        return printing.render_summary_pdf(self, consult_id, plan_id=plan_id)

    def render_handouts_pdf(self, codes: Sequence[str]) -> bytes:
        """Handouts by code, for no one patient."""
        from fbss_desktop.services import printing

        return printing.render_handouts_pdf(self, codes)

    def render_plan_handouts_pdf(self, desk_plan: DeskPlan) -> bytes:
        """A finalized plan's own frozen handouts and warning-signs page."""
        from fbss_desktop.services import printing

        return printing.render_plan_handouts_pdf(self, desk_plan)

    @staticmethod
    def handout_titles() -> list[tuple[str, str]]:
        """(code, title) of every handout, by title: what the front desk can print alone."""
        library = catalogues.handouts()
        return sorted(((code, h.title) for code, h in library.handouts.items()), key=lambda pair: pair[1])

    def record_print(self, plan_id: int, kind: str = "plan", detail: str = "", copies: int = 1) -> ChangeSet:
        plans.record_print(plan_id, kind, detail, copies)
        stored = plans.get_plan(plan_id)
        return ChangeSet(consults_of=frozenset({stored.patient_id})) if stored else ChangeSet()

    # --- case files ----------------------------------------------------------------------------------
    def export_case(self, mrn: str) -> dict[str, Any]:
        """The patient's case file as a JSON-ready dict (see docs/case-format.md)."""
        return casefile.export_case(self, mrn)

    @staticmethod
    def read_case_file(path: Path) -> dict[str, Any]:
        """A case file read safely from disk (size, depth, numbers), before its import; raises CaseFileError."""
        return casefile.read_case_file(path)

    def import_case(self, data: Mapping[str, Any], *, name: str = "case file") -> tuple[Patient, ChangeSet]:
        """Validate a whole case file and add it in one transaction; raises CaseFileError, writing nothing."""
        patient = casefile.import_case(self, data, name=name)
        return patient, ChangeSet(patient_list=True, patients=frozenset({patient.id or 0}))

    # --- clinicians and demo data ---------------------------------------------------------------------
    def clinicians(self, *, active_only: bool = True) -> list[Clinician]:
        return clinicians.list_clinicians(active_only)

    def load_demo(self, count: int, *, seed: int = 2026) -> ChangeSet:
        """Add `count` fictional patients (and the demo clinicians if missing); see services/demo_loading."""
        from fbss_desktop.services.demo_loading import load_demo

        return load_demo(self, count, seed=seed)
