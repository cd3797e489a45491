"""The benchmark workloads still run against today's code (their figures come from `make bench`; this only
checks they work, so a change in the app cannot silently break `make bench`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_plan_pdf_workload_runs_and_reports_its_figures():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "pdf_workload.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "plan_pdf_pages" in done.stdout


def test_the_simulated_workstations_run_and_account_for_every_save(tmp_path, monkeypatch):
    """Three workstations on one SQLite file for a few seconds: every shared save is accounted for."""
    from benchmarks import workstations
    from fbss_desktop.services.clinic import Clinic

    monkeypatch.setattr(workstations, "THINK_S", {role: (0.05, 0.1) for role in workstations.ROLES})
    url = f"sqlite:///{tmp_path / 'day.sqlite3'}"
    keys = tmp_path / "audit-keys"
    clinic = Clinic.open(url, backup_dir=None, audit_key_dir=keys)
    clinic.demo.load(6)
    clinic.close()
    figures = workstations.run(url, 3, patients=6, seconds=3, audit_keys=str(keys))
    assert figures["unexpected_errors"] == 0, figures["first_errors"]
    assert figures["lost_updates"] == 0 and figures["busy"] == 0
    assert figures["save_consult_count"] > 0 and figures["search_count"] > 0
    assert figures["notifications"] > 0  # the file's change counter was heard


def test_the_server_load_copies_every_table(tmp_path):
    """The benchmark's SQLite database copied into PostgreSQL holds the same rows and opens as a clinic."""
    import pytest

    from tests.conftest import PG_URL, _reset_postgres

    if not PG_URL:
        pytest.skip("FBSS_TEST_PG_URL not set (make test starts a throwaway server)")
    from benchmarks import server
    from fbss_desktop.services.clinic import Clinic
    from fbss_desktop.storage.verification import row_counts

    source = tmp_path / "source.sqlite3"
    keys = tmp_path / "audit-keys"
    clinic = Clinic.open(f"sqlite:///{source}", backup_dir=None, audit_key_dir=keys)
    clinic.demo.load(3)
    counts = row_counts()
    clinic.database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    clinic.close()
    _reset_postgres(PG_URL)
    server.load_from_sqlite(source, PG_URL)
    copy = Clinic.open(PG_URL, backup_dir=None, audit_key_dir=keys)
    try:
        assert row_counts() == counts
        assert copy.audit.verify()[1] is None  # the chain reads the same on the server
        assert copy.patients.count() == 3
    finally:
        copy.close()


def test_the_follow_through_workload_runs_and_reports_its_figures():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "follow_through.py"), "20"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "follow_evaluate_p95_ms" in done.stdout and "follow_records" in done.stdout
