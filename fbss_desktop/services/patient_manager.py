"""Patients and their surgeries: `clinic.patients`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fbss_desktop.core.audit import AuditAction
from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.consults import ConsultSummary
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.errors import ConflictError
from fbss_desktop.core.outcomes import Trend, outcome_trend
from fbss_desktop.core.patients import Patient, PatientInput, parse_patient
from fbss_desktop.core.plans import PlanVersion
from fbss_desktop.core.search import PatientQuery, parse_query
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue, SurgeryInput, parse_surgery
from fbss_desktop.core.timeline import Marker
from fbss_desktop.core.users import Permission
from fbss_desktop.services import catalogues, plan_history, timeline
from fbss_desktop.services.guard import guard_methods
from fbss_desktop.services.permissions import needs
from fbss_desktop.storage import consults, patients, surgeries
from fbss_desktop.storage.db import transaction
from fbss_desktop.storage.patients import SearchCursor, SearchPage

if TYPE_CHECKING:
    from fbss_desktop.services.clinic import Clinic


@dataclass(frozen=True)
class PatientRecord:
    """Everything the patient panel shows, loaded in one call."""

    patient: Patient
    surgeries: list[Surgery]
    consults: list[ConsultSummary]
    trend: Trend
    plans: list[PlanVersion] = field(default_factory=list)


@dataclass(frozen=True)
class SearchResult:
    query: PatientQuery
    page: SearchPage


@guard_methods("surgery_catalogue")
class PatientManager:
    """Finding, opening and saving patients, and their surgeries."""

    def __init__(self, clinic: Clinic) -> None:
        self.clinic = clinic
        self._chart: tuple[str, int] | None = None  # the chart last opened, and by whom

    @staticmethod
    def surgery_catalogue() -> SurgeryCatalogue:
        return catalogues.surgery_catalogue()

    @needs(Permission.FIND_PATIENTS)
    def is_empty(self) -> bool:
        return patients.count_patients() == 0

    @needs(Permission.FIND_PATIENTS)
    def count(self) -> int:
        return patients.count_patients()

    @needs(Permission.FIND_PATIENTS)
    def search(
        self, text: str, cursor: SearchCursor | None = None, limit: int = 100, *, slash_order: SlashOrder | None = None
    ) -> SearchResult:
        query = parse_query(text, slash_order or self.clinic.settings.slash_order())
        return SearchResult(query, patients.search_patients(query, cursor, limit))

    @needs(Permission.FIND_PATIENTS)
    def count_matches(self, text: str, cap: int = 1000, *, slash_order: SlashOrder | None = None) -> int:
        return patients.count_matches(parse_query(text, slash_order or self.clinic.settings.slash_order()), cap)

    @needs(Permission.FIND_PATIENTS)
    def get(self, patient_id: int) -> Patient:
        return patients.get_patient(patient_id)

    @needs(Permission.CLINICAL)
    def open(self, patient_id: int) -> PatientRecord:
        """The patient's chart (an audited view). The same chart read again for the same user (after a dialog
        over it, a save) is not opened again: the trail says who looked at whom, not how often the screen
        refreshed."""
        patient_consults = consults.list_consults(patient_id)
        actor = self.clinic.actor
        who = (actor.user.username, patient_id) if actor is not None else ("", patient_id)
        if who != self._chart:
            self.clinic.audit.record(actor, AuditAction.CHART_OPENED, patient_id=patient_id)
            self._chart = who
        patient = patients.get_patient(patient_id)
        patient_surgeries = surgeries.list_surgeries(patient_id)
        # the procedures and medicine changes on the trend, worked out in core (the chart only draws them)
        markers = timeline.patient_markers(self.clinic, patient, patient_surgeries) if patient_consults else ()
        return PatientRecord(
            patient=patient,
            surgeries=patient_surgeries,
            consults=patient_consults,
            trend=self.outcome_trend(patient_consults, markers),
            plans=plan_history.plan_versions(patient_id),
        )

    @needs(Permission.CLINICAL)
    def outcome_trend(self, summaries: Sequence[ConsultSummary], markers: Iterable[Marker] = ()) -> Trend:
        settings = self.clinic.settings.values()
        return outcome_trend(
            summaries,
            mcid_nrs=settings["outcomes.mcid_nrs"],
            mcid_odi=settings["outcomes.mcid_odi"],
            markers=markers,
        )

    @needs(Permission.EDIT_DEMOGRAPHICS)
    def save(self, form: PatientInput) -> tuple[Patient, ChangeSet]:
        """Validate and save; raises ValidationError (per field) or ConflictError, saving nothing."""
        patient = parse_patient(form, today=self.clinic.today(), slash_order=self.clinic.settings.slash_order())
        with transaction():
            saved = patients.save_patient(patient)
            assert saved.id is not None
            self.clinic.audit.record(self.clinic.actor, AuditAction.PATIENT_SAVED, patient_id=saved.id)
        return saved, ChangeSet(patients=frozenset({saved.id}), patient_list=True)

    @needs(Permission.CLINICAL)
    def save_surgery(self, form: SurgeryInput) -> tuple[Surgery, ChangeSet]:
        patient = patients.get_patient(form.patient_id)
        surgery = parse_surgery(
            form,
            catalogue=self.surgery_catalogue(),
            date_of_birth=patient.date_of_birth,
            today=self.clinic.today(),
            slash_order=self.clinic.settings.slash_order(),
        )
        saved = surgeries.save_surgery(surgery)
        return saved, ChangeSet(surgeries_of=frozenset({saved.patient_id}))

    @needs(Permission.CLINICAL)
    def remove_surgery(self, surgery_id: int, row_version: int) -> ChangeSet:
        citing = consults.consults_citing_surgery(surgery_id)
        if citing:
            raise ConflictError(
                f"This surgery is the index surgery of {citing} consult{'s' if citing > 1 else ''}; "
                "link those consults to another surgery before removing it."
            )
        patient_id = surgeries.remove_surgery(surgery_id, row_version)
        return ChangeSet(surgeries_of=frozenset({patient_id}))
