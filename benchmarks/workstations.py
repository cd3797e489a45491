"""A clinic's day in `make bench`: simulated workstations against one database, each a process of its own.

Specialists open a patient and a consult and save it every few seconds as they work (a save draft), and now
and then open the clinic's one shared consult, think, and save it, as others do too, so conflicts happen and
must be refused, never lost. Front desks type a name (a search a keystroke), open the day's list and render a plan.
The rest do a bit of each and correct a patient's phone number. Everyone thinks between actions.

Reported: each operation's p50, p95 and p99; the conflicts refused; every other error ("database is locked"
counted on its own); lost updates, where the shared consult's final row version is not its first plus the
saves that succeeded; and, on a server, how long a change took to reach a listener (LISTEN/NOTIFY), from
the moment its row was written to the moment the listening connection had it.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import random
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fbss_desktop.core.errors import ConflictError, DatabaseBusyError, DomainError
from fbss_desktop.core.patients import to_input
from fbss_desktop.services.clinic import Clinic

START_TIMEOUT_S = 300.0
ROLES = ("specialist", "front_desk", "mixed")
# Seconds between actions. A specialist saves the consult every few seconds (far more often than the
# clinicians who press Save draft; the app's autosave goes to a local file); a clerk checks a patient out
# every few seconds and prints one plan in three. Faster than a clinic, so the server is busier than in life.
THINK_S = {"specialist": (2.0, 6.0), "front_desk": (2.0, 5.0), "mixed": (2.0, 6.0)}
PRINT_ONE_IN = 3
DESK_PLANS = 20  # demo patients added first, with today's finalized plans for the front desks to print
SHARED_EVERY = 2  # after one consult in two, a specialist saves the shared one too


@dataclass
class Report:
    role: str
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    conflicts: int = 0
    busy: int = 0
    errors: list[str] = field(default_factory=list)
    shared_saves: int = 0


def roles_for(count: int) -> list[str]:
    """Two in five specialists, three in ten front desks, the rest mixed (at least one of each)."""
    specialists = max(1, round(count * 0.4))
    desks = max(1, round(count * 0.3))
    return (["specialist"] * specialists + ["front_desk"] * desks + ["mixed"] * count)[:count]


class Workstation:
    def __init__(self, clinic: Clinic, role: str, patients: int, shared: int, seed: int) -> None:
        self.clinic = clinic
        self.role = role
        self.patients = patients
        self.shared = shared
        self.rng = random.Random(seed)
        self.report = Report(role)

    def timed(self, name: str, op: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            result = op(*args, **kwargs)
        except ConflictError:
            self.report.conflicts += 1
            return None
        except DatabaseBusyError:
            self.report.busy += 1
            return None
        except DomainError as exc:
            self.report.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            return None
        self.report.latencies[name].append((time.perf_counter() - started) * 1000)
        return result

    def think(self) -> None:
        low, high = THINK_S[self.role]
        time.sleep(self.rng.uniform(low, high))

    def patient_id(self) -> int:
        return self.rng.randint(2, self.patients)

    def open(self, consult_id: int) -> Any:
        return self.timed("open_consult", self.clinic.consults.open, consult_id)

    def save(self, draft: Any) -> Any:
        """Save the open consult as the editor read it: refused (None) when someone saved it since."""
        document = dict(draft.document, reason=f"Reviewed {self.rng.randint(1, 10**6)}")
        saved = self.timed(
            "save_consult",
            self.clinic.consults.save,
            draft.patient.id,
            document,
            consult_id=draft.consult_id,
            row_version=draft.row_version,
            plan_id=draft.plan_id,
            plan_row_version=draft.plan_row_version,
        )
        return saved[0] if saved is not None else None

    def specialist(self) -> None:
        """A consult open for a while, saved a few times as it is worked on; now and then the shared consult
        too, held open while thinking as an editor holds it, so others may save it first."""
        record = self.timed("open_patient", self.clinic.patients.open, self.patient_id())
        if record is None or not record.consults:
            return
        draft = self.open(record.consults[0].id)
        for _turn in range(3):
            if draft is None:
                return
            self.think()
            draft = self.save(draft)
        if self.rng.randrange(SHARED_EVERY) == 0:
            shared = self.open(self.shared)
            if shared is not None:
                self.think()
                if self.save(shared) is not None:
                    self.report.shared_saves += 1

    def front_desk(self) -> None:
        patient = self.clinic.patients.get(self.patient_id())
        for n in range(1, 5):  # typing a name: a search a keystroke
            self.timed("search", self.clinic.patients.search, patient.family_name[:n])
            time.sleep(self.rng.uniform(0.1, 0.3))
        self.think()
        desk = self.timed("desk_list", self.clinic.plans.desk_plans, day=dt.date.today(), unprinted=True)
        self.timed("open_patient", self.clinic.patients.open, patient.id)
        if (
            desk and self.rng.randrange(PRINT_ONE_IN) == 0
        ):  # the clerk prints a finalized plan from the day's list (a draft is the clinician's to print)
            plan = self.rng.choice(desk)
            self.timed("plan_pdf", self.clinic.printing.plan_pdf, plan.consult_id, plan_id=plan.plan_id)

    def mixed(self) -> None:
        if self.rng.random() < 0.5:
            self.front_desk()
            return
        form = to_input(self.clinic.patients.get(self.patient_id()))
        form.phone = f"(555) 010-{self.rng.randint(1000, 9999)}"
        self.timed("save_patient", self.clinic.patients.save, form)

    def run(self, seconds: float) -> Report:
        deadline = time.monotonic() + seconds
        step = {"specialist": self.specialist, "front_desk": self.front_desk, "mixed": self.mixed}[self.role]
        while time.monotonic() < deadline:
            step()
            self.think()
        return self.report


def _process(
    url: str, role: str, patients: int, shared: int, seed: int, seconds: float, keys: str, start: Any, results: Any
) -> None:
    clinic = Clinic.open(url, backup_dir=None, audit_key_dir=Path(keys))
    try:
        station = Workstation(clinic, role, patients, shared, seed)
        start.wait(timeout=START_TIMEOUT_S)
        results.put(station.run(seconds))
    finally:
        clinic.close()


def run(url: str, count: int, *, patients: int, seconds: float, audit_keys: str) -> dict[str, Any]:
    """`count` workstations for `seconds`; the figures (see the module's docstring)."""
    setup = Clinic.open(url, backup_dir=None, audit_key_dir=Path(audit_keys))
    setup.demo.load(DESK_PLANS)  # patients whose plans were finalized today: the front desks print them
    shared = setup.patients.open(1).consults[0].id  # the first patient's consult: everybody's
    start_version = setup.consults.open(shared).row_version
    listener = setup.changes.listen()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(count + 1)
    results: Any = context.Queue()
    processes = [
        context.Process(
            target=_process,
            args=(url, role, patients, shared, 100 + n, seconds, audit_keys, start, results),
            daemon=True,
        )
        for n, role in enumerate(roles_for(count))
    ]
    for process in processes:
        process.start()
    heard: dict[int, float] = {}
    reports: list[Report] = []
    try:
        start.wait(timeout=START_TIMEOUT_S)
        deadline = time.monotonic() + seconds + 60
        while len(reports) < count and time.monotonic() < deadline:
            _listen(listener, heard)
            try:
                reports.append(results.get(timeout=0.02))
            except queue.Empty:
                if not any(p.is_alive() for p in processes) and results.empty():
                    raise RuntimeError("a workstation failed; its traceback is above") from None
    finally:
        for process in processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
        listener.close()
    final_version = setup.consults.open(shared).row_version
    written = _written_at(setup, heard)
    setup.close()
    return _figures(reports, start_version, final_version, heard, written)


def _listen(listener: Any, heard: dict[int, float]) -> None:
    """Note when each change's notification arrived (on a server; an SQLite file has its counter polled)."""
    source = listener._postgres or listener._sqlite
    if source is None:
        return
    for event in source.drain():
        heard.setdefault(event.id, time.time())


def _written_at(clinic: Clinic, heard: dict[int, float]) -> dict[int, float]:
    from fbss_desktop.storage.models import ChangeEvent

    ids = list(heard)
    rows = ChangeEvent.select(ChangeEvent.id, ChangeEvent.at).where(ChangeEvent.id.in_(ids)) if ids else []
    return {row.id: row.at.replace(tzinfo=dt.UTC).timestamp() for row in rows}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def _figures(
    reports: list[Report], start_version: int, final_version: int, heard: dict[int, float], written: dict[int, float]
) -> dict[str, Any]:
    merged: dict[str, list[float]] = defaultdict(list)
    for report in reports:
        for name, values in report.latencies.items():
            merged[name].extend(values)
    figures: dict[str, Any] = {}
    for name, values in sorted(merged.items()):
        figures[f"{name}_count"] = len(values)
        for p in (50, 95, 99):
            figures[f"{name}_p{p}_ms"] = percentile(values, p)
    delays = [(heard[i] - written[i]) * 1000 for i in written]
    figures["notifications"] = len(delays)
    figures["notification_p50_ms"] = statistics.median(delays) if delays else float("nan")
    figures["notification_p95_ms"] = percentile(delays, 95)
    shared_saves = sum(r.shared_saves for r in reports)
    figures["conflicts_refused"] = sum(r.conflicts for r in reports)
    figures["busy"] = sum(r.busy for r in reports)
    figures["unexpected_errors"] = sum(len(r.errors) for r in reports)
    figures["first_errors"] = [e for r in reports for e in r.errors][:5]
    figures["shared_saves"] = shared_saves
    figures["lost_updates"] = abs(start_version + shared_saves - final_version)
    return figures
