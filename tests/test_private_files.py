"""Every file the app writes is the user's only (0600) in folders only the user enters (0700), on POSIX."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FBSS_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "fbss_desktop", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_the_database_logs_exports_and_pdfs_are_private_and_old_files_are_tightened(tmp_path):
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    os.chmod(data, 0o755)
    old_log = data / "logs" / "fbss-desktop.log.1"
    old_log.write_text("an older version's log\n")
    os.chmod(old_log, 0o644)
    database = f"sqlite:///{data / 'clinic.sqlite3'}"
    assert run(data, "--database", database, "demo", "--patients", "2").returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    assert run(data, "--database", database, "export", "D000001", "-o", str(out / "case.json")).returncode == 0
    assert (
        run(data, "--database", database, "plan-pdf", str(out / "case.json"), "-o", str(out / "plan.pdf")).returncode
        == 0
    )

    written = [p for p in data.rglob("*")]
    assert {p.name for p in written} >= {"clinic.sqlite3", "fbss-desktop.log", "logs", "fbss-desktop.log.1"}
    loose = {str(p.relative_to(data)): oct(mode(p)) for p in written if mode(p) != (0o700 if p.is_dir() else 0o600)}
    assert loose == {}
    assert mode(data) == 0o700
    assert mode(out / "case.json") == 0o600 and mode(out / "plan.pdf") == 0o600
