import sqlite3
import subprocess
import sys

from fbss_desktop.app import main
from fbss_desktop.storage.migrations import LATEST_VERSION


def test_help_lists_the_commands():
    result = subprocess.run(
        [sys.executable, "-m", "fbss_desktop", "--help"], capture_output=True, text=True, check=True
    )
    assert "demo" in result.stdout and "--database" in result.stdout


def test_demo_fills_the_database_named_by_the_option(tmp_path, capsys):
    db = tmp_path / "other.sqlite3"
    assert main(["--database", f"sqlite:///{db}", "demo", "--patients", "7"]) == 0
    assert "Added 7 demo patients" in capsys.readouterr().out
    count = sqlite3.connect(db).execute("SELECT count(*) FROM patient").fetchone()[0]
    assert count == 7


def test_the_environment_variable_selects_the_database(tmp_path, monkeypatch):
    db = tmp_path / "env.sqlite3"
    monkeypatch.setenv("FBSS_DATABASE_URL", f"sqlite:///{db}")
    assert main(["demo", "--patients", "2"]) == 0
    assert sqlite3.connect(db).execute("SELECT count(*) FROM patient").fetchone()[0] == 2


def test_an_unsupported_url_is_a_clear_error(capsys):
    assert main(["--database", "mysql://x/y", "demo"]) == 1
    assert "Unsupported database URL scheme 'mysql'" in capsys.readouterr().err


def test_a_newer_schema_is_refused_with_a_message(tmp_path, capsys):
    db = tmp_path / "new.sqlite3"
    assert main(["--database", f"sqlite:///{db}", "demo", "--patients", "1"]) == 0
    raw = sqlite3.connect(db)
    raw.execute("INSERT INTO schema_migration VALUES (?, 'future', '2030-01-01')", (LATEST_VERSION + 5,))
    raw.commit()
    assert main(["--database", f"sqlite:///{db}", "demo", "--patients", "1"]) == 1
    assert "newer FBSS Desktop" in capsys.readouterr().err
    assert raw.execute("SELECT count(*) FROM patient").fetchone()[0] == 1
