"""Several processes saving consults into one SQLite file at once: the writer `make bench` and the tests share.

Each writer is a process of its own with its own connection, as each workstation sharing a clinic's file is.
It saves consults of its own demo patient through the Clinic facade: a new consult, then edits of it (an
autosave), then a new one, so every transaction reads (the patient, the index surgery, the row version)
before it writes. A save counts as done only when `save_consult` returned; `verify` then counts the rows.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from dataclasses import dataclass, field
from typing import Any

from fbss_desktop.core.errors import DatabaseBusyError, DomainError
from fbss_desktop.services.clinic import Clinic

EDITS_PER_CONSULT = 3
START_TIMEOUT_S = 120.0  # ten processes importing the app on two busy cores take a few seconds


@dataclass
class WriterReport:
    """What one writer did. `row_versions` holds, for each consult it created, the version its last save
    returned; `busy` counts the saves refused with DatabaseBusyError ("database is locked")."""

    patient_id: int
    consults_before: int = 0
    inserted: int = 0
    updated: int = 0
    busy: int = 0
    failures: list[str] = field(default_factory=list)
    row_versions: dict[int, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)  # of the saves that returned

    @property
    def saved(self) -> int:
        return self.inserted + self.updated


class ConsultSaver:
    """Saves consults of one patient again and again: a copy of its latest consult as a new draft, then
    EDITS_PER_CONSULT edits of that draft, then another new one. A failed save changes nothing here."""

    def __init__(self, clinic: Clinic, patient_id: int) -> None:
        self.clinic = clinic
        self.patient_id = patient_id
        latest = clinic.patients.open(patient_id).consults[0]
        self.template = dict(clinic.consults.open(latest.id, with_basis=False).document, status="draft")
        self.current: Any = None  # the ConsultDraft the last save returned
        self.edits = 0
        self.saves = 0

    def save(self) -> bool:
        """One save; True if it created a consult, False if it edited one. Raises what save_consult raises."""
        self.saves += 1
        if self.current is None or self.edits >= EDITS_PER_CONSULT:
            self.current, _ = self.clinic.consults.save(self.patient_id, self.template)
            self.edits = 0
            return True
        draft = self.current
        document = dict(draft.document, reason=f"Edit {self.saves}")
        self.current, _ = self.clinic.consults.save(
            self.patient_id,
            document,
            consult_id=draft.consult_id,
            row_version=draft.row_version,
            plan_id=draft.plan_id,
            plan_row_version=draft.plan_row_version,
        )
        self.edits += 1
        return False


def prepare(url: str, writers: int) -> list[int]:
    """A database at `url` with one demo patient (and consults to copy) for each writer; their ids."""
    clinic = Clinic.open(url, backup_dir=None)
    try:
        clinic.demo.load(writers)
        ids = sorted(p.id for p in clinic.patients.search("", limit=writers).page.rows if p.id is not None)
    finally:
        clinic.close()
    assert len(ids) == writers, "load_demo into an empty database gives exactly the patients asked for"
    return ids


def write_consults(url: str, patient_id: int, seconds: float, max_saves: int, start: Any) -> WriterReport:
    """Save for `seconds` after every writer is ready (the `start` barrier), or until `max_saves`."""
    clinic = Clinic.open(url, backup_dir=None)
    try:
        saver = ConsultSaver(clinic, patient_id)
        report = WriterReport(patient_id, consults_before=len(clinic.patients.open(patient_id).consults))
        start.wait(timeout=START_TIMEOUT_S)
        deadline = time.monotonic() + seconds
        while report.saved + report.busy + len(report.failures) < max_saves and time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                created = saver.save()
            except DatabaseBusyError:
                report.busy += 1
                continue
            except DomainError as exc:  # a conflict or another storage fault: a failure all the same
                report.failures.append(f"{type(exc).__name__}: {exc}")
                continue
            report.latencies_ms.append((time.perf_counter() - started) * 1000)
            if created:
                report.inserted += 1
            else:
                report.updated += 1
            report.row_versions[saver.current.consult_id] = saver.current.row_version
    finally:
        clinic.close()
    return report


def _writer_process(
    url: str, patient_id: int, seconds: float, max_saves: int, start: Any, results: multiprocessing.Queue[Any]
) -> None:
    results.put(write_consults(url, patient_id, seconds, max_saves, start))


def run_writers(url: str, patient_ids: list[int], *, seconds: float, max_saves: int) -> list[WriterReport]:
    """One process per patient (spawned: nothing inherited but the arguments), all starting together."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(len(patient_ids) + 1)
    results: multiprocessing.Queue[Any] = context.Queue()
    processes = [
        context.Process(target=_writer_process, args=(url, pid, seconds, max_saves, start, results), daemon=True)
        for pid in patient_ids
    ]
    for process in processes:
        process.start()
    reports: list[WriterReport] = []
    try:
        start.wait(timeout=START_TIMEOUT_S)
        while len(reports) < len(processes):  # read before joining: a child exits only once its report is sent
            try:
                reports.append(results.get(timeout=1.0))
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    codes = [p.exitcode for p in processes]
                    raise RuntimeError(f"a writer failed (exit codes {codes}); its traceback is above") from None
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    return sorted(reports, key=lambda r: r.patient_id)


def verify(url: str, reports: list[WriterReport]) -> list[str]:
    """What the database does not hold of what the writers reported saved (or holds beyond it); [] if all."""
    problems = []
    clinic = Clinic.open(url, backup_dir=None)
    try:
        for report in reports:
            stored = {c.id for c in clinic.patients.open(report.patient_id).consults}
            if len(stored) != report.consults_before + report.inserted:
                problems.append(
                    f"patient {report.patient_id}: {len(stored)} consults, expected "
                    f"{report.consults_before} + {report.inserted} saved"
                )
            edits = 0
            for consult_id, version in report.row_versions.items():
                found = clinic.consults.open(consult_id, with_basis=False).row_version if consult_id in stored else 0
                if found != version:
                    problems.append(f"consult {consult_id}: row version {found}, expected {version}")
                edits += found - 1
            if edits != report.updated:
                problems.append(f"patient {report.patient_id}: {edits} edits stored, {report.updated} saved")
    finally:
        clinic.close()
    return problems
