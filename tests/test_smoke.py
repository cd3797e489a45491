"""Start the real app in a subprocess, as a user would, and quit after the first paint."""

import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_the_real_app_starts_paints_its_window_and_quits(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FBSS_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "fbss_desktop", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first-paint ")
    assert (tmp_path / "fbss.sqlite3").exists()  # the default database is made in the data folder
    assert (tmp_path / "logs" / "fbss-desktop.log").exists()


@pytest.mark.slow
def test_a_database_the_app_cannot_open_makes_the_smoke_run_fail(tmp_path):
    future = tmp_path / "future.sqlite3"
    import sqlite3

    raw = sqlite3.connect(future)
    raw.execute("CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
    raw.execute("INSERT INTO schema_migration VALUES (999, 'future', '2030-01-01')")
    raw.commit()
    raw.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FBSS_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "fbss_desktop", "--database", f"sqlite:///{future}", "--smoke-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "schema version 999" in result.stderr
