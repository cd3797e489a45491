"""Workstations saving into one SQLite file at once: none is told "database is locked", none loses a save.

Each save reads (the patient, the consult's row version) before it writes. In a deferred transaction that
read takes a snapshot; when another process commits first, the upgrade to a write fails at once with
"database is locked" and the busy timeout never serves. open_database begins write transactions IMMEDIATE,
so they wait for the lock instead. With peewee's default (deferred) transactions this test sees dozens of
busy failures in its few seconds.
"""

from __future__ import annotations

from benchmarks.writers import prepare, run_writers, verify

WRITERS = 3
SECONDS = 2.5  # the saving itself; starting three processes adds about a second
MAX_SAVES = 400  # per writer: a fast machine stops here instead


def test_three_processes_saving_consults_at_once_all_commit(sqlite_url):
    patient_ids = prepare(sqlite_url, WRITERS)

    reports = run_writers(sqlite_url, patient_ids, seconds=SECONDS, max_saves=MAX_SAVES)

    assert [(r.busy, r.failures) for r in reports] == [(0, [])] * WRITERS
    assert all(r.inserted > 0 and r.updated > 0 for r in reports), "every writer both created and edited"
    assert verify(sqlite_url, reports) == []
