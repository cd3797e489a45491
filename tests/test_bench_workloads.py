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
