"""Follow-through timing, in a fresh process: python benchmarks/follow_through.py [PATIENTS]

A demo clinic (200 patients by default: their earlier plans' procedures recorded, answered and with trial
diaries) on an SQLite file. Measured, each over every patient with procedure records (p50 and p95, ms):
- opening the Procedures tab (the records and the plan's procedures still to record),
- a consult's rules basis with the records read as earlier procedures, and one evaluation of its latest consult,
- saving a procedure record, and recording the relief at follow-up,
- the procedure note PDF, the blank trial diary, the instruction sheet and a consult letter.
Prints "key value" lines.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fbss_desktop.services.clinic import Clinic  # noqa: E402


def _timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2)


def _measure(clinic: Clinic, patient_id: int, timings: dict[str, list[float]], diary: list[float]) -> int:
    """One patient's figures, if they have procedure records; returns how many they have."""
    listed = clinic.procedures.for_patient(patient_id)
    if not listed:
        return 0
    timings["tab"].append(
        _timed(lambda: (clinic.procedures.for_patient(patient_id), clinic.procedures.plan_items(patient_id)))
    )
    record = clinic.patients.open(patient_id)
    latest = max(record.consults, key=lambda s: (s.consult_date, s.id))
    draft = clinic.consults.open(latest.id, with_basis=False)
    start = time.perf_counter()
    basis = clinic.consults.rules_basis(record.patient, record.surgeries, latest.id)
    timings["basis"].append((time.perf_counter() - start) * 1000)
    timings["evaluate"].append(_timed(lambda: clinic.consults.evaluate_document(basis, draft.document)))
    form = {"kind": "ESI", "performed_on": latest.consult_date.isoformat(), "region": "lumbar", "levels": ["L4-L5"]}
    start = time.perf_counter()
    new, _ = clinic.procedures.save(patient_id, form)
    timings["save"].append((time.perf_counter() - start) * 1000)
    timings["relief"].append(
        _timed(lambda: clinic.procedures.record_response(new.id, new.row_version, {"relief_percent": 60}))
    )
    timings["note"].append(_timed(lambda: clinic.procedures.note_pdf(listed[0].id)))
    trial = next((p for p in listed if p.kind == "SCS_TRIAL"), None)
    if trial is not None:
        diary.append(_timed(lambda: clinic.procedures.diary_pdf(trial.id, 7)))
    return len(listed)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as work:
        clinic = Clinic.open(f"sqlite:///{Path(work) / 'bench.sqlite3'}", backup_dir=None, audit_key_dir=Path(work))
        clinic.demo.load(count)
        timings: dict[str, list[float]] = {k: [] for k in ("tab", "basis", "evaluate", "save", "relief", "note")}
        diary: list[float] = []
        records = 0
        for row in clinic.patients.search("", limit=count).page.rows:
            records += _measure(clinic, row.id, timings, diary)
        print(f"follow_patients_with_records {len(timings['tab'])}")
        print(f"follow_records {records}")
        for key, values in timings.items():
            print(f"follow_{key}_p50_ms {_p(values, 0.5)}")
            print(f"follow_{key}_p95_ms {_p(values, 0.95)}")
        if diary:
            print(f"follow_diary_pdf_p50_ms {statistics.median(diary):.2f}")
        clinic.close()


if __name__ == "__main__":
    main()
