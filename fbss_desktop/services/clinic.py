"""The clinic facade (after Anki's Collection): every use case the GUI and CLI need, with no Qt.

Each method does its own database work; the GUI calls them on its single database worker thread.
Mutations return a ChangeSet so screens refresh only what concerns them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fbss_desktop.core.changes import ChangeSet
from fbss_desktop.core.clinicians import Clinician
from fbss_desktop.core.consults import ConsultStatus, ConsultSummary, NewConsult
from fbss_desktop.core.dates import SlashOrder
from fbss_desktop.core.errors import ValidationError
from fbss_desktop.core.patients import Patient, PatientInput, parse_patient
from fbss_desktop.core.search import PatientQuery, parse_query
from fbss_desktop.core.surgeries import Surgery, SurgeryCatalogue, SurgeryInput, parse_surgery
from fbss_desktop.services import catalogues, demo
from fbss_desktop.storage import bulk, clinicians, consults, patients, surgeries
from fbss_desktop.storage import settings as settings_store
from fbss_desktop.storage.db import Database, open_database
from fbss_desktop.storage.migrations import MigrationReport, migrate
from fbss_desktop.storage.patients import SearchCursor, SearchPage


@dataclass(frozen=True)
class PatientRecord:
    """Everything the patient panel shows, loaded in one call."""

    patient: Patient
    surgeries: list[Surgery]
    consults: list[ConsultSummary]


@dataclass(frozen=True)
class SearchResult:
    query: PatientQuery
    page: SearchPage


class Clinic:
    """One open clinic database."""

    def __init__(self, database: Database, *, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.database = database
        self._today = today
        self.migration: MigrationReport | None = None

    @classmethod
    def open(cls, url: str, *, backup_dir: Path | None, today: Callable[[], dt.date] = dt.date.today) -> Clinic:
        """Open the database at `url` and bring its schema up to date (copying an SQLite file first)."""
        database = open_database(url)
        try:
            report = migrate(database, backup_dir=backup_dir)
        except Exception:
            database.close()
            raise
        clinic = cls(database, today=today)
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
        settings_store.save_setting(key, value)
        return ChangeSet(settings=True)

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
        return PatientRecord(
            patient=patients.get_patient(patient_id),
            surgeries=surgeries.list_surgeries(patient_id),
            consults=consults.list_consults(patient_id),
        )

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
        patient_id = surgeries.remove_surgery(surgery_id, row_version)
        return ChangeSet(surgeries_of=frozenset({patient_id}))

    # --- clinicians and demo data ---------------------------------------------------------------------
    def clinicians(self) -> list[Clinician]:
        return clinicians.list_clinicians()

    def load_demo(self, count: int, *, seed: int = 2026) -> ChangeSet:
        """Add `count` fictional patients (and the demo clinicians if missing)."""
        if count < 1:
            raise ValidationError({"count": "Ask for at least one demo patient."})
        people = demo.load_people()
        existing = {c.full_name: c for c in clinicians.list_clinicians(active_only=False)}
        clinician_ids = []
        for entry in people["clinicians"]:
            known = existing.get(entry["full_name"]) or clinicians.add_clinician(Clinician(**entry))
            clinician_ids.append(known.id)
        cases = (
            (
                case.patient,
                case.surgeries,
                [
                    NewConsult(c.consult_date, clinician_ids[c.clinician_index], ConsultStatus.SIGNED, c.reason)
                    for c in case.consults
                ],
            )
            for case in demo.generate(count, seed=seed, today=self.today(), first_number=bulk.next_demo_number())
        )
        bulk.insert_cases(cases)
        if not self.settings()["clinic.name"]:
            self.save_setting("clinic.name", "Riverside Spine & Pain Clinic (demo)")
            self.save_setting("clinic.address", "200 Harbor Way, Suite 4, Springfield")
            self.save_setting("clinic.phone", "(555) 010-2000")
        return ChangeSet(patient_list=True, settings=True)
